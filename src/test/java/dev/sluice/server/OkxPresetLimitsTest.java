package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The limits of OKX's page 004 and overview as the bundled preset enforces them, over real sockets on the manual
 * clock: 30 connections per private channel per sub-account with channel-conn-count notices, 3 new connections a
 * second per IP, 480 operations an hour per connection, the 30 s idle close and the 64 KB request.
 */
@Timeout(60)
class OkxPresetLimitsTest {

    private static final String ORDERS = "{\"channel\":\"orders\",\"instType\":\"ANY\"}";

    @Test
    void shouldEndTheThirtyFirstOrdersSubscriptionOfOneSubAccountWhileTheOthersKeepReceiving() throws Exception {
        try (GatewayFixture fixture = OkxClient.preset()) {
            List<OkxClient> clients = new ArrayList<>();
            try {
                Set<String> connIds = new HashSet<>();
                for (int i = 1; i <= 31; i++) {
                    // demo and demo2 are two accounts of one sub-account, demo-sub: they count together.
                    OkxClient client = connectPaced(fixture, i, i % 2 == 1 ? OkxClient.DEMO : OkxClient.DEMO2);
                    clients.add(client);
                    client.subscribe(ORDERS);
                    JsonNode ack = client.next();
                    JsonNode notice = client.next();
                    assertThat(ack.path("event").asText()).as("connection %d: ack first", i).isEqualTo("subscribe");
                    assertThat(notice.path("event").asText()).as("connection %d", i)
                        .isEqualTo(i <= 30 ? "channel-conn-count" : "channel-conn-count-error");
                    assertThat(notice.path("channel").asText()).isEqualTo("orders");
                    assertThat(notice.path("connCount").asText()).as("connection %d: count", i)
                        .isEqualTo(Integer.toString(Math.min(i, 30)));
                    assertThat(notice.path("connId").asText()).isEqualTo(ack.path("connId").asText());
                    connIds.add(ack.path("connId").asText());
                }
                assertThat(connIds).as("connId unique per connection").hasSize(31);

                fixture.advanceFeed(5_000);

                for (int i = 0; i < 30; i++) {
                    JsonNode push = clients.get(i).next();
                    assertThat(push.path("data").get(0).path("state").asText()).as("connection %d", i + 1)
                        .isEqualTo("live");
                }
                assertThat(clients.get(30).drain(fixture)).as("the 31st connection's subscription was ended")
                    .isEmpty();
            } finally {
                clients.forEach(OkxClient::close);
            }
        }
    }

    @Test
    void shouldCountChannelsApartAndSeveralArgsOfOneChannelOnOneConnectionOnce() throws Exception {
        try (GatewayFixture fixture = OkxClient.preset()) {
            List<OkxClient> clients = new ArrayList<>();
            try {
                for (int i = 1; i <= 30; i++) {
                    OkxClient client = connectPaced(fixture, i, OkxClient.DEMO);
                    clients.add(client);
                    client.subscribe(ORDERS);
                    client.next();
                    client.next();
                }
                OkxClient first = clients.get(0);
                first.subscribe("{\"channel\":\"orders\",\"instType\":\"SPOT\"}");
                assertThat(first.next().path("arg").path("instType").asText()).isEqualTo("SPOT");
                assertThat(first.drain(fixture)).as("a second arg of orders: no new channel-conn-count")
                    .noneMatch(message -> message.has("event"));

                OkxClient last = clients.get(29);
                last.subscribe("{\"channel\":\"account\"}");
                assertThat(last.nextEvent().path("event").asText()).isEqualTo("subscribe");
                JsonNode account = last.nextEvent();
                assertThat(account.path("event").asText()).isEqualTo("channel-conn-count");
                assertThat(account.path("channel").asText()).isEqualTo("account");
                assertThat(account.path("connCount").asText()).as("account counts apart from the full orders")
                    .isEqualTo("1");
            } finally {
                clients.forEach(OkxClient::close);
            }
        }
    }

    @Test
    void shouldRefuseTheFourthNewConnectionWithinOneSecondFromOneIp() throws Exception {
        try (GatewayFixture fixture = OkxClient.preset();
             OkxClient one = OkxClient.connect(fixture, OkxClient.PUBLIC);
             OkxClient two = OkxClient.connect(fixture, OkxClient.PRIVATE);
             OkxClient three = OkxClient.connect(fixture, OkxClient.BUSINESS)) {
            int port = fixture.port(OkxClient.SERVICE);
            RawWebSocket.HttpReply fourth = RawWebSocket.http(port,
                RawWebSocket.upgradeRequest(port, OkxClient.PUBLIC, "dGhlIHNhbXBsZSBub25jZQ=="));

            assertThat(List.of(one, two, three)).allSatisfy(client -> assertThat(
                client.socket.handshakeResponse()).startsWith("HTTP/1.1 101"));
            assertThat(fourth.status()).isEqualTo(429);
            assertThat(fourth.body()).isEqualTo("{\"msg\":\"Too Many Requests\",\"code\":\"50011\"}");
            assertThat(fourth.header("Content-Type")).isEqualTo("application/json");
            fixture.advanceClock(999);
            RawWebSocket.HttpReply stillFull = RawWebSocket.http(port,
                RawWebSocket.upgradeRequest(port, OkxClient.PUBLIC, "dGhlIHNhbXBsZSBub25jZQ=="));
            assertThat(stillFull.status()).as("999 ms later: 3 in the second").isEqualTo(429);
            fixture.advanceClock(1);
            try (OkxClient later = OkxClient.connect(fixture, OkxClient.PUBLIC)) {
                assertThat(later.socket.handshakeResponse()).as("a second later").startsWith("HTTP/1.1 101");
            }
        }
    }

