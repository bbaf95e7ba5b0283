package dev.sluice.dialect.alltick;

import static dev.sluice.dialect.alltick.AllTickPreset.FOREX;
import static dev.sluice.dialect.alltick.AllTickPreset.STOCK;
import static dev.sluice.dialect.alltick.AllTickPreset.code;
import static dev.sluice.dialect.alltick.AllTickPreset.connect;
import static dev.sluice.dialect.alltick.AllTickPreset.isDepth;
import static dev.sluice.dialect.alltick.AllTickPreset.json;
import static dev.sluice.dialect.alltick.AllTickPreset.pushesSoFar;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The AllTick protocol of the bundled preset over real sockets, on the manual clock: the responses of AllTick's
 * examples byte for byte, pushes and their depth per market, replace semantics, cancel types and every error a
 * request can get. Requests on one connection are spaced by the plan's 1 s.
 */
@Timeout(30)
class AllTickProtocolTest {

    private static final String OK_123 = "{\"ret\":200,\"msg\":\"ok\",\"cmd_id\":%d,\"seq_id\":123,"
        + "\"trace\":\"asdfsdfa\",\"data\":{}}";
    private static final String HEADER_ERROR =
        "{\"ret\":201,\"msg\":\"request header param invalid\",\"cmd_id\":0,\"seq_id\":0,\"trace\":\"\",\"data\":{}}";
    /** Far more than any market's depth: every market's maximum applies. */
    private static final int DEEP = 50;

    private GatewayFixture fixture;

    @BeforeEach
    void startPreset() {
        fixture = AllTickPreset.start();
    }

    @AfterEach
    void stopPreset() {
        fixture.close();
    }

    @Test
    void shouldAnswerEachRequestExactlyAsAllTickDocumentsIt() {
        try (AllTickClient client = connect(fixture, STOCK, "free")) {
            client.send("{\"cmd_id\":22000,\"seq_id\":123,\"trace\":\"asdfsdfa\",\"data\":{}}");
            assertThat(client.reply()).isEqualTo(OK_123.formatted(22001));

            client.send("{\"cmd_id\":22002,\"seq_id\":123,\"trace\":\"asdfsdfa\",\"data\":{\"symbol_list\":"
                + "[{\"code\":\"700.HK\",\"depth_level\":5}]}}");
            assertThat(client.reply()).isEqualTo(OK_123.formatted(22003));

            fixture.advanceFeed(1_000);
            client.send("{\"cmd_id\":22004,\"seq_id\":106254124,\"trace\":\"3baaa938-f92c-4a74-a228-fd49d5e2\","
                + "\"data\":{\"symbol_list\":[{\"code\":\"700.HK\"},{\"code\":\"AAPL.US\"}]}}");
            assertThat(client.reply()).isEqualTo("{\"ret\":200,\"msg\":\"ok\",\"cmd_id\":22005,\"seq_id\":106254124,"
                + "\"trace\":\"3baaa938-f92c-4a74-a228-fd49d5e2\",\"data\":{}}");

            fixture.advanceFeed(1_000);
            client.send("{\"cmd_id\":22006,\"seq_id\":123,\"trace\":\"asdfsdfa\",\"data\":{\"cancel_type\":1}}");
            assertThat(client.reply()).isEqualTo(OK_123.formatted(22007));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"cmd_id\":22000,\"seq_id\":", "not json", "[]", "{}", "null",
        "{\"cmd_id\":\"22000\",\"seq_id\":1,\"trace\":\"t\",\"data\":{}}",
        "{\"cmd_id\":22000,\"seq_id\":-1,\"trace\":\"t\",\"data\":{}}",
        "{\"cmd_id\":22000,\"seq_id\":4294967296,\"trace\":\"t\",\"data\":{}}",
        "{\"cmd_id\":22000,\"seq_id\":1.5,\"trace\":\"t\",\"data\":{}}",
        "{\"cmd_id\":22000,\"seq_id\":1,\"data\":{}}",
        "{\"cmd_id\":22000,\"seq_id\":1,\"trace\":7,\"data\":{}}",
        "{\"cmd_id\":22000,\"seq_id\":1,\"trace\":\"t\"}",
        "{\"cmd_id\":22000,\"seq_id\":1,\"trace\":\"t\",\"data\":[]}",
        "{\"cmd_id\":22001,\"seq_id\":1,\"trace\":\"t\",\"data\":{}}",
        "{\"cmd_id\":22998,\"seq_id\":1,\"trace\":\"t\",\"data\":{}}"})
    void shouldAnswerAnUnreadableOrUnknownRequestWithTheHeaderErrorAndStayOpen(String message) {
        try (AllTickClient client = connect(fixture, STOCK, "free")) {
            client.send(message);

            assertThat(client.reply()).as("answer to %s", message).isEqualTo(HEADER_ERROR);
            assertThat(client.heartbeat()).as("still open").contains("\"ret\":200");
        }
    }

