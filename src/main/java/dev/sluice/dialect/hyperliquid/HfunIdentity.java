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
    /**
     * An EIP-191 signature of {@code hfun-feed:0} by a fixed test key, and its signer: recovered once when the
     * service starts (see {@link #warmUp()}).
     */
    private static final String WARM_UP_SIG = "0x75e6b2557716098bd05290939027deec156b2421401586ca4e606a518e508ffe"
        + "58eb7190c6b178a59c6ea031e0a0b35896328f1300ebe0aac2369445aa6c3df71c";
    private static final String WARM_UP_SIGNER = "0x1be31a94361a391bbafb2a4ccd704f57dc04d4bb";

    private final Clock clock;
    private final HyperliquidSettings settings;
    private final byte[] telegramKey;
    /** Signer and r of each signature used, with when it may be forgotten (epoch ns). */
    private final Map<String, Long> used = new HashMap<>();
    /** The signer recovered from {@link #WARM_UP_SIG} at construction. */
    private final String warmUpSigner;

    HfunIdentity(Clock clock, HyperliquidSettings settings) {
        this.clock = clock;
        this.settings = settings;
        this.telegramKey = settings.telegramBotToken() == null ? null
            : sha256(settings.telegramBotToken().getBytes(StandardCharsets.UTF_8));
        this.warmUpSigner = warmUp();
    }

    /**
     * Recovers the signer of a fixed signature, so that the first client's proof is checked as fast as later ones:
     * the first recovery in a JVM loads and initialises web3j's and Bouncy Castle's curve classes (secp256k1,
     * Keccak), about a second on a cold JVM and several on a loaded machine, which a client's handshake timeout
     * (5 s in the {@code ws} package) would otherwise pay. Also checks the code recovers the right signer.
     */
    private static String warmUp() {
        String signer = recover("0", HexFormat.of().parseHex(WARM_UP_SIG.substring(2)));
        if (!WARM_UP_SIGNER.equals(signer)) {
            throw new IllegalStateException("EIP-191 self-check failed: recovered " + signer + ", expected "
                + WARM_UP_SIGNER);
        }
        return signer;
    }

    /** The signer that the start-up self-check recovered (the fixed key's address). */
    String warmUpSigner() {
        return warmUpSigner;
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
        String address = recover(ts, bytes);
        if (address == null) {
            return refuse("invalid sig: no signer recovers from it");
        }
        if (!firstUse(address + '|' + HexFormat.of().formatHex(bytes, 0, 32))) {
            return refuse("sig already used: sign a new timestamp for each connection");
        }
        return new Dialect.IdentityProof(address, null);
    }

    /** The lower-case address that signed {@code hfun-feed:<ts>} with {@code sig} (r, s, v), or null. */
    private static String recover(String ts, byte[] sig) {
        byte v = (byte) ((sig[64] & 0xff) < 27 ? sig[64] + 27 : sig[64]);
        byte[] r = java.util.Arrays.copyOfRange(sig, 0, 32);
        byte[] s = java.util.Arrays.copyOfRange(sig, 32, 64);
        try {
            return ("0x" + Keys.getAddress(Sign.signedPrefixedMessageToKey(
                (MESSAGE_PREFIX + ts).getBytes(StandardCharsets.UTF_8), new Sign.SignatureData(v, r, s))))
                .toLowerCase(Locale.ROOT);
        } catch (SignatureException | RuntimeException e) {
            return null;
        }
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
