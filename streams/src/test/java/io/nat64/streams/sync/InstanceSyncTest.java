package io.nat64.streams.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.config.GlobalKey;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.PacketPath;
import io.nat64.core.instance.TestPackets;
import io.nat64.streams.session.AdvertiseOptions;
import io.nat64.streams.sync.codec.SyncCodec;
import io.nat64.streams.sync.codec.SyncRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The daemon's side of a session proxy, in virtual time: live batches, advertise, catch-up, merge. */
class InstanceSyncTest {
    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final Instance a = Nodes.node(vts, 41, GlobalKey.SS_CAPACITY, "16");
    private final Instance b = Nodes.node(vts, 42);
    private final InstanceSync sync =
            InstanceSync.of(a, AdvertiseOptions.defaults().withDeliverOn(vts));
    private final List<List<SyncRecord>> batches = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        a.shutdown().subscribe();
        b.shutdown().subscribe();
        vts.advanceTime();
        vts.dispose();
    }

    private Disposable collect(Flux<List<SyncRecord>> flux) {
        return flux.subscribe(batches::add, e -> errors.add(e.getMessage()));
    }

    private int records() {
        return batches.stream().mapToInt(List::size).sum();
    }

    @Test
    void liveBatchesCarryNewSessionsAndAnAdvertiseIsSplicedInBeyondCapacity() {
        Nodes.udpSessions(a, 1, 100); // before anyone listens: only an advertise sends them
        Disposable live = collect(sync.live());
        vts.advanceTimeBy(Duration.ofSeconds(1));
        Nodes.udpSessions(a, 1000, 10);
        vts.advanceTimeBy(Duration.ofSeconds(3));
        assertThat(records()).isEqualTo(10);
        List<Long> advertised = new CopyOnWriteArrayList<>();
        sync.advertise().subscribe(advertised::add, e -> errors.add(e.getMessage()));
        vts.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(advertised).containsExactly(110L);
        assertThat(records()).isEqualTo(120);
        assertThat(errors).isEmpty();
        live.dispose();
    }

    @Test
    void anAdvertiseIsPacedAtItsRateInVirtualTime() {
        Nodes.udpSessions(a, 1, 2000);
        // 1,000 sessions/s in pages of 100: a page every 100 ms, so 2,000 sessions take about 2 s
        InstanceSync paced = InstanceSync.of(
                a, AdvertiseOptions.defaults().withDeliverOn(vts).withPageSize(100), 1_000);
        assertThat(paced.advertiseRate()).isEqualTo(1_000);
        Disposable live = collect(paced.live());
        vts.advanceTimeBy(Duration.ofMillis(10));
        List<Long> advertised = new CopyOnWriteArrayList<>();
        paced.advertise().subscribe(advertised::add, e -> errors.add(e.getMessage()));
        vts.advanceTimeBy(Duration.ofMillis(1));
        assertThat(records()).isBetween(1, 100);
        vts.advanceTimeBy(Duration.ofMillis(1000));
        assertThat(records()).isBetween(1000, 1100);
        assertThat(advertised).isEmpty();
        vts.advanceTimeBy(Duration.ofMillis(1100));
        assertThat(records()).isEqualTo(2000);
        assertThat(advertised).containsExactly(2000L);
        assertThat(errors).isEmpty();
        live.dispose();
    }

    @Test
    void theDefaultAdvertiseRateIsTheDocumentedOne() {
        assertThat(sync.advertiseRate()).isEqualTo(InstanceSync.DEFAULT_ADVERTISE_RATE);
        assertThat(InstanceSync.of(a, AdvertiseOptions.defaults(), 0).advertiseRate())
                .isZero();
    }

    @Test
    void anAdvertiseWithNoProxyConnectedSendsNothingAndAnotherIsRefusedWhileOneRuns() {
        assertThat(sync.advertise().block()).isZero();
        Nodes.udpSessions(a, 1, 5000);
        sync.live().subscribe(new reactor.core.publisher.BaseSubscriber<List<SyncRecord>>() {
            @Override
            protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
                // a proxy that asks for nothing: the first advertise stays in progress
            }
        });
        vts.advanceTimeBy(Duration.ofMillis(300));
        List<String> outcome = new CopyOnWriteArrayList<>();
        sync.advertise().subscribe(n -> outcome.add("first " + n), e -> outcome.add(e.getMessage()));
        sync.advertise().subscribe(n -> outcome.add("second " + n), e -> outcome.add(e.getMessage()));
        vts.advanceTimeBy(Duration.ofMillis(100));
        assertThat(outcome).containsExactly("joold advertisement already in progress.");
    }

    @Test
    void everyRouteIsRefusedWithJoolsMessageWhenSsEnabledIsFalse() {
        Instance off = Nodes.node(vts, 43, io.nat64.core.config.Globals.defaults());
        InstanceSync s = InstanceSync.of(off);
        String jool = "Session sync is disabled on this instance.";
        collect(s.live());
        collect(s.catchUp());
        s.advertise().subscribe(null, e -> errors.add(e.getMessage()));
        s.merge(SyncCodec.nat64(5), Flux.empty()).subscribe(null, e -> errors.add(e.getMessage()));
        assertThat(errors).containsExactly(jool, jool, jool, jool);
        off.shutdown().subscribe();
    }

    @Test
    void catchUpSendsTheWholeTableThenTheLiveUpdates() {
        Nodes.udpSessions(a, 1, 300);
        collect(sync.catchUp());
        vts.advanceTimeBy(Duration.ofSeconds(3));
        assertThat(records()).isEqualTo(300);
        Nodes.udpSessions(a, 1000, 5);
        vts.advanceTimeBy(Duration.ofSeconds(3));
        assertThat(records()).isEqualTo(305);
    }

    @Test
    void catchUpBatchesAreCutAtThePageSizeNotAtSsMaxSessionsPerPacket() {
        Nodes.udpSessions(a, 1, 300);
        InstanceSync paged = InstanceSync.of(
                a, AdvertiseOptions.defaults().withDeliverOn(vts).withPageSize(100));
        collect(paged.catchUp());
        vts.advanceTimeBy(Duration.ofSeconds(3));
        assertThat(batches).extracting(List::size).containsExactly(100, 100, 100); // ss-max-sessions-per-packet: 36
        assertThat(errors).isEmpty();
    }

    @Test
    void aSessionCopiedTwiceWithinOneCatchUpBatchLeavesOnceInItsLatestCopy() {
        Nodes.udpSessions(a, 1, 1);
        vts.advanceTimeBy(Duration.ofMinutes(3)); // past half the UDP timeout (5 min): its next packet is announced
        collect(sync.catchUp());
        vts.advanceTimeBy(Duration.ofMillis(100)); // the dump has read it; the batch waits for ss-flush-deadline
        Nodes.udpSessions(a, 1, 1); // the same flow again: a REFRESHED copy, 5 min of life
        vts.advanceTimeBy(Duration.ofSeconds(3));
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).hasSize(1);
        assertThat(batches.get(0).get(0).remainingMillis()).isGreaterThan(290_000); // not the dump's 2-minute copy
        assertThat(errors).isEmpty();
    }

    /** Keeps {@code a} busy, as a saturating data plane does, until the returned handle is disposed. */
    private Disposable busy() {
        Disposable d = vts.schedulePeriodically(
                () -> a.packets().noteBacklog(2, a.now()), 0, 10, java.util.concurrent.TimeUnit.MILLISECONDS);
        vts.advanceTime();
        return d;
    }

    @Test
    void whileTheTranslatorHasPacketsWaitingACatchUpDumpsTheTableAtItsRateThenSendsLiveUpdatesAtOnce() {
        Nodes.udpSessions(a, 1, 2000);
        busy();
        // 1,000 sessions/s in pages of 100: a page every 100 ms, so the 2,000 take about 2 s (unpaced: 20 ms)
        InstanceSync paced = InstanceSync.of(
                a, AdvertiseOptions.defaults().withDeliverOn(vts).withPageSize(100), 0, 1_000);
        assertThat(paced.catchUpRate()).isEqualTo(1_000);
        collect(paced.catchUp());
        vts.advanceTimeBy(Duration.ofMillis(50));
        assertThat(records()).isLessThanOrEqualTo(100);
        vts.advanceTimeBy(Duration.ofMillis(950));
        assertThat(records()).isBetween(900, 1100);
        vts.advanceTimeBy(Duration.ofSeconds(3));
        assertThat(records()).isEqualTo(2000);
        Nodes.udpSessions(a, 5000, 5);
        vts.advanceTimeBy(Duration.ofSeconds(3));
        assertThat(records()).isEqualTo(2005);
        assertThat(errors).isEmpty();
    }

    @Test
    void whileTheTranslatorKeepsUpACatchUpIsNotPacedAndWhileItIsBusyItIs() {
        Nodes.udpSessions(a, 1, 2000);
        InstanceSync paced = InstanceSync.of(
                a, AdvertiseOptions.defaults().withDeliverOn(vts).withPageSize(100), 0, 1_000);
        collect(paced.catchUp());
        vts.advanceTimeBy(Duration.ofMillis(1));
        assertThat(records()).as("no packet waits: page after page").isEqualTo(2000);

        batches.clear();
        Disposable saturated = busy();
        collect(paced.catchUp());
        vts.advanceTimeBy(Duration.ofMillis(450));
        assertThat(records()).as("packets wait: a page per 100 ms").isBetween(400, 500);
        saturated.dispose(); // the translator caught up: the rest soon after
        vts.advanceTimeBy(Duration.ofMillis(PacketPath.BUSY_MILLIS + 101));
        assertThat(records()).isEqualTo(2000);
        assertThat(errors).isEmpty();
    }

    /**
     * Translates a packet of client 1's flow on {@code a} every 10 ms, none ever waiting behind another, until
     * disposed.
     */
    private Disposable trickle() {
        byte[] p = TestPackets.udp6(Nodes.client(1), 5000, a.pool6().embed(Nodes.SERVER), 53, new byte[0]);
        Disposable d = vts.schedulePeriodically(
                () -> a.packets().process(p, 0, p.length, a.now()), 0, 10, java.util.concurrent.TimeUnit.MILLISECONDS);
        vts.advanceTime();
        return d;
    }

    @Test
    void aCatchUpOnANodeThatTranslatesPacketsIsPacedThoughNoneWaitAndIsNotOnceTheyStop() {
        Nodes.udpSessions(a, 1, 2000);
        Disposable traffic = trickle();
        assertThat(busy(a))
                .as("no backlog: PacketPath alone does not call this busy")
                .isFalse();
        InstanceSync paced = InstanceSync.of(
                a, AdvertiseOptions.defaults().withDeliverOn(vts).withPageSize(100), 0, 1_000);
        collect(paced.catchUp());
        vts.advanceTimeBy(Duration.ofMillis(450));
        assertThat(records()).as("packets come, none wait: a page per 100 ms").isBetween(400, 500);
        traffic.dispose(); // the node falls idle: the rest soon after
        vts.advanceTimeBy(Duration.ofMillis(PacketPath.BUSY_MILLIS + 101));
        assertThat(records()).isEqualTo(2000);
        assertThat(errors).isEmpty();
    }

    @Test
    void theCatchUpRateIsUnpacedByDefaultAndNeverNegative() {
        assertThat(InstanceSync.of(a, AdvertiseOptions.defaults().withPageInterval(Duration.ZERO))
                        .catchUpRate())
                .isZero();
        assertThat(InstanceSync.of(a, AdvertiseOptions.defaults(), 0, 250_000).catchUpRate())
                .isEqualTo(250_000);
        assertThat(InstanceSync.DEFAULT_CATCHUP_RATE).isEqualTo(100_000); // docs/daemon.md, --catchup-rate
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> InstanceSync.of(a, AdvertiseOptions.defaults(), 0, -1))
                .hasMessageContaining("catch-up rate cannot be negative: -1");
    }

    @Test
    void mergeRefusesItsOwnNodesDatagramsAndMergesAPeersIntoTheTable() {
        InstanceSync atB = InstanceSync.of(b);
        Nodes.udpSessions(a, 1, 3);
        SyncCodec peer = SyncCodec.nat64(8);
        List<SyncRecord> records = Nodes.sessions(a).stream()
                .map(x -> SyncRecord.of(x, x.expiresAt() - a.now()))
                .toList();
        byte[] fromPeer = peer.encode(records);
        byte[] fromSelf = SyncCodec.nat64(7).encode(records);
        atB.merge(SyncCodec.nat64(7), Flux.just(fromSelf, fromPeer, new byte[] {1, 2}))
                .subscribe();
        vts.advanceTimeBy(Duration.ofMillis(10));
        assertThat(atB.stats().get(SyncCounter.REJECTED_OWN_NODE)).isEqualTo(1);
        assertThat(atB.stats().get(SyncCounter.REJECTED_TRUNCATED)).isEqualTo(1);
        assertThat(atB.stats().get(SyncCounter.MERGE_ADDED)).isEqualTo(3);
        assertThat(Nodes.table(b)).isEqualTo(Nodes.table(a));
        assertThat(busy(b)).as("a catch-up that b serves yields to the merge").isTrue();
        vts.advanceTimeBy(Duration.ofMillis(PacketPath.BUSY_MILLIS));
        assertThat(busy(b)).isFalse();

        List<SyncRecord> echo = Nodes.sessions(b).stream() // b's own copies, back with less life: nothing changes
                .map(x -> SyncRecord.of(x, x.expiresAt() - b.now() - 1_000))
                .toList();
        atB.merge(SyncCodec.nat64(7), Flux.just(peer.encode(echo))).subscribe();
        vts.advanceTimeBy(Duration.ofMillis(1));
        assertThat(atB.stats().get(SyncCounter.MERGE_KEPT_LOCAL)).isEqualTo(3);
        assertThat(busy(b))
                .as("an echo of b's own sessions does not hold b's catch-ups back")
                .isFalse();
    }

    private boolean busy(Instance node) {
        List<Boolean> busy = new CopyOnWriteArrayList<>();
        node.call(db -> node.packets().busy(node.now())).subscribe(busy::add);
        vts.advanceTime();
        return busy.get(0);
    }
}
