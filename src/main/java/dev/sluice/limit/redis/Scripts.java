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
 * <p>{@link #roundTrips} counts every command sent (the reloads included), for the benchmark's round trips per
 * decision.
 */
final class Scripts {

    enum Script {
        ACQUIRE, RELEASE, SIZE, RENEW, CONSUME, SPACE, BLOCK, BLOCKED, ADD;

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

    Scripts(RedisAsyncCommands<String, String> redis) {
        this.redis = redis;
    }

    /** Runs a script in one round trip (two after the server lost its script cache). */
    <T> CompletableFuture<T> run(Script script, ScriptOutputType type, String[] keys, String... args) {
        roundTrips.increment();
        CompletableFuture<T> first = redis.<T>evalsha(script.sha, type, keys, args).toCompletableFuture();
        return first.exceptionallyCompose(error -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                : error;
            if (!(cause instanceof RedisNoScriptException)) {
                return CompletableFuture.failedFuture(cause);
            }
            roundTrips.increment();
            return redis.<T>eval(script.source, type, keys, args).toCompletableFuture();
        });
    }

    long roundTrips() {
        return roundTrips.sum();
    }

    void countRoundTrip() {
        roundTrips.increment();
    }
}
