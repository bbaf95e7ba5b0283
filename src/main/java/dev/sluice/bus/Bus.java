package dev.sluice.bus;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Routes published events to subscribers, encoding each event once per stream encoder and handing the same frame
 * to every event loop that has subscribers of that stream.
 *
 * <p>Threading: the routing table is owned by one thread, the bus executor, which is also the thread that
 * publishes. Subscribe, unsubscribe and resync calls from any thread are queued onto it, so the publish path takes
 * no locks and a new subscriber's snapshot is ordered exactly between two published events. Per event, per loop,
 * one delivery goes into that loop's {@link LoopInbox}, which hands the frame to each subscriber on the loop (the
 * frame is released after) and runs many deliveries per loop task when the loop is behind.
 */
public final class Bus {

    private final EventExecutor executor;
    private final ByteBufAllocator alloc;
    private final Map<Topic, Route> routes = new HashMap<>();
    /** One inbox per event loop that has ever had a subscriber, kept for the bus's life (loops are few). */
    private final Map<EventExecutor, LoopInbox> inboxes = new HashMap<>();
    private Demand demand;

    /**
     * Told, on the bus executor, when a topic gets its first subscriber and when it loses its last one: the
     * synthetic feed simulates on-demand instruments only while they are watched.
     */
    public interface Demand {
        /** The topic's first subscriber is about to be added; events published now become its snapshot. */
        void started(Topic topic);

        /** The topic's last subscriber was removed. */
        void ended(Topic topic);
    }

