package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import dev.sluice.auth.SignedLogin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** OKX {@code login} over real sockets against the bundled preset, timestamps on the manual clock. */
@Timeout(20)
class OkxLoginTest {

    @Test
    void shouldAnswerAValidLoginWithOkxLoginEventOnPrivateAndBusiness() throws Exception {
        try (GatewayFixture fixture = OkxClient.preset();
             OkxClient priv = OkxClient.connect(fixture, OkxClient.PRIVATE);
             OkxClient business = OkxClient.connect(fixture, OkxClient.BUSINESS)) {
            priv.send("{\"id\":\"42\",\"op\":\"login\",\"args\":[" + arg(OkxClient.DEMO,
                OkxClient.nowSeconds(fixture)) + "]}");
            JsonNode reply = priv.next();
            business.login(OkxClient.DEMO, OkxClient.nowSeconds(fixture));

            assertThat(reply.toString()).matches(
                "\\{\"id\":\"42\",\"event\":\"login\",\"code\":\"0\",\"msg\":\"\",\"connId\":\"\\w{8}\"}");
            assertThat(business.next().path("code").asText()).isEqualTo("0");
        }
    }

    @Test
    void shouldAcceptATimestampThirtySecondsOldAndRefuseOneThirtyOneSecondsOldWith60006() throws Exception {
        try (GatewayFixture fixture = OkxClient.preset();
             OkxClient late = OkxClient.connect(fixture, OkxClient.PRIVATE);
             OkxClient inTime = OkxClient.connect(fixture, OkxClient.PRIVATE)) {
            long signedAt = OkxClient.nowSeconds(fixture);
            fixture.advanceClock(31_000);
            late.login(OkxClient.DEMO, signedAt);
            inTime.login(OkxClient.DEMO, signedAt + 1);

            assertError(late.next(), "60006", "Timestamp request expired");
            assertThat(inTime.next().path("event").asText()).as("30 s after its timestamp").isEqualTo("login");
        }
    }

    @Test
    void shouldRefuseTimestampsThatAreNotSecondsOrAreAheadWith60004() throws Exception {
        try (GatewayFixture fixture = OkxClient.preset();
             OkxClient client = OkxClient.connect(fixture, OkxClient.PRIVATE)) {
            long now = OkxClient.nowSeconds(fixture);
            client.login(OkxClient.DEMO, now + 31);
            assertError(client.next(), "60004", "Invalid timestamp");
            client.login("okx-demo-key", "okx-demo-passphrase", "2024-01-01T00:00:00Z", "x");
            assertError(client.next(), "60004", "Invalid timestamp");
            client.login("okx-demo-key", "okx-demo-passphrase", Long.toString(now * 1000), "x");
            assertError(client.next(), "60004", "Invalid timestamp");
        }
    }

    @Test
    void shouldRefuseBadSignatureWrongPassphraseAndUnknownKeyWithTheirOwnCodes() throws Exception {
        try (GatewayFixture fixture = OkxClient.preset();
             OkxClient client = OkxClient.connect(fixture, OkxClient.PRIVATE)) {
            String ts = Long.toString(OkxClient.nowSeconds(fixture));
            String signed = ts + "GET/users/self/verify";
            client.login("okx-demo-key", "okx-demo-passphrase", ts, SignedLogin.sign("not-the-secret", signed));
            assertError(client.next(), "60007", "Invalid sign");
            client.login("okx-demo-key", "okx-demo-passphrase", ts, SignedLogin.sign("okx-demo-secret", ts
                + "GET/users/self/verify/"));
            assertError(client.next(), "60007", "Invalid sign");
            client.login("okx-demo-key", "wrong", ts, SignedLogin.sign("okx-demo-secret", signed));
            assertError(client.next(), "60024", "Wrong passphrase");
            client.login("no-such-key", "okx-demo-passphrase", ts, SignedLogin.sign("okx-demo-secret", signed));
            assertError(client.next(), "60005", "Invalid apiKey");
            client.send("{\"op\":\"login\",\"args\":[{\"apiKey\":\"okx-demo-key\",\"timestamp\":\"" + ts + "\"}]}");
            assertError(client.next(), "60027", "Parameter passphrase can not be empty.");

            client.login(OkxClient.DEMO, OkxClient.nowSeconds(fixture));
            assertThat(client.next().path("event").asText()).as("the connection survives failed logins")
                .isEqualTo("login");
        }
    }

    @Test
    void shouldReadATimestampSentAsAJsonNumber() throws Exception {
        try (GatewayFixture fixture = OkxClient.preset();
             OkxClient client = OkxClient.connect(fixture, OkxClient.PRIVATE)) {
            long ts = OkxClient.nowSeconds(fixture);
            client.send("{\"op\":\"login\",\"args\":[" + arg(OkxClient.DEMO, ts).replace("\"timestamp\":\"" + ts
                + "\"", "\"timestamp\":" + ts) + "]}");

            assertThat(client.next().path("event").asText()).isEqualTo("login");
        }
    }

    @Test
    void shouldRefuseASecondLoginOnOneConnectionWith60031() throws Exception {
        try (GatewayFixture fixture = OkxClient.preset();
             OkxClient client = OkxClient.loggedIn(fixture, OkxClient.DEMO)) {
            client.login(OkxClient.DEMO2, OkxClient.nowSeconds(fixture));

            assertError(client.next(), "60031", "The WebSocket endpoint does not allow multiple or repeated logins.");
        }
    }

    @Test
    void shouldRefusePrivateChannelsBeforeLoginWith60011() throws Exception {
        try (GatewayFixture fixture = OkxClient.preset();
             OkxClient client = OkxClient.connect(fixture, OkxClient.PRIVATE)) {
            client.subscribe("{\"channel\":\"orders\",\"instType\":\"ANY\"}");
            assertError(client.next(), "60011", "Please log in");
            client.subscribe("{\"channel\":\"account\"}");
            assertError(client.next(), "60011", "Please log in");
        }
    }

    private static String arg(OkxClient.Demo demo, long ts) {
        return "{\"apiKey\":\"" + demo.apiKey() + "\",\"passphrase\":\"" + demo.passphrase() + "\",\"timestamp\":\""
            + ts + "\",\"sign\":\"" + SignedLogin.sign(demo.secret(), ts + "GET/users/self/verify") + "\"}";
    }

    private static void assertError(JsonNode reply, String code, String msg) {
        assertThat(reply.path("event").asText()).as("event of %s", reply).isEqualTo("error");
        assertThat(reply.path("code").asText()).as("code of %s", reply).isEqualTo(code);
        assertThat(reply.path("msg").asText()).as("msg of %s", reply).isEqualTo(msg);
        assertThat(reply.path("connId").asText()).as("connId of %s", reply).matches("\\w{8}");
    }
}