    @Test
    void shouldRefuseTheFourHundredEightyFirstOperationInAnHourWith60014CountingTheLogin() throws Exception {
        try (GatewayFixture fixture = OkxClient.preset();
             OkxClient client = OkxClient.loggedIn(fixture, OkxClient.DEMO)) {
            String unsubscribe = "{\"op\":\"unsubscribe\",\"args\":[{\"channel\":\"tickers\","
                + "\"instId\":\"BTC-USDT\"}]}";
            for (int op = 2; op <= 480; op++) {
                client.send(unsubscribe);
                assertThat(client.next().path("event").asText()).as("operation %d", op).isEqualTo("unsubscribe");
            }
            client.send(unsubscribe);
            JsonNode refused = client.next();
            fixture.advanceClock(7_500);
            client.send(unsubscribe);
            JsonNode noRefill = client.next();
            fixture.advanceClock(3_600_000 - 7_500 - 1);
            client.send(unsubscribe);
            JsonNode stillFull = client.next();
            fixture.advanceClock(1);
            client.send(unsubscribe);
            JsonNode anHourLater = client.next();
            client.send("ping");

            assertThat(refused.path("code").asText()).isEqualTo("60014");
            assertThat(refused.path("msg").asText()).isEqualTo("Requests too frequent");
            assertThat(noRefill.path("code").asText()).as("7.5 s later: nothing refilled").isEqualTo("60014");
            assertThat(stillFull.path("code").asText()).as("3599.999 s later: 480 in the hour").isEqualTo("60014");
            assertThat(anHourLater.path("event").asText()).as("an hour later: the first 480 are out")
                .isEqualTo("unsubscribe");
            assertThat(client.next().asText()).as("ping is not an operation").isEqualTo("pong");
        }
    }

    @Test
    void shouldCloseWith4004AfterThirtySecondsWithoutSubscriptionOrData() throws Exception {
        try (GatewayFixture fixture = OkxClient.preset();
             OkxClient silent = OkxClient.connect(fixture, OkxClient.PUBLIC);
             OkxClient fed = OkxClient.connect(fixture, OkxClient.PUBLIC)) {
            fed.subscribe("{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"}");
            fed.next();
            fixture.advanceClock(29_999);
            fixture.gateway().tickSessions();
            silent.send("ping");
            assertThat(silent.next().asText()).as("open at 29.999 s").isEqualTo("pong");

            for (int i = 0; i < 6; i++) {
                fixture.advanceFeed(10_000);
                fixture.gateway().tickSessions();
                assertThat(fed.drain(fixture)).as("tickers pushed, %d s", (i + 1) * 10).isNotEmpty();
            }

            assertThat(silent.closeCode()).isEqualTo(4004);
        }
    }

    @Test
    void shouldTakeARequestOfSixtyFourKilobytesAndCloseWith1009OneByteOver() throws Exception {
        try (GatewayFixture fixture = OkxClient.preset();
             OkxClient client = OkxClient.connect(fixture, OkxClient.PUBLIC)) {
            String arg = "{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"}";
            String head = "{\"op\":\"unsubscribe\",\"args\":[";
            StringBuilder request = new StringBuilder(head).append(arg);
            int args = 1;
            while (request.length() + 1 + arg.length() + 2 <= 64 * 1024) {
                request.append(',').append(arg);
                args++;
            }
            request.append("]}");
            client.send(request.toString());
            for (int i = 0; i < args; i++) {
                assertThat(client.next().path("event").asText()).as("ack %d of %d", i + 1, args)
                    .isEqualTo("unsubscribe");
            }

            client.socket.sendHeaderOnly(true, RawWebSocket.NO_RSV, RawWebSocket.TEXT, 64 * 1024 + 1, true);

            assertThat(client.closeCode()).isEqualTo(1009);
        }
    }

    /** Connects the i-th of many connections from 127.0.0.1, a second after every third (3 a second per IP). */
    private static OkxClient connectPaced(GatewayFixture fixture, int i, OkxClient.Demo demo) throws Exception {
        if (i > 1 && i % 3 == 1) {
            fixture.advanceClock(1_000);
        }
        return OkxClient.loggedIn(fixture, demo);
    }
}
