package dev.sluice.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signing half of one account's credential: its HMAC key and the digest of its passphrase. A login is
 * {@code sign = Base64(HMAC_SHA256(secret, payload))} (OKX: payload {@code timestamp + "GET" +
 * "/users/self/verify"}). Comparisons take constant time; the secret never leaves this class and its string form
 * shows nothing. Thread-safe: a {@link Mac} is made per check.
 */
public final class SignedLogin {

    private static final String HMAC = "HmacSHA256";

    /** What a check found; {@link #OK} only when key, passphrase and signature all match. */
    public enum Result { OK, UNKNOWN_KEY, WRONG_PASSPHRASE, BAD_SIGNATURE }

    private final SecretKeySpec key;
    private final byte[] passphraseDigest;

    private SignedLogin(String secret, String passphrase) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC);
        this.passphraseDigest = Accounts.digest(passphrase);
    }

    /** The signed login of a credential, or null when it has no signing secret. */
    static SignedLogin of(Accounts.Credential credential) {
        if (credential.signingSecret() == null) {
            return null;
        }
        return new SignedLogin(credential.signingSecret(),
            credential.passphrase() == null ? "" : credential.passphrase());
    }

    Result check(String passphrase, String payload, String sign) {
        if (passphrase == null || !MessageDigest.isEqual(passphraseDigest, Accounts.digest(passphrase))) {
            return Result.WRONG_PASSPHRASE;
        }
        byte[] expected = Base64.getEncoder().encode(hmac(payload));
        byte[] given = sign == null ? new byte[0] : sign.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Result.OK : Result.BAD_SIGNATURE;
    }

    /** Base64 of the HMAC-SHA256 of {@code payload} under {@code secret}: what a client sends as {@code sign}. */
    public static String sign(String secret, String payload) {
        return Base64.getEncoder().encodeToString(new SignedLogin(secret, "").hmac(payload));
    }

    private byte[] hmac(String payload) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "SignedLogin[***]";
    }
}