    public Bus(EventExecutor executor, ByteBufAllocator alloc) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.alloc = Objects.requireNonNull(alloc, "alloc");
    }

    /** The thread that owns the routing table and must call {@link #publish}. */
    public EventExecutor executor() {
        return executor;
    }

    /** Sets the one listener told when topics gain their first subscriber and lose their last. Call on the bus. */
    public void demand(Demand listener) {
        this.demand = listener;
    }

    /**
     * Forgets a topic nobody subscribes to, with its latest event (a snapshot's source): its publisher stopped and
     * will publish afresh before anyone subscribes again. Call on the bus executor; a topic with subscribers stays.
     */
    public void forget(Topic topic) {
        Route route = routes.get(topic);
        if (route != null && route.groups.isEmpty()) {
            routes.remove(topic);
        }
    }

    /** How many topics the bus keeps (each with its latest event). Call on the bus executor. */
    public int topics() {
        return routes.size();
    }

    /** Publishes an event to every subscriber of its topic. Call on the bus executor only. */
    public void publish(Event event) {
        Route route = routes.computeIfAbsent(event.topic(), topic -> new Route());
        route.latest = event;
        for (Group group : route.groups) {
            if (group.loops.length == 0) {
                continue;
            }
            ByteBuf frame = group.stream.encoder().encode(event, alloc);
            if (frame == null) {
                continue;
            }
            try {
                for (int i = 0; i < group.loops.length; i++) {
                    group.loops[i].add(new Fanout(group.members[i], frame.retain()));
                }
            } finally {
                frame.release();
            }
        }
    }

    /** Adds a subscriber; it first receives the stream's snapshot (if the stream has one), then live frames. */
    public void subscribe(Stream stream, Subscriber subscriber) {
        onBus(() -> {
            Route route = routes.computeIfAbsent(stream.topic(), topic -> new Route());
            if (demand != null && route.groups.isEmpty()) {
                demand.started(stream.topic());
            }
            route.group(stream).add(inbox(subscriber.executor()), new Member(subscriber, stream));
            sendSnapshot(route, stream, subscriber);
        });
    }

    /** Removes a subscriber. Frames already queued to its loop may still arrive; the subscriber ignores them. */
    public void unsubscribe(Stream stream, Subscriber subscriber) {
        onBus(() -> {
            Route route = routes.get(stream.topic());
            if (route != null) {
                route.remove(stream, subscriber);
                if (demand != null && route.groups.isEmpty()) {
                    demand.ended(stream.topic());
                }
            }
        });
    }

    /** Sends a fresh snapshot to a subscriber that dropped increments while it was slow. */
    public void resync(Stream stream, Subscriber subscriber) {
        onBus(() -> {
            Route route = routes.get(stream.topic());
            if (route != null) {
                sendSnapshot(route, stream, subscriber);
            }
        });
    }

    private void sendSnapshot(Route route, Stream stream, Subscriber subscriber) {
        ByteBuf frame = stream.encoder().snapshot(route.latest, alloc);
        inbox(subscriber.executor()).add(new SnapshotTask(stream, subscriber, frame));
    }

    private LoopInbox inbox(EventExecutor loop) {
        return inboxes.computeIfAbsent(loop, LoopInbox::new);
    }

    private void onBus(Runnable task) {
        if (executor.inEventLoop()) {
            task.run();
        } else {
            executor.execute(task);
        }
    }

    /** A frame on its way to one event loop; the task owns one reference (if any) and releases it when done. */
    abstract static class FrameTask implements Runnable {
        final Stream stream;
        final ByteBuf frame;

        FrameTask(Stream stream, ByteBuf frame) {
            this.stream = stream;
            this.frame = frame;
        }

        @Override
        public final void run() {
            try {
                deliver();
            } finally {
                release();
            }
        }

        final void release() {
            if (frame != null) {
                frame.release();
            }
        }

        abstract void deliver();
    }

    /**
     * A subscriber and the stream object it subscribed with. Streams of one group share an encoder key but may be
     * different objects (two services of one dialect), and each subscriber is handed back its own.
     */
    private record Member(Subscriber subscriber, Stream stream) {
    }

    private static final class Fanout extends FrameTask {
        private final Member[] members;

        Fanout(Member[] members, ByteBuf frame) {
            super(null, frame);
            this.members = members;
        }

        @Override
        void deliver() {
            for (Member member : members) {
                member.subscriber.onFrame(member.stream, frame);
            }
        }
    }

    private static final class SnapshotTask extends FrameTask {
        private final Subscriber subscriber;

        SnapshotTask(Stream stream, Subscriber subscriber, ByteBuf frame) {
            super(stream, frame);
            this.subscriber = subscriber;
        }

        @Override
        void deliver() {
            subscriber.onSnapshot(stream, frame);
        }
    }

    /** Everything the bus knows about one topic. */
    private static final class Route {
        Event latest;
        final List<Group> groups = new ArrayList<>(2);

        Group group(Stream stream) {
            for (Group group : groups) {
                if (group.stream.encoder().key().equals(stream.encoder().key())) {
                    return group;
                }
            }
            Group group = new Group(stream);
            groups.add(group);
            return group;
        }

        void remove(Stream stream, Subscriber subscriber) {
            for (Group group : groups) {
                if (group.stream.encoder().key().equals(stream.encoder().key())) {
                    group.remove(subscriber);
                    if (group.loops.length == 0) {
                        groups.remove(group);
                    }
                    return;
                }
            }
        }
    }

    /**
     * Subscribers of one stream, grouped by event loop. The arrays are copied on every change (rare) so that
     * the publish path reads them without locks and a queued task keeps the membership it was sent with.
     */
    private static final class Group {
        final Stream stream;
        LoopInbox[] loops = new LoopInbox[0];
        Member[][] members = new Member[0][];

        Group(Stream stream) {
            this.stream = stream;
        }

        void add(LoopInbox inbox, Member member) {
            int i = indexOf(inbox.loop());
            if (i < 0) {
                loops = append(loops, inbox);
                members = append(members, new Member[] {member});
            } else {
                members[i] = append(members[i], member);
            }
        }

        void remove(Subscriber subscriber) {
            int i = indexOf(subscriber.executor());
            if (i < 0) {
                return;
            }
            Member[] kept = members[i];
            List<Member> rest = new ArrayList<>(kept.length);
            for (Member member : kept) {
                if (member.subscriber != subscriber) {
                    rest.add(member);
                }
            }
            if (rest.isEmpty()) {
                loops = without(loops, i, new LoopInbox[loops.length - 1]);
                members = without(members, i, new Member[members.length - 1][]);
            } else {
                members = members.clone();
                members[i] = rest.toArray(new Member[0]);
            }
        }

        private int indexOf(EventExecutor loop) {
            for (int i = 0; i < loops.length; i++) {
                if (loops[i].loop() == loop) {
                    return i;
                }
            }
            return -1;
        }

        private static <T> T[] append(T[] array, T item) {
            T[] grown = java.util.Arrays.copyOf(array, array.length + 1);
            grown[array.length] = item;
            return grown;
        }

        private static <T> T[] without(T[] array, int index, T[] into) {
            System.arraycopy(array, 0, into, 0, index);
            System.arraycopy(array, index + 1, into, index, array.length - index - 1);
            return into;
        }
    }
}
