package dev.sluice.nats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.bus.BookChange;
import dev.sluice.bus.Level;
import dev.sluice.bus.Topic;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node's book copy: starts from a snapshot, follows the seqId chain, and bridges a gap with one change. */
class BookReplicaTest {

    private final BookReplica replica = new BookReplica(WireCodecTest.BTC.topic(Topic.BOOK), WireCodecTest.BTC);

    @Test
    void shouldPublishFirstSnapshotAsStartingBookAndThenFollowTheChain() {
        BookChange start = replica.onSnapshot(100, 1_000, List.of(level(99, 5)), List.of(level(101, 6)));

        assertThat(start.seqId()).isEqualTo(100);
        assertThat(start.prevSeqId()).isEqualTo(100);
        assertThat(start.isKeepAlive()).isTrue();
        assertThat(start.book().bestBid()).isEqualTo(level(99, 5));

        BookChange next = replica.onChange(101, 100, 1_001, List.of(level(99, 0), level(98, 7)), List.of());
        assertThat(next.prevSeqId()).isEqualTo(100);
        assertThat(replica.book().bestBid()).isEqualTo(level(98, 7));
        assertThat(replica.book().tsMillis()).isEqualTo(1_001);
    }

    @Test
    void shouldLeaveBookTimeAloneOnKeepAlive() {
        replica.onSnapshot(100, 1_000, List.of(level(99, 5)), List.of(level(101, 6)));

        BookChange keepAlive = replica.onChange(100, 100, 61_000, List.of(), List.of());

        assertThat(keepAlive.isKeepAlive()).isTrue();
        assertThat(keepAlive.tsMillis()).isEqualTo(61_000);
        assertThat(replica.book().tsMillis()).isEqualTo(1_000);
    }

    @Test
    void shouldDropChangesUntilFirstSnapshot() {
        assertThat(replica.onChange(101, 100, 1_001, List.of(level(98, 7)), List.of())).isNull();
        assertThat(replica.state()).isEqualTo(BookReplica.State.WAITING);
    }

    @Test
    void shouldWaitAfterGapAndBridgeItWithOneChangeFromOldBookToSnapshot() {
        replica.onSnapshot(100, 1_000, List.of(level(99, 5), level(98, 1)), List.of(level(101, 6)));

        assertThat(replica.onChange(105, 104, 1_005, List.of(level(97, 1)), List.of())).isNull();
        assertThat(replica.state()).isEqualTo(BookReplica.State.WAITING);
        assertThat(replica.onChange(106, 105, 1_006, List.of(level(96, 1)), List.of())).isNull();

        BookChange bridge = replica.onSnapshot(106, 1_006, List.of(level(99, 5), level(97, 1), level(96, 1)),
            List.of(level(102, 3)));

        assertThat(replica.state()).isEqualTo(BookReplica.State.SYNCED);
        assertThat(bridge.prevSeqId()).isEqualTo(100);
        assertThat(bridge.seqId()).isEqualTo(106);
        assertThat(bridge.bids()).containsExactlyInAnyOrder(level(98, 0), level(97, 1), level(96, 1));
        assertThat(bridge.asks()).containsExactlyInAnyOrder(new Level(101, 0, 0), level(102, 3));
        assertThat(replica.book().bids().values()).containsExactly(level(99, 5), level(97, 1), level(96, 1));
        assertThat(replica.book().asks().values()).containsExactly(level(102, 3));
        assertThat(replica.onChange(107, 106, 1_007, List.of(), List.of(level(103, 1)))).isNotNull();
    }

    @Test
    void shouldIgnoreSnapshotOfTheStateItAlreadyHolds() {
        replica.onSnapshot(100, 1_000, List.of(level(99, 5)), List.of(level(101, 6)));
        replica.onChange(101, 100, 1_001, List.of(level(98, 7)), List.of());

        assertThat(replica.onSnapshot(101, 1_001, List.of(level(99, 5), level(98, 7)), List.of(level(101, 6))))
            .isNull();
    }

    private static Level level(long price, long size) {
        return new Level(price, size, size == 0 ? 0 : 1);
    }
}
