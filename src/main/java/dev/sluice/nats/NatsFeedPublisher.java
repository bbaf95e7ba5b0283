package dev.sluice.nats;

import dev.sluice.bus.Event;
import dev.sluice.bus.SyntheticSpec;
import dev.sluice.config.NatsConfig;
import io.nats.client.Connection;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code sluice feed} runs: a NATS connection, the thread that owns the feed, and the {@link NatsPublisher} on
 * it. Closing flushes what is still buffered, then closes the connection and the thread.
 */
public final class NatsFeedPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NatsFeedPublisher.class);

    private final Connection connection;
    private final DefaultEventLoop executor;
    private final NatsPublisher publisher;

    private NatsFeedPublisher(Connection connection, DefaultEventLoop executor, NatsPublisher publisher) {
        this.connection = connection;
        this.executor = executor;
        this.publisher = publisher;
    }

    public static NatsFeedPublisher open(NatsConfig config, List<SyntheticSpec> specs)
        throws IOException, InterruptedException {
        Connection connection = NatsConnections.open(config, "sluice-feed", new NatsConnections.Listener() {
            @Override
            public void onDisconnected() {
                // Logged by NatsConnections; the client buffers what is published until it reconnects.
            }

            @Override
            public void onReconnected() {
                // Nodes resynchronise their books themselves when they reconnect or see a gap.
            }
        });
        DefaultEventLoop executor = new DefaultEventLoop(new DefaultThreadFactory("sluice-feed", false));
        NatsPublisher publisher = new NatsPublisher(connection, config.subjectPrefix(), executor,
            specs.stream().map(SyntheticSpec::instrument).toList());
        publisher.start();
        return new NatsFeedPublisher(connection, executor, publisher);
    }

    /** Where the feed sends its events; call it on {@link #executor()} only. */
    public Consumer<Event> sink() {
        return publisher;
    }

    public EventExecutor executor() {
        return executor;
    }

    public long published() {
        return publisher.published();
    }

    @Override
    public void close() {
        publisher.stop();
        try {
            connection.flush(Duration.ofSeconds(2));
        } catch (TimeoutException | IllegalStateException e) {
            LOG.warn("NATS flush on exit did not complete: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
