package dev.sluice.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Random;

/**
 * The storm's WebSocket upgrade at the byte level: the request is built before the storm starts (one fresh
 * {@code Sec-WebSocket-Key} per attempt, its expected {@code Sec-WebSocket-Accept} computed alongside), and only
 * the response's status line and accept header are read. This keeps the load generator's cost per attempt at a
 * write and a short parse, so that the server, not the client, sets the handshake rate.
 */
final class StormHandshake {

    /** RFC 6455 section 4.2.2: appended to the key before hashing. */
    static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final String ACCEPT_HEADER = "sec-websocket-accept:";

    final byte[] request;
    final String expectedAccept;

    private StormHandshake(byte[] request, String expectedAccept) {
        this.request = request;
        this.expectedAccept = expectedAccept;
    }

    /** The upgrade of {@code pathAndQuery} on {@code host:port} with a key drawn from {@code random}. */
    static StormHandshake of(String host, int port, String pathAndQuery, Random random) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\n"
            + "Host: " + host + ":" + port + "\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: " + key + "\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "\r\n";
        return new StormHandshake(request.getBytes(StandardCharsets.US_ASCII), accept(key));
    }

    /** {@code base64(SHA-1(key + GUID))}: what a server must answer to {@code key}. */
    static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    /** The status code of a response head ({@code HTTP/1.1 101 ...}), or -1 when the status line is malformed. */
    static int status(String head) {
        int space = head.indexOf(' ');
        if (!head.startsWith("HTTP/1.") || space < 0 || head.length() < space + 4) {
            return -1;
        }
        try {
            return Integer.parseInt(head.substring(space + 1, space + 4));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The value of the head's {@code Sec-WebSocket-Accept} header (any case), or null when there is none. */
    static String acceptHeader(String head) {
        for (String line : head.split("\r\n")) {
            if (line.length() > ACCEPT_HEADER.length()
                && line.substring(0, ACCEPT_HEADER.length()).toLowerCase(Locale.ROOT).equals(ACCEPT_HEADER)) {
                return line.substring(ACCEPT_HEADER.length()).trim();
            }
        }
        return null;
    }

    /** Whether {@code head} accepts this upgrade: status 101 and the accept value this request's key calls for. */
    boolean accepts(String head) {
        return status(head) == 101 && expectedAccept.equals(acceptHeader(head));
    }
}
