package dev.sluice.nats;

import dev.sluice.config.NatsConfig;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens NATS connections the way both sides need them: reconnect forever once connected, log every change of
 * connection state, and tell the owner about losses and returns.
 */
final class NatsConnections {

    private static final Logger LOG = LoggerFactory.getLogger(NatsConnections.class);

    /** What the owner of a connection hears about it, on a NATS client thread. */
    interface Listener {
        /** The first connection is up (once, also when it took several attempts in the background). */
        default void onConnected(Connection connection) {
        }

        void onDisconnected();

        void onReconnected();
    }

    private NatsConnections() {
    }

    /**
     * Connects now, or fails with an {@link IOException} when NATS cannot be reached (the publisher's way: a process
     * that cannot publish should say so and stop).
     */
    static Connection open(NatsConfig config, String name, Listener listener)
        throws IOException, InterruptedException {
        return Nats.connect(options(config, name, listener));
    }

    /**
     * Connects in the background, never blocking the caller: at once when NATS is up, else attempt after attempt
     * every {@code reconnectWaitMs} (a node's way: it serves its clients while it waits for the feed). The listener
     * hears {@code onConnected} with the connection when it is up.
     */
    static void openInBackground(NatsConfig config, String name, Listener listener) throws InterruptedException {
        Nats.connectAsynchronously(options(config, name, listener), true);
    }

    private static Options options(NatsConfig config, String name, Listener listener) {
        AtomicBoolean up = new AtomicBoolean(false);
        AtomicBoolean everUp = new AtomicBoolean(false);
        ConnectionListener events = (connection, event) -> {
            if ((event == ConnectionListener.Events.CONNECTED || event == ConnectionListener.Events.RECONNECTED)
                && !everUp.getAndSet(true)) {
                up.set(true);
                LOG.info("{}: connected to NATS at {}", name, config.url());
                listener.onConnected(connection);
                return;
            }
            onEvent(config, name, event, up, listener);
        };
        return Options.builder()
            .server(config.url())
            .connectionName(name)
            .connectionTimeout(Duration.ofMillis(config.connectTimeoutMs()))
            .reconnectWait(Duration.ofMillis(config.reconnectWaitMs()))
            .maxReconnects(-1)
            .connectionListener(events)
            .errorListener(new Errors(name, config, up, everUp))
            .build();
    }

    /**
     * The client reports DISCONNECTED again after every failed reconnection attempt: only the first one after a
     * working connection is logged and counted as a loss.
     */
    private static void onEvent(NatsConfig config, String name, ConnectionListener.Events event, AtomicBoolean up,
                                Listener listener) {
        switch (event) {
            case CONNECTED -> up.set(true);
            case DISCONNECTED -> {
                if (up.getAndSet(false)) {
                    LOG.warn("{}: lost NATS at {}; reconnecting every {} ms", name, config.url(),
                        config.reconnectWaitMs());
                    listener.onDisconnected();
                }
            }
            case RECONNECTED -> {
                up.set(true);
                LOG.info("{}: reconnected to NATS at {}", name, config.url());
                listener.onReconnected();
            }
            case CLOSED -> LOG.info("{}: NATS connection closed", name);
            default -> LOG.debug("{}: NATS {}", name, event);
        }
    }

    /** Logs what the client reports asynchronously (slow consumer, server errors) instead of its default output. */
    private static final class Errors implements ErrorListener {
        private final String name;
        private final NatsConfig config;
        private final AtomicBoolean up;
        private final AtomicBoolean everUp;
        private final AtomicBoolean toldUnreachable = new AtomicBoolean();

        Errors(String name, NatsConfig config, AtomicBoolean up, AtomicBoolean everUp) {
            this.name = name;
            this.config = config;
            this.up = up;
            this.everUp = everUp;
        }

        @Override
        public void errorOccurred(Connection conn, String error) {
            LOG.warn("{}: NATS error: {}", name, error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            // While reconnecting, every refused attempt lands here: the loss itself was logged once already.
            if (up.get()) {
                LOG.warn("{}: NATS client exception: {}", name, exp.toString());
            } else if (!everUp.get() && !toldUnreachable.getAndSet(true)) {
                LOG.warn("{}: cannot reach NATS at {} yet ({}); trying every {} ms", name, config.url(), exp.toString(),
                    config.reconnectWaitMs());
            } else {
                LOG.debug("{}: NATS client exception while reconnecting: {}", name, exp.toString());
            }
        }

        @Override
        public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
            LOG.warn("{}: NATS reports this consumer as slow; messages may be dropped (books resynchronise)", name);
        }
    }
}
