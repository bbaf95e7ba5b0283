package dev.sluice.dialect.alltick;

import static dev.sluice.dialect.alltick.AllTickPreset.FOREX;
import static dev.sluice.dialect.alltick.AllTickPreset.STOCK;
import static dev.sluice.dialect.alltick.AllTickPreset.STOCK_CODES;
import static dev.sluice.dialect.alltick.AllTickPreset.connect;
import static dev.sluice.dialect.alltick.AllTickPreset.pushesSoFar;
import static dev.sluice.dialect.alltick.AllTickProtocolTest.codes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.GatewayFixture;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.SyntheticSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every number of AllTick's "WebSocket Interface Restrictions" page, enforced by the bundled preset over real
 * sockets on the manual clock: connections per token and endpoint group, codes per connection and interface, one
 * request a second per connection, three seconds between requests of different connections, the heartbeat; and
 * the All HK / All CN Stocks plans' 603 for other markets.
 */
@Timeout(60)
class AllTickLimitsTest {

    private static final String TOO_MANY = "too many requests and connection will be closed";

    @ParameterizedTest(name = "{0}: {1} connections per endpoint group")
    @CsvSource({"free, 1", "basic, 1", "premium, 3", "professional, 10", "all-hk-stocks, 10", "all-cn-stocks, 10"})
    void shouldAcceptThenCloseTheConnectionOverThePlansLimitInEachEndpointGroup(String plan, int limit) {
        try (GatewayFixture fixture = AllTickPreset.start()) {
            for (String path : List.of(STOCK, FOREX)) {
                List<AllTickClient> open = new ArrayList<>();
                try {
                    for (int i = 0; i < limit; i++) {
                        open.add(connect(fixture, path, plan));
                    }
                    try (AllTickClient excess = connect(fixture, path, plan)) {
                        AllTickClient.Closed closed = excess.awaitClose();

                        assertThat(closed).as("%s connection %d of %d on %s", plan, limit + 1, limit, path)
                            .isEqualTo(new AllTickClient.Closed(1008, TOO_MANY));
                    }
                    for (AllTickClient client : open) {
                        assertThat(client.heartbeat()).as("%s: the first %d stay open on %s", plan, limit, path)
                            .contains("\"ret\":200");
                    }
                } finally {
                    open.forEach(AllTickClient::close);
                }
            }
        }
    }

    @Test
    void shouldGiveTheStockAndForexEndpointsSeparatePoolsOnOneToken() {
        try (GatewayFixture fixture = AllTickPreset.start();
             AllTickClient stock = connect(fixture, STOCK, "basic");
             AllTickClient forex = connect(fixture, FOREX, "basic")) {
            assertThat(stock.heartbeat()).contains("\"ret\":200");
            assertThat(forex.heartbeat()).contains("\"ret\":200");
        }
    }

    @Test
    void shouldServeTheFirstFiveCodesPerInterfaceOnFreeAndIgnoreTheRestSilently() {
        try (GatewayFixture fixture = AllTickPreset.start();
             AllTickClient client = connect(fixture, STOCK, "free")) {
            List<String> depthOrder = List.of(STOCK_CODES);
            List<String> tradeOrder = new ArrayList<>(depthOrder);
            java.util.Collections.reverse(tradeOrder);

            assertThat(client.subscribeDepth(1, STOCK_CODES)).as("acknowledged without a word about the excess")
                .contains("\"ret\":200");
            fixture.advanceFeed(1_000);
            assertThat(client.subscribeTrades(tradeOrder.toArray(String[]::new))).contains("\"ret\":200");
            fixture.advanceFeed(10_000);
            List<String> pushes = pushesSoFar(fixture, client);

            assertThat(codes(pushes, true)).as("order-book codes served on Free (5 of 7)")
                .containsExactlyInAnyOrderElementsOf(depthOrder.subList(0, 5));
            assertThat(codes(pushes, false)).as("trade codes served on Free, counted apart from the order book")
                .containsExactlyInAnyOrderElementsOf(tradeOrder.subList(0, 5));
        }
    }

