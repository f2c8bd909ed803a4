package io.nat64.streams.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.GlobalKey;
import io.nat64.core.config.Globals;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.Mapping;
import io.nat64.core.session.TcpSegment;
import io.nat64.core.session.TcpState;
import io.nat64.streams.sync.codec.SyncRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The batching rules, in virtual time (the instance's owner is the virtual-time scheduler). */
class ReplicationSinkTest {
    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final SyncStats stats = new SyncStats();
    private final List<List<SyncRecord>> batches = new CopyOnWriteArrayList<>();
    private Instance node;
    private Disposable subscription;

    @AfterEach
    void stop() {
        stopNode();
        vts.dispose();
    }

    private void stopNode() {
        if (subscription != null) {
            subscription.dispose();
        }
        if (node != null) {
            node.shutdown().subscribe();
            vts.advanceTime();
        }
        node = null;
    }

    private Instance start(String perPacket, String deadline, String capacity, String flushAsap) {
        Globals g = Globals.defaults()
                .with(GlobalKey.SS_ENABLED, "true")
                .with(GlobalKey.SS_MAX_SESSIONS_PER_PACKET, perPacket)
                .with(GlobalKey.SS_FLUSH_DEADLINE, deadline)
                .with(GlobalKey.SS_CAPACITY, capacity)
                .with(GlobalKey.SS_FLUSH_ASAP, flushAsap);
        node = Nodes.node(vts, 7, g);
        subscription =
                ReplicationSink.of(node, 1818, stats).batches(node.mutations()).subscribe(batches::add);
        return node;
    }

    private List<Integer> sizes() {
        return batches.stream().map(List::size).toList();
    }

    @Test
    void aFullBatchLeavesAtOnceAndTheRestWaitsForTheDeadline() {
        start("3", "2000", "512", "false");
        Nodes.udpSessions(node, 1, 7);
        assertThat(sizes()).containsExactly(3, 3);
        vts.advanceTimeBy(Duration.ofMillis(1999));
        assertThat(sizes()).containsExactly(3, 3);
        vts.advanceTimeBy(Duration.ofMillis(1));
        assertThat(sizes()).containsExactly(3, 3, 1);
        assertThat(stats.get(SyncCounter.SSS_QUEUED)).isEqualTo(7);
        assertThat(stats.get(SyncCounter.SSS_SENT)).isEqualTo(7);
        assertThat(stats.get(SyncCounter.PKT_SENT)).isEqualTo(3);
    }

    @Test
    void theDeadlineCountsFromTheOldestQueuedSession() {
        start("36", "2000", "512", "false");
        Nodes.udpSessions(node, 1, 1);
        vts.advanceTimeBy(Duration.ofMillis(1500));
        Nodes.udpSessions(node, 2, 1);
        vts.advanceTimeBy(Duration.ofMillis(499));
        assertThat(batches).isEmpty();
        vts.advanceTimeBy(Duration.ofMillis(1));
        assertThat(sizes()).containsExactly(2);
        Nodes.udpSessions(node, 3, 1); // a new batch, a new deadline
        vts.advanceTimeBy(Duration.ofMillis(1999));
        assertThat(sizes()).containsExactly(2);
        vts.advanceTimeBy(Duration.ofMillis(1));
        assertThat(sizes()).containsExactly(2, 1);
    }

    @Test
    void theLifetimeSentIsWhatIsLeftWhenTheBatchLeaves() {
        start("36", "2000", "512", "false");
        Nodes.udpSessions(node, 1, 1);
        vts.advanceTimeBy(Duration.ofMillis(2000));
        SyncRecord r = batches.get(0).get(0);
        assertThat(r.remainingMillis()).isEqualTo(300_000 - 2000);
        assertThat(r.src6()).isEqualTo(Nodes.client(1));
        assertThat(r.src6Port()).isEqualTo(5000);
        assertThat(r.dst4()).isEqualTo(Nodes.SERVER);
        assertThat(r.protocol()).isEqualTo(L4Protocol.UDP);
    }

    @Test
    void aDeadlineOfZeroSendsEachSessionAlone() {
        start("36", "0", "512", "false");
        Nodes.udpSessions(node, 1, 3);
        assertThat(sizes()).containsExactly(1, 1, 1);
    }

    @Test
    void beyondCapacityNewSessionsAreDroppedAndCounted() {
        start("36", "2000", "4", "false");
        Nodes.udpSessions(node, 1, 10);
        assertThat(stats.get(SyncCounter.SSS_QUEUED)).isEqualTo(4);
        assertThat(stats.get(SyncCounter.SSS_ENOSPC)).isEqualTo(6);
        vts.advanceTimeBy(Duration.ofMillis(2000));
        assertThat(sizes()).containsExactly(4);
        assertThat(batches.get(0))
                .extracting(SyncRecord::src6)
                .containsExactly(Nodes.client(1), Nodes.client(2), Nodes.client(3), Nodes.client(4));
        Nodes.udpSessions(node, 11, 2); // room again
        assertThat(stats.get(SyncCounter.SSS_QUEUED)).isEqualTo(6);
    }

    @Test
    void withoutDemandBatchesWaitInTheBoundedQueueAndTheOwnerNeverBlocks() {
        Globals g = Globals.defaults()
                .with(GlobalKey.SS_ENABLED, "true")
                .with(GlobalKey.SS_MAX_SESSIONS_PER_PACKET, "2")
                .with(GlobalKey.SS_CAPACITY, "5");
        node = Nodes.node(vts, 7, g);
        Requester slow = new Requester();
        ReplicationSink.of(node, 1818, stats).batches(node.mutations()).subscribe(slow);
        subscription = slow;
        Nodes.udpSessions(node, 1, 9); // no demand: 5 queued, 4 dropped
        assertThat(slow.received).isEmpty();
        assertThat(stats.get(SyncCounter.SSS_ENOSPC)).isEqualTo(4);
        slow.request(1); // like Jool's ACK: one batch may leave
        assertThat(slow.received).hasSize(1);
        slow.request(10);
        assertThat(slow.received.stream().map(List::size)).containsExactly(2, 2);
        vts.advanceTimeBy(Duration.ofMillis(2000));
        assertThat(slow.received.stream().map(List::size)).containsExactly(2, 2, 1);
    }

    @Test
    void flushAsapIsAcceptedAndChangesNothing() {
        List<List<Integer>> runs = new CopyOnWriteArrayList<>();
        for (String asap : List.of("false", "true")) {
            batches.clear();
            start("3", "2000", "512", asap);
            Nodes.udpSessions(node, 1, 4);
            vts.advanceTimeBy(Duration.ofMillis(500));
            Nodes.udpSessions(node, 5, 1);
            List<Integer> before = sizes();
            vts.advanceTimeBy(Duration.ofMillis(2000));
            runs.add(List.of(before.size(), sizes().size(), sizes().get(sizes().size() - 1)));
            assertThat(node.globals().ssFlushAsap()).isEqualTo(Boolean.parseBoolean(asap));
            stopNode();
        }
        assertThat(runs.get(1)).isEqualTo(runs.get(0)).isEqualTo(List.of(1, 2, 2));
    }

    @Test
    void aSessionQueuedTwiceIsSentOnceWithItsLatestCopy() {
        start("36", "2000", "512", "false");
        Ipv6Address c = Nodes.client(1);
        Ipv6Address dst6 = node.pool6().embed(Nodes.SERVER);
        node.call(db -> {
                    Mapping m = new Mapping();
                    long now = node.now();
                    db.table(L4Protocol.TCP)
                            .tcp6(
                                    c.high(),
                                    c.low(),
                                    40000,
                                    dst6.high(),
                                    dst6.low(),
                                    Nodes.SERVER.bits(),
                                    80,
                                    TcpSegment.fromIpv6(TcpSegment.SYN),
                                    now,
                                    m);
                    db.table(L4Protocol.TCP)
                            .tcp4(
                                    m.src4Addr(),
                                    m.src4Port(),
                                    Nodes.SERVER.bits(),
                                    80,
                                    TcpSegment.fromIpv4(TcpSegment.SYN),
                                    new byte[0],
                                    0,
                                    0,
                                    now,
                                    m);
                    return true;
                })
                .block();
        vts.advanceTimeBy(Duration.ofMillis(2000));
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(TcpState.ESTABLISHED);
            assertThat(r.remainingMillis()).isEqualTo(7_200_000 - 2000);
        });
        assertThat(stats.get(SyncCounter.SSS_QUEUED)).isEqualTo(2);
        assertThat(stats.get(SyncCounter.SSS_DEDUPLICATED)).isEqualTo(1);
        assertThat(stats.get(SyncCounter.SSS_SENT)).isEqualTo(1);
    }

    @Test
    void removalsAndPeersCopiesAreNeverSent() {
        start("36", "2000", "512", "false");
        Nodes.udpSessions(node, 1, 1);
        vts.advanceTimeBy(Duration.ofMillis(2000));
        assertThat(sizes()).containsExactly(1);
        SyncRecord peer = new SyncRecord(
                L4Protocol.UDP,
                Nodes.client(9),
                5000,
                Nodes.POOL4,
                40000,
                Nodes.SERVER,
                53,
                TcpState.ESTABLISHED,
                io.nat64.core.session.TimerType.EST,
                100_000);
        node.call(db -> db.table(L4Protocol.UDP).merge(peer.toSession(node.pool6(), node.now()), 100_000, node.now()))
                .block();
        vts.advanceTimeBy(Duration.ofMinutes(10)); // both expire: removals
        assertThat(Nodes.sessions(node)).isEmpty();
        assertThat(sizes()).containsExactly(1);
        assertThat(stats.get(SyncCounter.SSS_QUEUED)).isEqualTo(1);
    }

    @Test
    void onlyWhileSsEnabledIsTrueIsTheMutationStreamFollowed() {
        node = Nodes.node(vts, 7, Globals.defaults().with(GlobalKey.SS_FLUSH_DEADLINE, "0"));
        subscription = ReplicationSink.of(node, 1818, stats).whileEnabled(node).subscribe(batches::add);
        Nodes.udpSessions(node, 1, 2);
        vts.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(batches).isEmpty();
        node.updateGlobal(GlobalKey.SS_ENABLED, "true").block();
        vts.advanceTimeBy(Duration.ofMillis(ReplicationSink.ENABLED_POLL_MILLIS));
        Nodes.udpSessions(node, 3, 2);
        assertThat(sizes()).containsExactly(1, 1);
        node.updateGlobal(GlobalKey.SS_ENABLED, "false").block();
        Nodes.udpSessions(node, 5, 2); // ignored at once, before the poll notices
        vts.advanceTimeBy(Duration.ofSeconds(1));
        Nodes.udpSessions(node, 7, 2);
        assertThat(sizes()).containsExactly(1, 1);
        assertThat(stats.get(SyncCounter.SSS_QUEUED)).isEqualTo(2);
    }

    @Test
    void whatIsQueuedLeavesWhenTheInstanceShutsDownThenTheStreamCompletes() {
        start("36", "2000", "512", "false");
        Nodes.udpSessions(node, 1, 3);
        Instance n = node;
        node = null;
        n.shutdown().subscribe();
        vts.advanceTime();
        assertThat(sizes()).containsExactly(3);
        assertThat(subscription.isDisposed()).isTrue();
    }

    /** A subscriber that requests only when told. */
    private static final class Requester extends BaseSubscriber<List<SyncRecord>> {
        final List<List<SyncRecord>> received = new CopyOnWriteArrayList<>();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {}

        @Override
        protected void hookOnNext(List<SyncRecord> value) {
            received.add(value);
        }
    }
}
