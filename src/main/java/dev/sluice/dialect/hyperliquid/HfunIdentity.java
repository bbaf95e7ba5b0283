package dev.sluice.dialect.hyperliquid;

import dev.sluice.dialect.Dialect;
import dev.sluice.time.Clock;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SignatureException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * Proves who connects to an hfun service, at the upgrade, from the request's query or its {@code Authorization}
 * header; nothing a client says is trusted unverified.
 * <ul>
 * <li>An Ethereum address: an EIP-191 ({@code personal_sign}) signature of {@code hfun-feed:<unix seconds>}, the
 * form hfun documents for its HTTP API: {@code ?ts=..&sig=0x..} or {@code Authorization: Signature ts=..,sig=0x..}.
 * The time must be within {@code signatureWindowS} of the server's clock; v may be 0/1 or 27/28. Each signature
 * is single use: its signer and {@code r} are remembered for twice the window (so a copy with s or v rewritten,
 * which recovers the same signer, is refused too).</li>
 * <li>A Telegram user: Telegram Login data ({@code id, first_name, last_name, username, photo_url, auth_date,
 * hash}) as query parameters, or {@code Authorization: Telegram <the same as a query string>}; {@code hash} must
 * be the HMAC-SHA256 of the sorted data-check string keyed with SHA-256 of the bot token, and {@code auth_date}
 * at most {@code telegramMaxAgeS} old. The identity is {@code telegram:<id>}.</li>
 * </ul>
 * Thread-safe: handshakes on every event loop verify here.
 */
final class HfunIdentity {

    static final String MESSAGE_PREFIX = "hfun-feed:";
    static final String TELEGRAM_PREFIX = "telegram:";
    private static final List<String> TELEGRAM_FIELDS = List.of("id", "first_name", "last_name", "username",
        "photo_url", "auth_date", "hash");
    private static final int SWEEP_ABOVE = 1024;

    private final Clock clock;
    private final HyperliquidSettings settings;
    private final byte[] telegramKey;
    /** Signer and r of each signature used, with when it may be forgotten (epoch ns). */
    private final Map<String, Long> used = new HashMap<>();

    HfunIdentity(Clock clock, HyperliquidSettings settings) {
        this.clock = clock;
        this.settings = settings;
        this.telegramKey = settings.telegramBotToken() == null ? null
            : sha256(settings.telegramBotToken().getBytes(StandardCharsets.UTF_8));
    }

    Dialect.IdentityProof prove(Map<String, List<String>> query, Function<String, String> header) {
        String authorization = header.apply("Authorization");
        if (authorization != null && authorization.startsWith("Signature ")) {
            Map<String, String> parts = pairs(authorization.substring("Signature ".length()), ",");
            return signature(parts.get("ts"), parts.get("sig"));
        }
        if (authorization != null && authorization.startsWith("Telegram ")) {
            return telegram(pairs(authorization.substring("Telegram ".length()), "&"));
        }
        if (query.containsKey("sig")) {
            return signature(first(query, "ts"), first(query, "sig"));
        }
        if (query.containsKey("hash")) {
            Map<String, String> fields = new HashMap<>();
            for (String field : TELEGRAM_FIELDS) {
                if (query.containsKey(field)) {
                    fields.put(field, first(query, field));
                }
            }
            return telegram(fields);
        }
        return refuse("authentication required: sign hfun-feed:<unix seconds> (ts, sig) or send Telegram Login data");
    }