    @Test
    void shouldServeTheFirstFiveCodesOfTheLatestRequestWhenAResubscriptionPutsANewCodeFirst() {
        try (GatewayFixture fixture = AllTickPreset.start();
             AllTickClient client = connect(fixture, STOCK, "free")) {
            assertThat(client.subscribeDepth(1, "AAPL.US", "UNH.US", "TSLA.US", "700.HK", "9988.HK"))
                .contains("\"ret\":200");
            fixture.advanceFeed(1_000);
            pushesSoFar(fixture, client);

            assertThat(client.subscribeDepth(1, "600519.SH", "AAPL.US", "UNH.US", "TSLA.US", "700.HK", "9988.HK"))
                .contains("\"ret\":200");
            List<String> snapshots = pushesSoFar(fixture, client);
            fixture.advanceFeed(10_000);
            List<String> later = pushesSoFar(fixture, client);

            assertThat(codes(snapshots, true)).as("only the new code starts: the others keep their stream")
                .containsExactly("600519.SH");
            assertThat(codes(later, true)).as("the first five of the latest list; 9988.HK, sixth now, is ignored")
                .containsExactlyInAnyOrder("600519.SH", "AAPL.US", "UNH.US", "TSLA.US", "700.HK");
        }
    }

    @ParameterizedTest(name = "{0}: {1} codes per interface")
    @CsvSource({"free, 5", "basic, 100", "premium, 200", "professional, 3000", "all-hk-stocks, 3000",
        "all-cn-stocks, 3000"})
    void shouldServeExactlyThePlansNumberOfCodesPerInterfaceAndConnection(String plan, int limit) {
        List<String> listed = generatedCodes(plan, limit + 1);
        String first = listed.get(0);
        String last = listed.get(limit - 1);
        String excess = listed.get(limit);
        try (GatewayFixture fixture = AllTickPreset.startWith(instruments(listed, Set.of(first, last, excess)));
             AllTickClient client = connect(fixture, STOCK, plan)) {
            String[] codes = listed.toArray(String[]::new);

            assertThat(client.subscribeTrades(codes)).contains("\"ret\":200");
            fixture.advanceFeed(1_000);
            assertThat(client.subscribeDepth(1, codes)).contains("\"ret\":200");
            List<String> pushes = pushesSoFar(fixture, client);

            assertThat(codes(pushes, true)).as("%s: order-book codes served (a snapshot each) of %d listed", plan,
                limit + 1).hasSize(limit).containsExactlyInAnyOrderElementsOf(listed.subList(0, limit));
            assertThat(codes(pushes, false)).as("%s: trading codes served of %s, %s (the %dth) and %s", plan, first,
                last, limit, excess).containsExactlyInAnyOrder(first, last);
        }
    }

