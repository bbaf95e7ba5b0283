package dev.sluice.dialect.hyperliquid;

import static dev.sluice.dialect.hyperliquid.HlPreset.NOW_S;
import static dev.sluice.dialect.hyperliquid.HlPreset.SEAT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.GatewayFixture;
import dev.sluice.dialect.sfox.SfoxClient;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Sign;

/** hfun identities proved at the upgrade, over real sockets and the manual clock. */
class HfunIdentityTest {

    @Test
    void shouldAcceptASeatHoldersSignatureInTheQueryOrTheAuthorizationHeader() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HFUN);
             SfoxClient query = HlPreset.signed(fixture, SEAT, NOW_S);
             SfoxClient header = connect(fixture, "/ws", "Authorization: Signature ts=" + (NOW_S - 1) + ",sig="
                 + HlPreset.sign(SEAT, NOW_S - 1))) {
            assertThat(query.status()).isEqualTo(101);
            assertThat(header.status()).isEqualTo(101);
            header.send("{\"method\":\"ping\"}");
            assertThat(header.next()).isEqualTo("{\"channel\":\"pong\"}");
        }
    }

    @Test
    void shouldAcceptVZeroOrOneLikeTwentySevenOrTwentyEight() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HFUN)) {
            String sig = HlPreset.sign(SEAT, NOW_S);
            int v = Integer.parseInt(sig.substring(130), 16);
            String low = sig.substring(0, 130) + String.format("%02x", v - 27);
            assertThat(connect(fixture, "/ws?ts=" + NOW_S + "&sig=" + low).status()).isEqualTo(101);
        }
    }

    @Test
    void shouldRefuseMalformedSignaturesWith401AndForeignOnesAsAnUnknownSigner() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HFUN)) {
            String sig = HlPreset.sign(SEAT, NOW_S);
            // Signed for another second: recovers some other address, or none.
            SfoxClient other = connect(fixture, "/ws?ts=" + (NOW_S - 2) + "&sig=" + sig);
            assertThat(other.status()).isEqualTo(403);
            SfoxClient garbage = connect(fixture, "/ws?ts=" + NOW_S + "&sig=0x1234");
            assertThat(garbage.status()).isEqualTo(401);
            assertThat(garbage.response()).contains("invalid sig");
            SfoxClient badV = connect(fixture, "/ws?ts=" + NOW_S + "&sig=" + sig.substring(0, 130) + "05");
            assertThat(badV.status()).isEqualTo(401);
        }
    }

    @Test
    void shouldRefuseATimestampMoreThanSixtySecondsFromServerTimeEitherWay() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HFUN)) {
            assertThat(HlPreset.signed(fixture, SEAT, NOW_S - 61).response()).contains("stale ts");
            assertThat(HlPreset.signed(fixture, SEAT, NOW_S + 61).status()).isEqualTo(401);
            assertThat(HlPreset.signed(fixture, SEAT, NOW_S - 60).status()).isEqualTo(101);
            assertThat(HlPreset.signed(fixture, SEAT, NOW_S + 60).status()).isEqualTo(101);
            fixture.advanceClock(61_000);
            assertThat(HlPreset.signed(fixture, SEAT, NOW_S).status()).as("the same second, 61 s later")
                .isEqualTo(401);
        }
    }

    @Test
    void shouldRefuseAReplayedSignatureAlsoWithItsSOrVRewritten() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HFUN)) {
            String sig = HlPreset.sign(SEAT, NOW_S);
            assertThat(connect(fixture, "/ws?ts=" + NOW_S + "&sig=" + sig).status()).isEqualTo(101);
            SfoxClient replay = connect(fixture, "/ws?ts=" + NOW_S + "&sig=" + sig);
            assertThat(replay.status()).isEqualTo(401);
            assertThat(replay.response()).contains("sig already used");
            // The malleable twin (s' = n - s, v flipped) recovers the same signer: refused as a replay too.
            byte[] bytes = HexFormat.of().parseHex(sig.substring(2));
            BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(bytes, 32, 64));
            byte[] twinS = toBytes32(Sign.CURVE_PARAMS.getN().subtract(s));
            System.arraycopy(twinS, 0, bytes, 32, 32);
            bytes[64] = (byte) (bytes[64] == 27 ? 28 : 27);
            SfoxClient twin = connect(fixture, "/ws?ts=" + NOW_S + "&sig=0x" + HexFormat.of().formatHex(bytes));
            assertThat(twin.status()).isEqualTo(401);
            assertThat(twin.response()).contains("sig already used");
        }
    }

    @Test
    void shouldRefuseAnAddressWithoutASeatWith403() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HFUN)) {
            SfoxClient stranger = HlPreset.signed(fixture, HlPreset.STRANGER, NOW_S);
            assertThat(stranger.status()).isEqualTo(403);
            assertThat(stranger.response()).contains("identity has no access to hfun-feed");
        }
    }

    @Test
    void shouldRefuseAConnectionWithoutProofWith401() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HFUN)) {
            SfoxClient anonymous = connect(fixture, "/ws");
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.response()).contains("authentication required");
        }
    }

    @Test
    void shouldAcceptTelegramLoginDataInTheQueryOrTheAuthorizationHeader() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HFUN)) {
            String data = HlPreset.telegram(HlPreset.TELEGRAM_ID, NOW_S - 3_600, HlPreset.BOT_TOKEN);
            assertThat(connect(fixture, "/ws?" + data).status()).isEqualTo(101);
            assertThat(connect(fixture, "/ws", "Authorization: Telegram " + data).status()).isEqualTo(101);
        }
    }

    @Test
    void shouldRefuseForgedStaleOrUnknownTelegramData() {
        try (GatewayFixture fixture = HlPreset.start(HlPreset.HFUN)) {
            String forged = HlPreset.telegram(HlPreset.TELEGRAM_ID, NOW_S, "123456:another-bot");
            assertThat(connect(fixture, "/ws?" + forged).response()).contains("hash does not match");
            String genuine = HlPreset.telegram(HlPreset.TELEGRAM_ID, NOW_S, HlPreset.BOT_TOKEN);
            String otherUser = genuine.replace("id=" + HlPreset.TELEGRAM_ID, "id=1");
            assertThat(connect(fixture, "/ws?" + otherUser).status()).as("id changed after signing").isEqualTo(401);
            String stale = HlPreset.telegram(HlPreset.TELEGRAM_ID, NOW_S - 86_401, HlPreset.BOT_TOKEN);
            assertThat(connect(fixture, "/ws?" + stale).response()).contains("stale Telegram data");
            String unknown = HlPreset.telegram("42", NOW_S, HlPreset.BOT_TOKEN);
            assertThat(connect(fixture, "/ws?" + unknown).status()).isEqualTo(403);
        }
    }

    private static SfoxClient connect(GatewayFixture fixture, String pathAndQuery, String... headers) {
        return SfoxClient.connectTo(fixture.port(HlPreset.HFUN), "127.0.0.1", pathAndQuery, headers);
    }

    private static byte[] toBytes32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }
}