    @Test
    void shouldRefuseATraceLongerThanSixtyFourCharacters() {
        try (AllTickClient client = connect(fixture, STOCK, "free")) {
            client.send("{\"cmd_id\":22000,\"seq_id\":1,\"trace\":\"" + "x".repeat(65) + "\",\"data\":{}}");
            assertThat(client.reply()).isEqualTo(HEADER_ERROR);

            client.send("{\"cmd_id\":22000,\"seq_id\":1,\"trace\":\"" + "x".repeat(64) + "\",\"data\":{}}");
            assertThat(client.reply()).contains("\"ret\":200");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "22002 | {}",
        "22002 | {\"symbol_list\":{\"code\":\"700.HK\"}}",
        "22002 | {\"symbol_list\":[\"700.HK\"]}",
        "22002 | {\"symbol_list\":[{\"symbol\":\"700.HK\"}]}",
        "22002 | {\"symbol_list\":[{\"code\":700}]}",
        "22002 | {\"symbol_list\":[{\"code\":\"700.HK\",\"depth_level\":0}]}",
        "22002 | {\"symbol_list\":[{\"code\":\"700.HK\",\"depth_level\":\"5\"}]}",
        "22004 | {\"symbol_list\":null}",
        "22006 | {}",
        "22006 | {\"cancel_type\":3}",
        "22006 | {\"cancel_type\":\"0\"}",
        "22006 | {\"cancel_type\":4294967296}"})
    void shouldAnswerBadDataWithTheDataErrorEchoingTheRequest(int cmdId, String data) {
        try (AllTickClient client = connect(fixture, STOCK, "free")) {
            String reply = client.request(cmdId, data);

            assertThat(reply).as("answer to %d with data %s", cmdId, data).isEqualTo("{\"ret\":202,"
                + "\"msg\":\"request data param invalid\",\"cmd_id\":" + (cmdId + 1) + ",\"seq_id\":1,"
                + "\"trace\":\"t-1\",\"data\":{}}");
            assertThat(client.heartbeat()).as("still open").contains("\"ret\":200");
        }
    }

    @Test
    void shouldAnswerABinaryMessageWithTheHeaderError() {
        try (AllTickClient client = connect(fixture, STOCK, "free")) {
            client.sendBinary(new byte[] {1, 2, 3});

            assertThat(client.reply()).isEqualTo(HEADER_ERROR);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/quote-stock-b-ws-api | HK-1288",
        "/quote-stock-b-ws-api | 700.hk",
        "/quote-stock-b-ws-api | EURUSD",
        "/quote-stock-b-ws-api | BTCUSDT",
        "/quote-b-ws-api       | 700.HK",
        "/quote-b-ws-api       | AAPL.US",
        "/quote-b-ws-api       | 600519.SH"})
    void shouldRefuseAnUnknownCodeOrACodeOfTheOtherEndpointWith600(String path, String code) {
        try (AllTickClient client = connect(fixture, path, "free")) {
            String reply = client.subscribeDepth(1, code);

            assertThat(reply).as("%s on %s", code, path).isEqualTo("{\"ret\":600,\"msg\":\"code invalid\","
                + "\"cmd_id\":22003,\"seq_id\":1,\"trace\":\"t-1\",\"data\":{}}");
        }
    }

    @Test
    void shouldRefuseTheWholeRequestWhenOneCodeIsInvalid() {
        try (AllTickClient client = connect(fixture, STOCK, "free")) {
            assertThat(client.subscribeDepth(1, "700.HK", "EURUSD")).contains("\"ret\":600");
            fixture.advanceFeed(1_000);

            assertThat(pushesSoFar(fixture, client)).as("nothing was subscribed").isEmpty();
        }
    }

