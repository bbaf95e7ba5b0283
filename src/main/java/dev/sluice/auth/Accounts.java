package dev.sluice.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
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

    /** One account and its credential, as configured. Its string form never shows the secret. */
    public record Credential(Account account, String secret) {
        @Override
        public String toString() {
            return "Credential[account=" + account + ", secret=***]";
        }
    }

    public Accounts(List<Credential> credentials) {
        for (Credential credential : credentials) {
            byte[] digest = digest(credential.secret());
            String key = credential.account().service() + '|' + HexFormat.of().formatHex(digest);
            if (byDigest.putIfAbsent(key, new Entry(credential.account(), digest)) != null) {
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

    public boolean isEmpty() {
        return byDigest.isEmpty();
    }

    /** Every configured account (without its credential). */
    public List<Account> all() {
        return byDigest.values().stream().map(Entry::account).toList();
    }

    /** A short, stable, non-reversible name for a credential, for account ids that are not configured. */
    public static String fingerprint(String secret) {
        return HexFormat.of().formatHex(digest(secret)).substring(0, 12);
    }

    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private record Entry(Account account, byte[] digest) {
    }
}
