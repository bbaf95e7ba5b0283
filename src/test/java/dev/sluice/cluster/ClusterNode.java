package dev.sluice.cluster;

import dev.sluice.Gateway;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.SluiceConfig;
import dev.sluice.metric.MicrometerMetrics;
import dev.sluice.time.Clock;
import dev.sluice.time.SystemClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * One gateway node as its own JVM, for the cluster tests: {@code ClusterNode <config.yaml> <clock skew ms>}. It
 * prints {@code PORT <service> <port>} per service and then {@code READY}, and exits when its standard input
 * closes (the test, or the test JVM, is gone), so that no node outlives its test. A test kills it with SIGKILL to
 * play a crash.
 */
public final class ClusterNode {

    private ClusterNode() {
    }

    public static void main(String[] args) throws Exception {
        SluiceConfig config = ConfigLoader.load(Path.of(args[0]));
        long skewNanos = Long.parseLong(args[1]) * 1_000_000L;
        // A node whose clock runs ahead (or behind): only its own clock is skewed, Redis TIME is not.
        Clock clock = () -> SystemClock.INSTANCE.epochNanos() + skewNanos;
        Gateway gateway = new Gateway(config, new Gateway.Options(clock, new MicrometerMetrics(), null, true));
        for (Gateway.BoundService service : gateway.start()) {
            System.out.println("PORT " + service.name() + " " + service.port());
        }
        System.out.println("READY");
        System.out.flush();
        InputStream in = System.in;
        try {
            while (in.read() >= 0) {
                // Nothing is sent; EOF means the test is done.
            }
        } catch (IOException ignored) {
            // The pipe broke: the test is gone too.
        }
        gateway.close();
        System.exit(0);
    }
}
