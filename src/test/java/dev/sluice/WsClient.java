package dev.sluice;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal WebSocket client over a plain socket, for tests that need what client libraries hide: the local address
 * (127.0.0.2), any header (X-Forwarded-For), the refused upgrade's status and body, server ping frames, the close
 * code. Text frames only; every read is bounded by {@link #READ_TIMEOUT_MS}. Not thread-safe.
 */
public final class WsClient implements AutoCloseable {

    public static final int READ_TIMEOUT_MS = 5_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final int status;
    private final String response;
    private int closeCode = -1;
    private String closeReason = "";
    private int pings;

    private WsClient(Socket socket, DataInputStream in, int status, String response) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.status = status;
        this.response = response;
    }

    /** Connects from {@code localIp} to 127.0.0.1 and asks for the upgrade of {@code pathAndQuery}. */
    public static WsClient connect(int port, String pathAndQuery, String localIp, String... headers) {
        return connect(port, pathAndQuery, localIp, new byte[0], headers);
    }

    /** The same, sending {@code preamble} (a PROXY protocol header, say) before the upgrade request. */
    public static WsClient connect(int port, String pathAndQuery, String localIp, byte[] preamble,
                                   String... headers) {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            request.append("\r\n");
            socket.getOutputStream().write(preamble);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            int status = Integer.parseInt(head.substring(9, 12));
            String body = "";
            if (status != 101) {
                byte[] bytes = new byte[contentLength(head.toString())];
                in.readFully(bytes);
                body = new String(bytes, StandardCharsets.UTF_8);
            }
            return new WsClient(socket, in, status, head + body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HTTP status of the upgrade answer (101 when upgraded). */
    public int status() {
        return status;
    }

    /** The upgrade answer's head and, when refused, its body. */
    public String response() {
        return response;
    }

    /** The close code received, or -1. */
    public int closeCode() {
        return closeCode;
    }

    public String closeReason() {
        return closeReason;
    }

    /** Ping frames received so far. */
    public int pings() {
        return pings;
    }

    /** Sends a masked text frame. */
    public void send(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        try {
            int length = payload.length;
            byte[] head = length < 126 ? new byte[] {(byte) 0x81, (byte) (0x80 | length)}
                : new byte[] {(byte) 0x81, (byte) (0x80 | 126), (byte) (length >> 8), (byte) length};
            byte[] masked = new byte[length];
            for (int i = 0; i < length; i++) {
                masked[i] = (byte) (payload[i] ^ mask[i % 4]);
            }
            out.write(head);
            out.write(mask);
            out.write(masked);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The next text message; {@code ""} for a ping frame (counted in {@link #pings()}); null at a close frame, the
     * end of the stream or a timeout.
     */
    public String next() {
        try {
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                int opcode = b0 & 0x0F;
                if (opcode == 0x8) {
                    closeCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                    closeReason = payload.length > 2 ? new String(payload, 2, payload.length - 2,
                        StandardCharsets.UTF_8) : "";
                    return null;
                }
                if (opcode == 0x9) {
                    pings++;
                    return "";
                }
                if (opcode == 0x1) {
                    return new String(payload, StandardCharsets.UTF_8);
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }
}
