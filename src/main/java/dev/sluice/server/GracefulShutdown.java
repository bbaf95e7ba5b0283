package dev.sluice.server;

import dev.sluice.session.SessionTicker;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ends every WebSocket session of a gateway whose listeners are already closed: each session gets its dialect's
 * shutdown notice (OKX 64008), keeps being served for the drain period (or until every session is gone, whichever
 * comes first), and is then closed with 1001 "going away". Everything runs on the sessions' own event loops, so
 * the close frame follows complete frames. The drain is real time: it is the operator's grace period, not limit
 * logic, and is counted in polls of {@link #POLL_MS} on the loops' schedulers.
 */
public final class GracefulShutdown {

    static final long POLL_MS = 20;
    static final int GOING_AWAY = 1001;

    private GracefulShutdown() {
    }

    /**
     * Notices, drains and closes; returns once every session has been told to close. Call from a thread that is
     * not one of the loops (the shutdown hook, a test): it waits on them.
     */
    public static void run(EventLoopGroup workers, long drainMs) {
        List<EventExecutor> loops = new ArrayList<>();
        workers.forEach(loops::add);
        if (loops.isEmpty() || workers.isShuttingDown()) {
            return;
        }
        onEvery(loops, loop -> SessionTicker.of(loop).noticeShutdown());
        EventExecutor timer = loops.get(0);
        for (long polls = drainMs / POLL_MS; polls > 0 && openSessions(loops) > 0; polls--) {
            timer.schedule(() -> { }, POLL_MS, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        }
        onEvery(loops, loop -> SessionTicker.of(loop).closeAll(GOING_AWAY, "server shutting down"));
    }

    private static int openSessions(List<EventExecutor> loops) {
        AtomicInteger open = new AtomicInteger();
        onEvery(loops, loop -> open.addAndGet(SessionTicker.of(loop).sessions()));
        return open.get();
    }

    private static void onEvery(List<EventExecutor> loops, java.util.function.Consumer<EventExecutor> task) {
        List<Future<?>> done = new ArrayList<>(loops.size());
        for (EventExecutor loop : loops) {
            done.add(loop.submit(() -> task.accept(loop)));
        }
        for (Future<?> future : done) {
            future.awaitUninterruptibly();
        }
    }
}