    @Test
    void shouldPushEachCodesBookWithTheRequestedLevelsCappedAtItsMarketsMaximum() {
        try (AllTickClient stock = connect(fixture, STOCK, "basic");
             AllTickClient forex = connect(fixture, FOREX, "basic")) {
            assertThat(stock.subscribeDepth(DEEP, "AAPL.US", "700.HK", "600519.SH")).contains("\"ret\":200");
            fixture.advanceFeed(3_000);
            assertThat(forex.subscribeDepth(DEEP, "EURUSD", "XAUUSD", "BTCUSDT", "USOIL")).contains("\"ret\":200");

            Map<String, JsonNode> books = latestBooks(pushesSoFar(fixture, stock));
            books.putAll(latestBooks(pushesSoFar(fixture, forex)));

            assertThat(books.keySet()).containsExactlyInAnyOrder("AAPL.US", "700.HK", "600519.SH", "EURUSD",
                "XAUUSD", "BTCUSDT", "USOIL");
            Map<String, Integer> maxima = Map.of("AAPL.US", 1, "700.HK", 10, "600519.SH", 5, "EURUSD", 1,
                "XAUUSD", 1, "BTCUSDT", 5, "USOIL", 1);
            maxima.forEach((code, levels) -> {
                assertThat(books.get(code).get("bids")).as(code + " bids").hasSize(levels);
                assertThat(books.get(code).get("asks")).as(code + " asks").hasSize(levels);
            });
            for (String code : List.of("EURUSD", "XAUUSD", "USOIL")) {
                assertThat(books.get(code).get("bids").get(0).get("volume").asText()).as(code + " volume")
                    .isEqualTo("0");
            }
            assertThat(books.get("BTCUSDT").get("bids").get(0).get("volume").asText()).isNotEqualTo("0");
        }
    }

    @Test
    void shouldPushOneLevelWhenDepthLevelIsAbsentAndTheBookAsItStandsFirst() {
        try (AllTickClient client = connect(fixture, STOCK, "free")) {
            client.subscribeDepth(0, "700.HK");
            JsonNode snapshot = json(client.push());

            assertThat(snapshot.get("cmd_id").asInt()).isEqualTo(22999);
            JsonNode data = snapshot.get("data");
            assertThat(data.get("code").asText()).isEqualTo("700.HK");
            assertThat(data.get("tick_time").asLong()).as("milliseconds")
                .isEqualTo(GatewayFixture.START_EPOCH_MS);
            assertThat(data.get("bids")).hasSize(1);
            assertThat(data.get("asks")).hasSize(1);
            double bid = Double.parseDouble(data.get("bids").get(0).get("price").asText());
            double ask = Double.parseDouble(data.get("asks").get(0).get("price").asText());
            assertThat(bid).isLessThan(ask).isBetween(380.0, 390.0);
            assertThat(Math.round(bid * 5) / 5.0).as("on the 0.2 HKD tick").isEqualTo(bid);
        }
    }

    @Test
    void shouldPushTradesWithTickTimeInMillisecondsAndDirection() {
        try (AllTickClient client = connect(fixture, STOCK, "free")) {
            client.subscribeTrades("AAPL.US");
            fixture.advanceFeed(5_000);

            List<String> trades = pushesSoFar(fixture, client);

            assertThat(trades).isNotEmpty().allSatisfy(push -> {
                JsonNode data = json(push).get("data");
                assertThat(json(push).get("cmd_id").asInt()).isEqualTo(22998);
                assertThat(data.get("code").asText()).isEqualTo("AAPL.US");
                assertThat(data.get("tick_time").asLong()).isBetween(GatewayFixture.START_EPOCH_MS,
                    GatewayFixture.START_EPOCH_MS + 5_000);
                assertThat(data.get("trade_direction").asInt()).isIn(1, 2);
                assertThat(Double.parseDouble(data.get("turnover").asText())).isCloseTo(
                    Double.parseDouble(data.get("price").asText()) * Double.parseDouble(data.get("volume").asText()),
                    org.assertj.core.data.Percentage.withPercentage(0.0001));
            });
        }
    }