    @Test
    void shouldRefuseASecondRequestWithinOneSecondOnAConnectionWith605AndStayOpen() {
        try (GatewayFixture fixture = AllTickPreset.start();
             AllTickClient client = connect(fixture, STOCK, "free")) {
            assertThat(client.subscribeDepth(1, "700.HK")).contains("\"ret\":200");

            assertThat(client.cancel(0)).isEqualTo("{\"ret\":605,\"msg\":\"too many requests\",\"cmd_id\":22007,"
                + "\"seq_id\":2,\"trace\":\"t-2\",\"data\":{}}");
            assertThat(client.heartbeat()).as("heartbeats are not requests").contains("\"ret\":200");
            fixture.advanceFeed(999);
            assertThat(client.subscribeTrades("700.HK")).as("at 999 ms").isEqualTo("{\"ret\":605,"
                + "\"msg\":\"too many requests\",\"cmd_id\":22005,\"seq_id\":4,\"trace\":\"t-4\",\"data\":{}}");
            fixture.advanceFeed(1);
            assertThat(client.subscribeTrades("700.HK")).as("at 1000 ms").contains("\"ret\":200");
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void shouldAnswerARequestWithinThreeSecondsOfAnotherConnectionsWith606AndClose() {
        try (GatewayFixture fixture = AllTickPreset.start();
             AllTickClient first = connect(fixture, STOCK, "professional")) {
            assertThat(first.subscribeDepth(1, "700.HK")).contains("\"ret\":200");

            fixture.advanceFeed(1_000);
            assertRefusedWith606AndClosed(connect(fixture, STOCK, "professional"), "700.HK",
                "1 s later, stock endpoint");
            fixture.advanceFeed(1_999);
            assertRefusedWith606AndClosed(connect(fixture, FOREX, "professional"), "EURUSD",
                "2.999 s later, forex endpoint");
            fixture.advanceFeed(1);
            try (AllTickClient fourth = connect(fixture, FOREX, "professional")) {
                assertThat(fourth.subscribeDepth(1, "EURUSD")).as("3 s later").contains("\"ret\":200");
            }
            assertThat(first.subscribeDepth(1, "9988.HK")).as("the first connection, right after the fourth's")
                .contains("\"ret\":606");
        }
    }

    @Test
    void shouldNotSpaceRequestsOfOneConnectionByThreeSeconds() {
        try (GatewayFixture fixture = AllTickPreset.start();
             AllTickClient client = connect(fixture, STOCK, "premium")) {
            assertThat(client.subscribeDepth(1, "700.HK")).contains("\"ret\":200");
            fixture.advanceFeed(1_000);
            assertThat(client.subscribeTrades("700.HK")).contains("\"ret\":200");
        }
    }

    @Test
    void shouldKeepAConnectionThatBeatsEveryTenSecondsAndCloseItAfterThirtySilentSeconds() {
        try (GatewayFixture fixture = AllTickPreset.start();
             AllTickClient client = connect(fixture, STOCK, "free")) {
            for (int beat = 0; beat < 6; beat++) {
                fixture.advanceFeed(10_000);
                fixture.gateway().tickSessions();
                assertThat(client.heartbeat()).as("heartbeat at %d s", (beat + 1) * 10).contains("\"ret\":200");
            }
            client.subscribeDepth(1, "700.HK");
            fixture.advanceFeed(29_999);
            fixture.gateway().tickSessions();
            client.send("not a heartbeat");
            assertThat(client.reply()).as("open at 29.999 s without a heartbeat (a subscription is not one)")
                .contains("\"ret\":201");

            fixture.advanceFeed(1);
            fixture.gateway().tickSessions();

            assertThat(client.awaitClose()).isEqualTo(new AllTickClient.Closed(1000, "heartbeat timeout"));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "all-hk-stocks | /quote-stock-b-ws-api | 700.HK    | AAPL.US",
        "all-hk-stocks | /quote-stock-b-ws-api | 9988.HK   | 600519.SH",
        "all-hk-stocks | /quote-b-ws-api       |           | EURUSD",
        "all-cn-stocks | /quote-stock-b-ws-api | 600519.SH | 700.HK",
        "all-cn-stocks | /quote-stock-b-ws-api | 000001.SZ | TSLA.US",
        "all-cn-stocks | /quote-b-ws-api       |           | BTCUSDT"})
    void shouldAnswerACodeOutsideTheMarketPlansMarketWith603AndServeTheRest(String plan, String path, String inPlan,
                                                                         String outside) {
        try (GatewayFixture fixture = AllTickPreset.start();
             AllTickClient client = connect(fixture, path, plan)) {
            String[] listed = inPlan == null ? new String[] {outside} : new String[] {inPlan, outside};

            String refusal = client.subscribeDepth(1, listed);
            String ack = client.reply();

            assertThat(refusal).isEqualTo("{\"ret\":603,\"msg\":\"token level not enough\",\"cmd_id\":22003,"
                + "\"seq_id\":1,\"trace\":\"t-1\",\"data\":{}}");
            assertThat(ack).contains("\"ret\":200");
            assertThat(String.join("", codes(pushesSoFar(fixture, client), true))).as("served")
                .isEqualTo(inPlan == null ? "" : inPlan);
        }
    }

    private static void assertRefusedWith606AndClosed(AllTickClient client, String code, String when) {
        try (client) {
            assertThat(client.subscribeDepth(1, code))
                .as(when).isEqualTo("{\"ret\":606,\"msg\":\"" + TOO_MANY + "\",\"cmd_id\":22003,\"seq_id\":1,"
                    + "\"trace\":\"t-1\",\"data\":{}}");
            assertThat(client.awaitClose().code()).as(when).isEqualTo(1008);
        }
    }

    /** Codes of the plan's market: A-shares for All CN Stocks, HK stocks for every other plan. */
    private static List<String> generatedCodes(String plan, int count) {
        List<String> codes = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            codes.add("all-cn-stocks".equals(plan) ? String.format("%06d.SH", 600_000 + i) : i + ".HK");
        }
        return codes;
    }

    /**
     * A one-level book for each code that changes only when it trades; only the {@code trading} codes trade, 50 times
     * a second, so the second the test waits publishes a few hundred events however many codes there are (and the
     * chance that a trading code does not trade in it is e^-50).
     */
    private static List<SyntheticSpec> instruments(List<String> codes, Set<String> trading) {
        BigDecimal cent = new BigDecimal("0.01");
        return codes.stream().map(code -> new SyntheticSpec(new Instrument("alltick", code, code, "HKD", cent,
            BigDecimal.ONE, BigDecimal.ONE), 10_000, 1, trading.contains(code) ? 50 : 0, 0, 100, 1)).toList();
    }
}
