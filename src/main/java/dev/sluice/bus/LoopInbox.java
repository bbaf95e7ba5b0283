package dev.sluice.bus;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus's deliveries on their way to one event loop, handed over in batches: the bus thread appends to a queue
 * and schedules a drain task on the loop only when none is pending, so a loop that is behind takes many events
 * per task instead of one task per event. Order is kept (one queue per loop, drained in order), which is what
 * puts a subscriber's snapshot before the live frames published after it.
 *
 * <p>Threading: {@link #add} is called by the bus thread; {@link #run} runs on the loop. A drain stops after
 * {@link #MAX_PER_RUN} deliveries and schedules itself again, so I/O and the loop's other tasks are not starved.
 */
final class LoopInbox implements Runnable {

    /** Deliveries run per drain task before the loop gets to do something else. */
    static final int MAX_PER_RUN = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(LoopInbox.class);

    private final EventExecutor loop;
    private final Queue<Bus.FrameTask> deliveries = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    LoopInbox(EventExecutor loop) {
        this.loop = loop;
    }

    EventExecutor loop() {
        return loop;
    }

    /** Queues a delivery; it runs on the loop after every delivery queued before it. */
    void add(Bus.FrameTask delivery) {
        deliveries.offer(delivery);
        schedule();
    }

    @Override
    public void run() {
        for (int i = 0; i < MAX_PER_RUN; i++) {
            Bus.FrameTask delivery = deliveries.poll();
            if (delivery == null) {
                break;
            }
            delivery.run();
        }
        scheduled.set(false);
        // A delivery added after the last poll but before the flag was cleared saw a drain pending and did not
        // schedule one: this check picks it up.
        if (!deliveries.isEmpty()) {
            schedule();
        }
    }

    private void schedule() {
        if (!scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            loop.execute(this);
        } catch (RejectedExecutionException e) {
            // The loop is shutting down: its sessions are closing anyway, but the frames must not leak.
            Bus.FrameTask delivery;
            while ((delivery = deliveries.poll()) != null) {
                delivery.release();
            }
            scheduled.set(false);
            LOG.debug("event loop rejected the bus's deliveries while shutting down");
        }
    }
}
