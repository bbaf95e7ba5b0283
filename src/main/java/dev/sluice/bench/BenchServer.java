package dev.sluice.bench;

import dev.sluice.Gateway;
import dev.sluice.bus.Instrument;
import dev.sluice.bus.SyntheticSpec;
import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.SluiceConfig;
import dev.sluice.limit.redis.ClusterLimitState;
import dev.sluice.limit.redis.Traffic;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The server-under-test process of {@code sluice bench}: Sluice itself (a {@link Gateway} from a configuration file,
 * fed by a {@link BenchFeed}) or baseline B0 ({@link BareBroadcast}). Driven by the bench command over stdin and
 * stdout, one line each way:
 * <pre>
 *   &lt;- READY name=port ...        once listening
 *   -&gt; GO RATExMS,...              publish those steps; &lt;- DONE n0 n1 ... (published per channel) when over
 *   -&gt; MEM                         &lt;- MEM heapBytes directBytes, after a full GC
 *   -&gt; STATS                       &lt;- STATS decisions leaseRenewals otherOperations noScriptRetries commands
 *                                    pendingScripts answeredWithoutRedis: what the node sent to the Redis limit
 *                                    state ({@code Traffic}), or {@code STATS -} without one
 *   -&gt; QUIT (or end of stdin)      stop and exit
 * </pre>
 * Usage: {@code BenchServer sluice CONFIG.yaml} or {@code BenchServer b0 CHANNELS}.
 */
public final class BenchServer {

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BenchServer sluice CONFIG | b0 CHANNELS");
        }
        if (args[0].equals("b0")) {
            try (BareBroadcast b0 = new BareBroadcast(Integer.parseInt(args[1]), 0)) {
                say("READY b0=" + b0.start("127.0.0.1"));
                serve(b0::run, () -> "-");
            }
        } else {
            SluiceConfig config = load(Path.of(args[1]));
            try (Gateway gateway = new Gateway(config, Gateway.Options.production())) {
                StringBuilder ready = new StringBuilder("READY");
                for (Gateway.BoundService service : gateway.start()) {
                    ready.append(' ').append(service.name()).append('=').append(service.port());
                }
                BenchFeed feed = new BenchFeed(gateway.bus(), benchInstruments(config));
                say(ready.toString());
                serve(feed::run, () -> redisTraffic(gateway.clusterState()));
            }
        }
        System.exit(0);
    }

    private static SluiceConfig load(Path file) {
        try {
            return ConfigLoader.load(file);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The configuration's BENCHn-USDT instruments, in channel order. */
    static List<Instrument> benchInstruments(SluiceConfig config) {
        return config.feed().instruments().stream().map(SyntheticSpec::instrument)
            .filter(i -> i.symbol().startsWith(BenchMessages.SYMBOL_PREFIX))
            .sorted(Comparator.comparingInt(i -> Integer.parseInt(i.symbol().substring(
                BenchMessages.SYMBOL_PREFIX.length(), i.symbol().indexOf('-')))))
            .toList();
    }

    /** The STATS answer: the node's Redis traffic so far, or {@code -} when limit state is in memory. */
    private static String redisTraffic(ClusterLimitState state) {
        if (state == null) {
            return "-";
        }
        Traffic t = state.traffic();
        return t.decisions() + " " + t.leaseRenewals() + " " + t.otherOperations() + " " + t.noScriptRetries() + " "
            + t.commands() + " " + t.pending() + " " + state.answeredWithoutRedis();
    }

    private static void serve(Function<List<Schedule.Step>, CompletableFuture<long[]>> run, Supplier<String> stats)
        throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("QUIT"); line = in.readLine()) {
            if (line.startsWith("GO ")) {
                run.apply(Schedule.parseSteps(line.substring(3))).thenAccept(counts -> {
                    StringBuilder done = new StringBuilder("DONE");
                    for (long n : counts) {
                        done.append(' ').append(n);
                    }
                    say(done.toString());
                });
            } else if (line.equals("STATS")) {
                say("STATS " + stats.get());
            } else if (line.equals("JIT")) {
                say("JIT " + ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
            } else if (line.equals("MEM")) {
                say("MEM " + heapAfterGc() + " " + Math.max(PlatformDependent.usedDirectMemory(),
                    PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory()));
            }
        }
    }

    /** Heap in use after full collections (two, so that objects freed by finalisation-like cleaners go too). */
    static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
