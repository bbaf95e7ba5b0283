package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.GatewayFixture;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two services of one dialect share the bus: their subscribers of the same stream are one group there, and each
 * must still get the live frames (the bus hands every subscriber back the stream object it subscribed with).
 */
@Timeout(20)
class TwoServicesOneDialectTest {

    private static final String SUBSCRIBE = "{\"op\":\"subscribe\",\"args\":[{\"channel\":\"trades\",\"instId\":"
        + "\"BTC-USDT\"}]}";

    @Test
    void shouldDeliverLiveTradesToClientsOfBothServices() throws Exception {
        String yaml = "feed:\n  instruments:\n" + GatewayFixture.OKX_BTC_USDT + """
            services:
              - name: first
                dialect: okx
                port: 0
              - name: second
                dialect: okx
                port: 0
            """;
        try (GatewayFixture fixture = GatewayFixture.start(yaml);
             RawWebSocket one = RawWebSocket.connect(fixture.port("first"), "/ws/v5/public");
             RawWebSocket two = RawWebSocket.connect(fixture.port("second"), "/ws/v5/public")) {
            one.sendText(SUBSCRIBE);
            two.sendText(SUBSCRIBE);
            assertThat(text(one.readFrame())).contains("\"event\":\"subscribe\"");
            assertThat(text(two.readFrame())).contains("\"event\":\"subscribe\"");

            fixture.advanceFeed(2_000);

            assertThat(text(one.readFrame())).startsWith("{\"arg\":{\"channel\":\"trades\"");
            assertThat(text(two.readFrame())).as("the second service's client").startsWith(
                "{\"arg\":{\"channel\":\"trades\"");
        }
    }

    private static String text(RawWebSocket.Frame frame) {
        return new String(frame.payload(), StandardCharsets.UTF_8);
    }
}
