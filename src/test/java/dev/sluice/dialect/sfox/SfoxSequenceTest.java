package dev.sluice.dialect.sfox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * sFOX: "If you detect any gaps or incorrect ordering you should reconnect". Every frame one connection receives,
 * replies and feed data alike, carries the next number from 1, over a real socket on the manual clock.
 */
class SfoxSequenceTest {

    private static final String BAD_AUTH = "{\"type\":\"authenticate\",\"apiKey\":\"nope\"}";
    private static final String UNKNOWN = "{\"type\":\"hello\"}";

    @Test
    void shouldNumberEveryFrameOfAConnectionFromOneWithoutGapsAcrossRepliesRefusalsAndData() {
        try (GatewayFixture fixture = SfoxPreset.start();
             SfoxClient client = SfoxPreset.connect(fixture, "127.0.0.1")) {
            Numbering numbering = new Numbering(client);
            client.send(BAD_AUTH);
            assertThat(numbering.untilReply().get("type").asText()).isEqualTo("error");
            client.send(SfoxPreset.AUTH);
            assertThat(numbering.untilReply().get("type").asText()).isEqualTo("success");
            client.send("{\"type\":\"subscribe\",\"feeds\":[\"trades.sfox.btcusd\",\"nope.sfox.btcusd\","
                + "\"orderbook.sfox.btcusd\"]}");
            assertThat(numbering.untilReply().at("/payload/error").asText()).startsWith("unknown feed");
            assertThat(numbering.untilReply().at("/payload/feeds").size()).isEqualTo(2);
            fixture.advanceFeed(2_000);
            // 40 requests a minute per IP: 3 so far, 37 more answered, then the 41st refused by the limit.
            for (int i = 0; i < 37; i++) {
                client.send(UNKNOWN);
                assertThat(numbering.untilReply().at("/payload/error").asText()).isEqualTo("unknown type");
            }
            client.send(SfoxPreset.AUTH);
            assertThat(numbering.untilReply().at("/payload/code").asText()).isEqualTo("rate_limit");
            fixture.advanceFeed(1_000);
            client.send(UNKNOWN);
            assertThat(numbering.untilReply().at("/payload/code").asText()).isEqualTo("rate_limit");
            assertThat(numbering.dataFrames).as("feed frames between the replies").isGreaterThan(10);
            assertThat(numbering.last).as("43 replies and the feed frames").isEqualTo(43 + numbering.dataFrames);
        }
    }

    @Test
    void shouldGiveTheFirstFrameNumberOneWhenTheFirstRequestIsRefused() {
        try (GatewayFixture fixture = SfoxPreset.start();
             SfoxClient idle = SfoxPreset.connect(fixture, "127.0.0.1");
             SfoxClient busy = SfoxPreset.connect(fixture, "127.0.0.1")) {
            for (int i = 0; i < 40; i++) {
                busy.send(UNKNOWN);
                busy.nextReply();
            }
            // The IP is blocked now: the idle connection's first request, a subscribe the dialect would answer
            // with an error of its own, is refused by the limit instead.
            idle.send("{\"type\":\"subscribe\",\"feeds\":[\"ticker.sfox.btcusd\"]}");
            JsonNode first = idle.nextJson();
            assertThat(first.at("/payload/code").asText()).isEqualTo("rate_limit");
            assertThat(first.get("sequence").asLong()).isEqualTo(1);
            idle.send(SfoxPreset.AUTH);
            assertThat(idle.nextJson().get("sequence").asLong()).isEqualTo(2);
        }
    }

    /** Reads a connection's frames in order and checks that each carries the number after the last one. */
    private static final class Numbering {
        private final SfoxClient client;
        private final List<Long> seen = new ArrayList<>();
        private long last;
        private int dataFrames;

        Numbering(SfoxClient client) {
            this.client = client;
        }

        /** Reads frames up to and including the next reply, checking every number on the way. */
        JsonNode untilReply() {
            for (JsonNode message = client.nextJson(); message != null; message = client.nextJson()) {
                long sequence = message.get("sequence").asLong();
                seen.add(sequence);
                assertThat(sequence).as("frame after %s: %s", seen, message).isEqualTo(last + 1);
                last = sequence;
                if (message.has("type")) {
                    return message;
                }
                dataFrames++;
            }
            throw new AssertionError("no reply after sequence " + last);
        }
    }
}
