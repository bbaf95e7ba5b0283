package dev.sluice.server;

import java.net.BindException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A start that cannot go on for a reason outside the program that the user can fix: a port already in use, a Redis
 * that cannot be reached. Its message is one line that names what failed and says what to do; {@code serve} prints
 * it instead of a stack trace and exits with status 2. Messages never carry a password: Redis URIs come masked.
 */
public final class StartFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final Pattern NATIVE_CALL = Pattern.compile("^\\w+\\(\\.\\.\\) failed( with error\\(-?\\d+\\))?: ");

    private StartFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code host:port} could not be bound ({@code cause} says why: in use, no permission, no such address). */
    public static StartFailure cannotListen(String host, int port, Throwable cause) {
        String address = host + ":" + port;
        if (inUse(cause)) {
            return new StartFailure("port " + port + " is already in use (" + address + "): stop the process that"
                + " listens there, or give the service another port (serve --port N, or services[].port in the"
                + " configuration)", cause);
        }
        return new StartFailure("cannot listen on " + address + " (" + rootMessage(cause) + "): choose another"
            + " address or port (serve --host/--port, or server.host and services[].port in the configuration)",
            cause);
    }

    /** Redis at {@code maskedUri} (the password already masked) could not be connected to, or did not answer. */
    public static StartFailure redisUnreachable(String maskedUri, Throwable cause) {
        return new StartFailure("cannot connect to Redis at " + maskedUri + " (" + rootMessage(cause) + "): start"
            + " Redis there, or correct state.uri in the configuration (state.type: memory runs without Redis)",
            cause);
    }

    private static boolean inUse(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            // Netty's native transports report EADDRINUSE as an IOException of their own, not a BindException.
            if (e instanceof BindException || e.getMessage() != null
                && e.getMessage().toLowerCase(Locale.ROOT).contains("address already in use")) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the innermost cause says (a socket's "Connection refused", a timeout): the outer ones only wrap it.
     * The innermost causes of a failed bind or connect are socket errors, which never carry a URI's password.
     */
    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root.getMessage() == null) {
            return root.getClass().getSimpleName();
        }
        // Netty's native transport prefixes the system call: "finishConnect(..) failed with error(-111): ".
        return NATIVE_CALL.matcher(root.getMessage()).replaceFirst("");
    }
}
