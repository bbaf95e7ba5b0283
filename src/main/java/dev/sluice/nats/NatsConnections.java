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
 * Opens NATS connections the way both sides need them: reconnect forever (also when NATS is not up yet at start),
 * log every change of connection state, and tell the owner about losses and returns.
 */
final class NatsConnections {

    private static final Logger LOG = LoggerFactory.getLogger(NatsConnections.class);

    /** What the owner of a connection hears about it, on a NATS client thread. */
    interface Listener {
        void onDisconnected();

        void onReconnected();
    }

    private NatsConnections() {
    }

    /**
     * Connects, or keeps trying in the background when NATS cannot be reached yet (the listener then hears
     * {@code onReconnected} when it can).
     */
    static Connection open(NatsConfig config, String name, Listener listener)
        throws IOException, InterruptedException {
        AtomicBoolean up = new AtomicBoolean(true);
        ConnectionListener events = (connection, event) -> onEvent(config, name, event, up, listener);
        Options options = Options.builder()
            .server(config.url())
            .connectionName(name)
            .connectionTimeout(Duration.ofMillis(config.connectTimeoutMs()))
            .reconnectWait(Duration.ofMillis(config.reconnectWaitMs()))
            .maxReconnects(-1)
            .connectionListener(events)
            .errorListener(new Errors(name, up))
            .build();
        return Nats.connectReconnectOnConnect(options);
    }

    /**
     * The client reports DISCONNECTED again after every failed reconnection attempt: only the first one after a
     * working connection is logged and counted as a loss.
     */
    private static void onEvent(NatsConfig config, String name, ConnectionListener.Events event, AtomicBoolean up,
                                Listener listener) {
        switch (event) {
            case CONNECTED -> {
                up.set(true);
                LOG.info("{}: connected to NATS at {}", name, config.url());
            }
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
        private final AtomicBoolean up;

        Errors(String name, AtomicBoolean up) {
            this.name = name;
            this.up = up;
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