    @Test
    void shouldReplaceTheInterfacesCodesWithEachSubscriptionAndLeaveTheOtherInterfaceAlone() {
        try (AllTickClient client = connect(fixture, STOCK, "basic")) {
            client.subscribeTrades("AAPL.US");
            fixture.advanceFeed(1_000);
            client.subscribeDepth(5, "700.HK", "9988.HK");
            assertThat(codes(pushesSoFar(fixture, client), true)).containsExactlyInAnyOrder("700.HK", "9988.HK");

            fixture.advanceFeed(1_000);
            pushesSoFar(fixture, client);
            assertThat(client.subscribeDepth(5, "9988.HK", "600519.SH")).contains("\"ret\":200");
            List<String> afterReplace = pushesSoFar(fixture, client);
            fixture.advanceFeed(5_000);
            List<String> later = pushesSoFar(fixture, client);

            assertThat(codes(afterReplace, true)).as("a snapshot for the new code only: 9988.HK is kept, not restarted")
                .containsExactly("600519.SH");
            assertThat(codes(later, true)).as("700.HK was dropped").containsExactlyInAnyOrder("9988.HK", "600519.SH");
            assertThat(codes(later, false)).as("trades are another interface").containsExactly("AAPL.US");
        }
    }

    @Test
    void shouldRestartACodesBookWithTheNewDepthWhenDepthLevelChanges() {
        try (AllTickClient client = connect(fixture, STOCK, "free")) {
            client.subscribeDepth(2, "700.HK");
            assertThat(json(client.push()).get("data").get("bids")).hasSize(2);

            fixture.advanceFeed(1_000);
            pushesSoFar(fixture, client);
            client.subscribeDepth(7, "700.HK");
            List<String> pushes = pushesSoFar(fixture, client);

            assertThat(pushes).isNotEmpty().allSatisfy(push -> assertThat(json(push).get("data").get("bids"))
                .hasSize(7));
        }
    }

    @ParameterizedTest
    @CsvSource({"0, '', ''", "1, '', 700.HK", "2, 700.HK, ''"})
    void shouldCancelAllOrOnlyDepthOrOnlyTradesByCancelType(int cancelType, String depthLeft, String tradesLeft) {
        try (AllTickClient client = connect(fixture, STOCK, "free")) {
            client.subscribeDepth(1, "700.HK");
            fixture.advanceFeed(1_000);
            client.subscribeTrades("700.HK");
            fixture.advanceFeed(1_000);

            assertThat(client.cancel(cancelType)).contains("\"ret\":200", "\"cmd_id\":22007");
            pushesSoFar(fixture, client);
            fixture.advanceFeed(10_000);
            List<String> pushes = pushesSoFar(fixture, client);

            assertThat(String.join("", codes(pushes, true))).as("depth left by cancel_type " + cancelType)
                .isEqualTo(depthLeft);
            assertThat(String.join("", codes(pushes, false))).as("trades left by cancel_type " + cancelType)
                .isEqualTo(tradesLeft);
        }
    }

    @Test
    void shouldAnswerAMissingTokenWithAllTicksTokenIsRequired() throws Exception {
        for (String query : List.of("", "?token=", "?other=1")) {
            AllTickClient.Refusal refusal = AllTickClient.refusedUpgrade(fixture.port(AllTickPreset.SERVICE),
                STOCK + query);

            assertThat(refusal.status()).as(query).isEqualTo(401);
            assertThat(refusal.contentType()).isEqualTo("application/json");
            assertThat(refusal.body()).isEqualTo("{\"msg\":\"token is required\",\"ret\":401}");
        }
    }

    @Test
    void shouldAnswerAnUnknownTokenWithTokenInvalid() throws Exception {
        for (String path : List.of(STOCK, FOREX)) {
            AllTickClient.Refusal refusal = AllTickClient.refusedUpgrade(fixture.port(AllTickPreset.SERVICE),
                path + "?token=alltick-demo-gold");

            assertThat(refusal.status()).as(path).isEqualTo(401);
            assertThat(refusal.body()).isEqualTo("{\"msg\":\"token invalid\",\"ret\":401}");
        }
    }

    /** The latest book of each code among the pushes, as its {@code data} object. */
    private static Map<String, JsonNode> latestBooks(List<String> pushes) {
        Map<String, JsonNode> books = new HashMap<>();
        for (String push : pushes) {
            if (isDepth(push)) {
                books.put(code(push), json(push).get("data"));
            }
        }
        return books;
    }

    /** The codes of the order-book ({@code depth}) or trade pushes, each once, sorted. */
    static Set<String> codes(List<String> pushes, boolean depth) {
        Set<String> codes = new TreeSet<>();
        for (String push : pushes) {
            if (isDepth(push) == depth) {
                codes.add(code(push));
            }
        }
        return codes;
    }
}
