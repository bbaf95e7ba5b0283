package dev.sluice.nats;

import dev.sluice.config.NatsConfig;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
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
        ConnectionListener events = (connection, event) -> onEvent(config, name, event, listener);
        Options options = Options.builder()
            .server(config.url())
            .connectionName(name)
            .connectionTimeout(Duration.ofMillis(config.connectTimeoutMs()))
            .reconnectWait(Duration.ofMillis(config.reconnectWaitMs()))
            .maxReconnects(-1)
            .connectionListener(events)
            .errorListener(new Errors(name))
            .build();
        return Nats.connectReconnectOnConnect(options);
    }

    private static void onEvent(NatsConfig config, String name, ConnectionListener.Events event, Listener listener) {
        switch (event) {
            case CONNECTED -> LOG.info("{}: connected to NATS at {}", name, config.url());
            case DISCONNECTED -> {
                LOG.warn("{}: lost NATS at {}; reconnecting every {} ms", name, config.url(),
                    config.reconnectWaitMs());
                listener.onDisconnected();
            }
            case RECONNECTED -> {
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

        Errors(String name) {
            this.name = name;
        }

        @Override
        public void errorOccurred(Connection conn, String error) {
            LOG.warn("{}: NATS error: {}", name, error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            LOG.warn("{}: NATS client exception: {}", name, exp.toString());
        }

        @Override
        public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
            LOG.warn("{}: NATS reports this consumer as slow; messages may be dropped (books resynchronise)", name);
        }
    }
}
