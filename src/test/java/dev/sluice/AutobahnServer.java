package dev.sluice;

import dev.sluice.config.ConfigLoader;
import dev.sluice.config.SluiceConfig;
import dev.sluice.metric.Metrics;
import dev.sluice.time.SystemClock;
import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;

/**
 * The target of the Autobahn fuzzing client (started by the autobahntestsuite Maven plugin with the port as the
 * only argument): an {@code echo} service at {@code /} with Sluice's default decoder limits, through the same
 * pipeline, handshake and close handling as every vendor dialect. Runs until the plugin interrupts it.
 */
public final class AutobahnServer {

    private AutobahnServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        if (!InetAddress.getLocalHost().isLoopbackAddress()) {
            // The plugin connects to the local host's address; it must stay on loopback.
            throw new IllegalStateException("local host is not a loopback address: " + InetAddress.getLocalHost());
        }
        SluiceConfig config = ConfigLoader.parse("autobahn", String.join("\n",
            "services:",
            "  - name: autobahn",
            "    dialect: echo",
            "    port: " + port));
        try (Gateway gateway = new Gateway(config,
            new Gateway.Options(SystemClock.INSTANCE, Metrics.NOOP, null, false))) {
            gateway.start();
            new CountDownLatch(1).await();
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }
}
