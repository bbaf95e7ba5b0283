package dev.sluice.dialect.hyperliquid;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.GatewayFixture;
import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.Presets;
import dev.sluice.config.SluiceConfig;
import dev.sluice.dialect.sfox.SfoxClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;

/** The bundled {@code hyperliquid} and {@code hfun} presets on free ports and the manual clock, and their clients. */
public final class HlPreset {

    static final String HYPERLIQUID = "hyperliquid";
    static final String HFUN = "hfun";
    /** The well-known test key behind the presets' demo seat address. */
    public static final ECKeyPair SEAT = ECKeyPair.create(new BigInteger(
        "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", 16));
    public static final String SEAT_ADDRESS = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    /** An address with no account in either preset. */
    static final ECKeyPair STRANGER = ECKeyPair.create(BigInteger.valueOf(0x5eed));
    public static final String TELEGRAM_ID = "777000";
    public static final String BOT_TOKEN = "123456:hfun-demo-bot-token";
    static final long NOW_S = GatewayFixture.START_EPOCH_MS / 1000;
    static final String PONG = "{\"channel\":\"pong\"}";

    private HlPreset() {
    }

    /** A bundled preset on a free port, its feed primed. */
    static GatewayFixture start(String preset) {
        return start(preset, Map.of());
    }

    /** A bundled preset with lines of its YAML replaced (the text before, the text after), its feed primed. */
    static GatewayFixture start(String preset, Map<String, String> replacements) {
        String yaml = yaml(preset).replace("port: 8005", "port: 0").replace("port: 8006", "port: 0");
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
            if (!yaml.contains(replacement.getKey())) {
                throw new IllegalArgumentException("preset " + preset + " has no " + replacement.getKey());
            }
            yaml = yaml.replace(replacement.getKey(), replacement.getValue());
        }
        GatewayFixture fixture = GatewayFixture.start(yaml);
        fixture.advanceFeed(0);
        return fixture;
    }

    static String yaml(String preset) {
        try (InputStream in = Presets.class.getResourceAsStream("/presets/" + preset + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SluiceConfig config(String preset) {
        try {
            return ConfigLoader.parse(preset, yaml(preset));
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An anonymous connection to the hyperliquid preset. */
    static SfoxClient connect(GatewayFixture fixture) {
        return SfoxClient.connect(fixture.port(HYPERLIQUID), "127.0.0.1");
    }

    /** An hfun connection proved with a signature of {@code hfun-feed:<ts>} by the key, in the query. */
    static SfoxClient signed(GatewayFixture fixture, ECKeyPair key, long ts) {
        return SfoxClient.connectTo(fixture.port(HFUN), "127.0.0.1", "/ws?ts=" + ts + "&sig=" + sign(key, ts));
    }

    /** EIP-191 signature of {@code hfun-feed:<ts>} as 0x hex r, s, v (v 27 or 28). */
    public static String sign(ECKeyPair key, long ts) {
        Sign.SignatureData data = Sign.signPrefixedMessage(("hfun-feed:" + ts).getBytes(StandardCharsets.UTF_8),
            key);
        byte[] bytes = new byte[65];
        System.arraycopy(data.getR(), 0, bytes, 0, 32);
        System.arraycopy(data.getS(), 0, bytes, 32, 32);
        bytes[64] = data.getV()[0];
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    /** Telegram Login data for a user, signed with a bot token, as a query string. */
    public static String telegram(String id, long authDate, String botToken) {
        TreeMap<String, String> fields = new TreeMap<>(Map.of("id", id, "first_name", "Demo", "username", "demo",
            "auth_date", Long.toString(authDate)));
        StringBuilder check = new StringBuilder();
        fields.forEach((k, v) -> check.append(check.length() == 0 ? "" : "\n").append(k).append('=').append(v));
        StringBuilder query = new StringBuilder();
        fields.forEach((k, v) -> query.append(k).append('=').append(v).append('&'));
        return query.append("hash=").append(hmac(botToken, check.toString())).toString();
    }

    private static String hmac(String botToken, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HfunIdentity.sha256(botToken.getBytes(StandardCharsets.UTF_8)),
                "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next message on a channel, skipping others; fails after {@code max} messages or a timeout. */
    static JsonNode next(SfoxClient client, String channel) {
        for (int i = 0; i < 200; i++) {
            JsonNode message = client.nextJson();
            if (message == null) {
                throw new AssertionError("no " + channel + " message (closed or timed out)");
            }
            if (channel.equals(message.path("channel").asText())) {
                return message;
            }
        }
        throw new AssertionError("no " + channel + " message among 200");
    }

    static String subscribe(String subscription) {
        return "{\"method\":\"subscribe\",\"subscription\":" + subscription + "}";
    }

    static String unsubscribe(String subscription) {
        return "{\"method\":\"unsubscribe\",\"subscription\":" + subscription + "}";
    }

    static String post(long id, String payload) {
        return "{\"method\":\"post\",\"id\":" + id + ",\"request\":{\"type\":\"info\",\"payload\":" + payload + "}}";
    }
}