    private Dialect.IdentityProof signature(String ts, String sig) {
        long seconds;
        try {
            seconds = Long.parseLong(ts);
        } catch (NumberFormatException e) {
            return refuse("invalid ts: unix seconds expected");
        }
        long nowS = clock.epochNanos() / 1_000_000_000L;
        if (Math.abs(nowS - seconds) > settings.signatureWindowS()) {
            return refuse("stale ts: must be within " + settings.signatureWindowS() + " s of server time " + nowS);
        }
        byte[] bytes = sig == null || !sig.matches("0x[0-9a-fA-F]{130}") ? null
            : HexFormat.of().parseHex(sig.substring(2));
        if (bytes == null || (bytes[64] & 0xff) > 28 || (bytes[64] & 0xff) > 1 && (bytes[64] & 0xff) < 27) {
            return refuse("invalid sig: 65 bytes of 0x hex expected (r, s, v)");
        }
        byte v = (byte) ((bytes[64] & 0xff) < 27 ? bytes[64] + 27 : bytes[64]);
        byte[] r = java.util.Arrays.copyOfRange(bytes, 0, 32);
        byte[] s = java.util.Arrays.copyOfRange(bytes, 32, 64);
        String address;
        try {
            address = "0x" + Keys.getAddress(Sign.signedPrefixedMessageToKey(
                (MESSAGE_PREFIX + ts).getBytes(StandardCharsets.UTF_8), new Sign.SignatureData(v, r, s)));
        } catch (SignatureException | RuntimeException e) {
            return refuse("invalid sig: no signer recovers from it");
        }
        address = address.toLowerCase(Locale.ROOT);
        if (!firstUse(address + '|' + HexFormat.of().formatHex(r))) {
            return refuse("sig already used: sign a new timestamp for each connection");
        }
        return new Dialect.IdentityProof(address, null);
    }

    private synchronized boolean firstUse(String key) {
        long now = clock.epochNanos();
        if (used.size() > SWEEP_ABOVE) {
            used.values().removeIf(forgetAt -> forgetAt <= now);
        }
        Long forgetAt = used.get(key);
        if (forgetAt != null && forgetAt > now) {
            return false;
        }
        used.put(key, now + 2 * settings.signatureWindowS() * 1_000_000_000L);
        return true;
    }

    private Dialect.IdentityProof telegram(Map<String, String> fields) {
        if (telegramKey == null) {
            return refuse("Telegram login is not enabled on this service");
        }
        String hash = fields.get("hash");
        String id = fields.get("id");
        long authDate;
        try {
            authDate = Long.parseLong(fields.get("auth_date"));
        } catch (NumberFormatException e) {
            return refuse("invalid Telegram data: auth_date missing or not a number");
        }
        if (hash == null || id == null || !id.matches("[0-9]{1,20}")) {
            return refuse("invalid Telegram data: id and hash are required");
        }
        TreeMap<String, String> sorted = new TreeMap<>(fields);
        sorted.remove("hash");
        StringBuilder check = new StringBuilder();
        sorted.forEach((k, value) -> check.append(check.length() == 0 ? "" : "\n").append(k).append('=')
            .append(value));
        byte[] expected = HexFormat.of().formatHex(hmac(check.toString())).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, hash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return refuse("invalid Telegram data: hash does not match");
        }
        long nowS = clock.epochNanos() / 1_000_000_000L;
        if (nowS - authDate > settings.telegramMaxAgeS() || authDate - nowS > settings.signatureWindowS()) {
            return refuse("stale Telegram data: auth_date must be within " + settings.telegramMaxAgeS() + " s");
        }
        return new Dialect.IdentityProof(TELEGRAM_PREFIX + id, null);
    }

    private byte[] hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(telegramKey, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static Dialect.IdentityProof refuse(String why) {
        return new Dialect.IdentityProof(null, new Dialect.HttpAnswer(401, "application/json",
            "{\"error\":" + dev.sluice.dialect.Json.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(why))
                + "}"));
    }

    private static String first(Map<String, List<String>> query, String key) {
        List<String> values = query.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** {@code k=v} pairs split by {@code separator}, values URL-decoded. */
    private static Map<String, String> pairs(String text, String separator) {
        Map<String, String> map = new HashMap<>();
        for (String part : text.split(separator)) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                map.put(part.substring(0, eq).trim(), java.net.URLDecoder.decode(part.substring(eq + 1).trim(),
                    StandardCharsets.UTF_8));
            }
        }
        return map;
    }
}
