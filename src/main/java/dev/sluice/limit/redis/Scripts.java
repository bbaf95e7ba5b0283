package dev.sluice.limit.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Lua scripts of the Redis limit state (kept together in {@code src/main/resources/dev/sluice/limit/redis}),
 * each run by {@code EVALSHA} of its SHA-1 computed here, so that no {@code SCRIPT LOAD} is needed up front. A
 * server that does not know a script (first use, a restart, {@code SCRIPT FLUSH}) answers {@code NOSCRIPT}; the
 * call is then repeated once as {@code EVAL}, which also caches the script for the next {@code EVALSHA}.
 *
 * <p>{@link #roundTrips} counts every command sent (the reloads included), {@link #requests} the operations asked
 * per script, {@link #reloads} the {@code EVAL}s after {@code NOSCRIPT} and {@link #pending} the script commands
 * not answered yet: the benchmark's round trips per decision, read next to what Redis itself counted.
 */
final class Scripts {

    enum Script {
        ACQUIRE, RELEASE, SIZE, RENEW, CONSUME, SLIDING, FIXED, SPACE, BLOCK, BLOCKED, ADD, RESERVE;

        final String source;
        final String sha;

        Script() {
            // Every script starts with the shared helpers of prelude.lua; the SHA is of the whole text sent.
            this.source = resource("prelude.lua") + resource(name().toLowerCase(java.util.Locale.ROOT) + ".lua");
            try {
                this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(source.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String resource(String file) {
            try (InputStream in = Scripts.class.getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalStateException("missing script resource " + file);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final RedisAsyncCommands<String, String> redis;
    private final LongAdder roundTrips = new LongAdder();
    private final LongAdder[] requests = new LongAdder[Script.values().length];
    private final LongAdder reloads = new LongAdder();
    private final LongAdder answered = new LongAdder();

    Scripts(RedisAsyncCommands<String, String> redis) {
        this.redis = redis;
        for (int i = 0; i < requests.length; i++) {
            requests[i] = new LongAdder();
        }
    }

    /** Runs a script in one round trip (two after the server lost its script cache). */
    <T> CompletableFuture<T> run(Script script, ScriptOutputType type, String[] keys, String... args) {
        requests[script.ordinal()].increment();
        roundTrips.increment();
        // Counted before the caller sees the answer (whenComplete's own future completes after the count).
        CompletableFuture<T> first = redis.<T>evalsha(script.sha, type, keys, args).toCompletableFuture()
            .whenComplete((result, error) -> answered.increment());
        return first.exceptionallyCompose(error -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                : error;
            if (!(cause instanceof RedisNoScriptException)) {
                return CompletableFuture.failedFuture(cause);
            }
            roundTrips.increment();
            reloads.increment();
            return redis.<T>eval(script.source, type, keys, args).toCompletableFuture()
                .whenComplete((result, failure) -> answered.increment());
        });
    }

    /** Operations asked of {@code script} so far, one command each unless Redis had forgotten the script. */
    long requests(Script script) {
        return requests[script.ordinal()].sum();
    }

    /** {@code EVAL}s sent because Redis answered {@code NOSCRIPT}: the only second command of an operation. */
    long reloads() {
        return reloads.sum();
    }

    /** Script commands sent and not answered (or failed) yet. */
    long pending() {
        long sent = reloads.sum();
        for (LongAdder r : requests) {
            sent += r.sum();
        }
        return sent - answered.sum();
    }

    long roundTrips() {
        return roundTrips.sum();
    }

    void countRoundTrip() {
        roundTrips.increment();
    }
}
