package dev.sluice.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the account of a credential (a token, an API key). Credentials are kept only as SHA-256 digests: the
 * lookup is by digest, and the match is confirmed with a constant-time comparison, so neither the map nor the
 * timing of a failed lookup tells anything about a stored credential. Immutable and thread-safe.
 */
public final class Accounts {

    public static final Accounts NONE = new Accounts(List.of());

    private final Map<String, Entry> byDigest = new HashMap<>();
    /** Accounts whose clients prove an identity instead of presenting a secret (hfun), by service and identity. */
    private final Map<String, Account> byIdentity = new HashMap<>();
    private final List<Account> all = new ArrayList<>();

    /**
     * One account and its credential, as configured. Its string form never shows the secrets.
     *
     * <p>{@code secret} is null for an account found by its identity alone (hfun).
     *
     * @param secret        the credential clients present (a token, an API key)
     * @param signingSecret the secret that signs logins (OKX {@code secretKey}), or null
     * @param passphrase    the passphrase sent with a signed login (OKX), or null
     */
    public record Credential(Account account, String secret, String signingSecret, String passphrase) {

        /** A credential without a signed login. */
        public Credential(Account account, String secret) {
            this(account, secret, null, null);
        }

        @Override
        public String toString() {
            return "Credential[account=" + account + ", secret=***" + (signingSecret == null ? "" : ", signing=***")
                + "]";
        }
    }

    public Accounts(List<Credential> credentials) {
        for (Credential credential : credentials) {
            all.add(credential.account());
            if (credential.secret() == null) {
                byIdentity.put(identityKey(credential.account().service(), credential.account().identity()),
                    credential.account());
                continue;
            }
            byte[] digest = digest(credential.secret());
            String key = credential.account().service() + '|' + HexFormat.of().formatHex(digest);
            Entry entry = new Entry(credential.account(), digest, SignedLogin.of(credential));
            if (byDigest.putIfAbsent(key, entry) != null) {
                throw new IllegalArgumentException("two accounts of service " + credential.account().service()
                    + " share a credential (accounts " + byDigest.get(key).account.id() + " and "
                    + credential.account().id() + ")");
            }
        }
    }

    /** The account of the service that the credential belongs to. */
    public Optional<Account> find(String service, String secret) {
        byte[] digest = digest(secret);
        Entry entry = byDigest.get(service + '|' + HexFormat.of().formatHex(digest));
        return entry != null && MessageDigest.isEqual(entry.digest, digest) ? Optional.of(entry.account)
            : Optional.empty();
    }

    /**
     * Checks a signed login (OKX): the API key names an account of the service, the passphrase matches and
     * {@code sign} is the Base64 HMAC-SHA256 of {@code payload} under the account's secret. Every comparison takes
     * constant time; a wrong passphrase is told apart from a wrong signature, as OKX does (60024, 60007).
     */
    public SignedLogin.Result checkSignedLogin(String service, String apiKey, String passphrase, String payload,
                                               String sign) {
        Entry entry = apiKey == null ? null : byDigest.get(service + '|' + HexFormat.of().formatHex(digest(apiKey)));
        if (entry == null || !MessageDigest.isEqual(entry.digest, digest(apiKey)) || entry.login == null) {
            return SignedLogin.Result.UNKNOWN_KEY;
        }
        return entry.login.check(passphrase, payload, sign);
    }

    /**
     * The account of the service whose identity a client has proved (an Ethereum address, compared without regard
     * to case; {@code telegram:<user id>}); only accounts configured without a secret are found this way.
     */
    public Optional<Account> findByIdentity(String service, String identity) {
        return Optional.ofNullable(byIdentity.get(identityKey(service, identity)));
    }

    private static String identityKey(String service, String identity) {
        return service + '|' + String.valueOf(identity).toLowerCase(Locale.ROOT);
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    /** Every configured account (without its credential), in configuration order. */
    public List<Account> all() {
        return List.copyOf(all);
    }

    /** A short, stable, non-reversible name for a credential, for account ids that are not configured. */
    public static String fingerprint(String secret) {
        return HexFormat.of().formatHex(digest(secret)).substring(0, 12);
    }

    static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private record Entry(Account account, byte[] digest, SignedLogin login) {
    }
}
