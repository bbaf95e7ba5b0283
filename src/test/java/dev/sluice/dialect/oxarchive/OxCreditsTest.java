package dev.sluice.dialect.oxarchive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import dev.sluice.config.CreditsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credits over real sockets: one per message sent, reported by GET /v1/usage, kept across a restart. */
class OxCreditsTest {

    @Test
    void shouldChargeOneCreditPerMessageSentAndReportItByApiKey() {
        try (GatewayFixture fixture = OxPreset.start()) {
            long received = receiveTrades(fixture);
            JsonNode usage = usage(fixture, OxPreset.BUILD);
            assertThat(usage.get("account").asText()).isEqualTo("demo-build");
            assertThat(usage.get("plan").asText()).isEqualTo("build");
            assertThat(usage.get("credits_used").asLong()).isEqualTo(received);
            assertThat(usage.get("credits_limit").asLong()).isEqualTo(80_000_000L);
            assertThat(usage.get("credits_remaining").asLong()).isEqualTo(80_000_000L - received);
            assertThat(usage(fixture, OxPreset.PRO).get("credits_used").asLong()).as("another key").isZero();
        }
    }

    @Test
    void shouldRefuseUsageWithoutAKnownApiKey() {
        try (GatewayFixture fixture = OxPreset.start()) {
            assertThat(status(fixture, "/v1/usage")).isEqualTo(401);
            assertThat(status(fixture, "/v1/usage?apiKey=0xa_wrong")).isEqualTo(401);
        }
    }

    @Test
    void shouldKeepCreditsAcrossARestart(@TempDir Path dir) {
        CreditsConfig ledger = new CreditsConfig(dir.resolve("credits.tsv").toString(), 10_000);
        long first;
        try (GatewayFixture fixture = OxPreset.start(OxPreset.yaml(), ledger)) {
            first = receiveTrades(fixture);
        }
        try (GatewayFixture restarted = OxPreset.start(OxPreset.yaml(), ledger)) {
            assertThat(usage(restarted, OxPreset.BUILD).get("credits_used").asLong()).isEqualTo(first);
            long second = receiveTrades(restarted);
            restarted.gateway().saveCredits();
            assertThat(usage(restarted, OxPreset.BUILD).get("credits_used").asLong()).isEqualTo(first + second);
        }
    }

    /** Subscribes to BTC trades for 10 s of feed and returns the data messages received. */
    private static long receiveTrades(GatewayFixture fixture) {
        try (OxClient client = OxPreset.connect(fixture, OxPreset.BUILD)) {
            client.send(OxPreset.subscribe("trades", "BTC"));
            client.nextReply();
            fixture.advanceFeed(10_000);
            client.send("{\"op\":\"ping\"}");
            long data = 0;
            for (JsonNode m = client.next(x -> true); !"pong".equals(m.path("type").asText());
                 m = client.next(x -> true)) {
                data++;
            }
            fixture.gateway().tickSessions();
            assertThat(data).isPositive();
            return data;
        }
    }

    static JsonNode usage(GatewayFixture fixture, String key) {
        HttpURLConnection http = open(fixture, "/v1/usage?apiKey=" + key);
        try (InputStream in = http.getInputStream()) {
            assertThat(http.getResponseCode()).isEqualTo(200);
            return OxClient.json(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int status(GatewayFixture fixture, String path) {
        try {
            return open(fixture, path).getResponseCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpURLConnection open(GatewayFixture fixture, String path) {
        try {
            HttpURLConnection http = (HttpURLConnection) new URL("http://127.0.0.1:"
                + fixture.port(OxPreset.SERVICE) + path).openConnection();
            http.setConnectTimeout(OxClient.READ_TIMEOUT_MS);
            http.setReadTimeout(OxClient.READ_TIMEOUT_MS);
            // No pooled connection: one idle across a manual-clock jump would be answered 408 by the idle timeout.
            http.setRequestProperty("Connection", "close");
            return http;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
