package io.nat64.gateway.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.instance.Instance;
import io.nat64.streams.session.AdvertiseOptions;
import io.nat64.streams.sync.codec.SyncBatch;
import io.nat64.streams.sync.codec.SyncCodec;
import io.nat64.streams.sync.codec.SyncRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The in-process catch-up feed, in virtual time (its batching timer is {@code Schedulers.parallel()}'s). */
class InstanceFeedTest {
    private final VirtualTimeScheduler vts = VirtualTimeScheduler.getOrSet();
    private final Instance a = PeerFixture.node(vts, 1); // UDP timeout 1 h
    private final List<List<SyncRecord>> batches = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        a.shutdown().subscribe();
        vts.advanceTime();
        VirtualTimeScheduler.reset();
    }

    @Test
    void aSessionCopiedTwiceWithinOneBatchLeavesOnceInItsLatestCopy() {
        PeerFixture.udpSessions(a, 1, 1);
        vts.advanceTimeBy(Duration.ofMinutes(31)); // past half the UDP timeout: the flow's next packet is announced
        SyncCodec receiver = SyncCodec.nat64(PeerFixture.NODE_B);
        Disposable feed = InstanceFeed.of(
                        a,
                        PeerFixture.NODE_A,
                        256,
                        Duration.ofSeconds(1),
                        AdvertiseOptions.defaults().withDeliverOn(vts))
                .open("b")
                .subscribe(d -> batches.add(((SyncBatch) receiver.decode(d)).records()));
        vts.advanceTimeBy(Duration.ofMillis(100)); // the dump has read it; the batch waits for its flush delay
        PeerFixture.udpSessions(a, 1, 1); // the same flow again: a REFRESHED copy with a full hour to live
        vts.advanceTimeBy(Duration.ofSeconds(2));
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).hasSize(1);
        assertThat(batches.get(0).get(0).remainingMillis()).isGreaterThan(3_500_000); // not the dump's 29-minute copy
        feed.dispose();
    }
}
