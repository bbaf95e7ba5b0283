package dev.sluice.session;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the connections that were written to during one pass of an event loop and flushes each once, in a task
 * queued behind the deliveries already waiting. Many events fanned out in one tick thus cost one flush (one
 * syscall) per connection, not one per event. One instance per event loop; used only on that loop.
 */
final class FlushBatcher implements Runnable {

    private static final FastThreadLocal<FlushBatcher> PER_LOOP = new FastThreadLocal<>();

    private final EventLoop loop;
    private final List<OutboundWriter> dirty = new ArrayList<>();
    private boolean scheduled;

    private FlushBatcher(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * The batcher of the given loop; call on that loop's thread. A thread that drives several loops (Netty's
     * embedded loops in tests) gets a batcher per loop, never another loop's.
     */
    static FlushBatcher of(EventLoop loop) {
        FlushBatcher batcher = PER_LOOP.get();
        if (batcher == null || batcher.loop != loop) {
            batcher = new FlushBatcher(loop);
            PER_LOOP.set(batcher);
        }
        return batcher;
    }

    void add(OutboundWriter writer) {
        dirty.add(writer);
        if (!scheduled) {
            scheduled = true;
            loop.execute(this);
        }
    }

    @Override
    public void run() {
        scheduled = false;
        // flushNow may not add to the list, so a plain indexed loop is safe.
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flushNow();
        }
        dirty.clear();
    }
}
