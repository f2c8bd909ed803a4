package io.nat64.gateway.peer;

import static io.nat64.gateway.peer.PeerFixture.TIMEOUT;
import static io.nat64.gateway.peer.PeerFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.streams.session.AdvertiseOptions;
import io.nat64.streams.sync.codec.SyncCodec;
import io.nat64.streams.sync.codec.SyncRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A slow subscriber throttles its stream: the server produces what was requested, never more. */
class PeerBackpressureIT {
    @TempDir
    Path dir;

    @Test
    void aSlowSubscriberIsThrottledAndNothingPilesUpOnTheServer() throws Exception {
        try (PeerFixture f = new PeerFixture(dir)) {
            List<SyncRecord> records = new ArrayList<>();
            for (int i = 1; i <= 256; i++) {
                records.add(PeerReplicationIT.record(i));
            }
            AtomicLong produced = new AtomicLong();
            // a feed that could produce millions of batches a second if asked
            PeerFeed feed = name -> {
                SyncCodec codec = SyncCodec.nat64(PeerFixture.NODE_A);
                return Flux.<byte[]>generate(sink -> sink.next(codec.encode(records)))
                        .doOnNext(d -> produced.incrementAndGet());
            };
            AtomicLong merged = new AtomicLong();
            int window = 4;
            PeerStats statsA = PeerStats.create();
            PeerServer server =
                    PeerServer.start(f.serverOptions(), feed, statsA).block(TIMEOUT);
            PeerClient link = PeerClient.connect(
                    f.clientOptions(server.address()).withWindow(window),
                    d -> Mono.delay(Duration.ofMillis(50))
                            .doOnNext(t -> merged.incrementAndGet())
                            .then(),
                    PeerStats.create());
            try {
                await(TIMEOUT, "10 slow merges", () -> merged.get() >= 10);
                for (int i = 0; i < 10; i++) {
                    PeerFixture.sleep(150);
                    // requested = merged + at most the window (+1 being merged); produced never runs ahead of it
                    assertThat(produced.get()).isLessThanOrEqualTo(merged.get() + window + 1);
                }
                assertThat(statsA.get("node-b", PeerSnapshot.Direction.SERVED).batches())
                        .isEqualTo(produced.get());
                assertThat(merged.get()).isBetween(10L, 200L);
            } finally {
                link.dispose();
                server.dispose();
            }
        }
    }

    @Test
    void aSubscriberSlowerThanTheChurnStillGetsTheWholeTableWithoutABufferGrowing() throws Exception {
        try (PeerFixture f = new PeerFixture(dir)) {
            PeerFixture.udpSessions(f.a, 1, 2000);
            // a small per-subscriber buffer: 2 pages of 256
            InstanceFeed feed = InstanceFeed.of(
                    f.a,
                    PeerFixture.NODE_A,
                    64,
                    Duration.ofMillis(10),
                    AdvertiseOptions.defaults().withPageSize(256).withBufferSize(512));
            AtomicBoolean slow = new AtomicBoolean(true);
            PeerStats statsA = PeerStats.create();
            PeerStats statsB = PeerStats.create();
            PeerServer server =
                    PeerServer.start(f.serverOptions(), feed, statsA).block(TIMEOUT);
            PeerClient link = PeerClient.connect(
                    f.clientOptions(server.address()).withWindow(2),
                    d -> slow.get()
                            ? Mono.delay(Duration.ofMillis(20))
                                    .then(f.mergeIntoB().apply(d))
                            : f.mergeIntoB().apply(d),
                    statsB);
            try {
                int next = 10_000;
                long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                while (System.nanoTime() < until) { // churn far beyond what 2 batches per 20 ms can carry
                    PeerFixture.udpSessions(f.a, next, 200);
                    next += 200;
                    PeerFixture.sleep(20);
                }
                slow.set(false);
                List<String> expected = PeerFixture.table(f.a);
                try {
                    await(
                            Duration.ofSeconds(60),
                            "B to hold A's table after catching up afresh",
                            () -> PeerFixture.table(f.b).equals(expected));
                } catch (AssertionError e) {
                    throw new AssertionError(
                            expected.size() + " on A, " + PeerFixture.size(f.b) + " on B; " + statsA.snapshot() + " "
                                    + statsB.snapshot(),
                            e);
                }
                // While the slow catch-up reads the table, new sessions ahead of its cursor are left for it to read
                // (not buffered); those behind it wait in a buffer of 512 that, when full, restarts the catch-up
                // (feed.resyncs()). Either way the table is the buffer, and B ends up with all of it.
            } finally {
                link.dispose();
                server.dispose();
            }
        }
    }
}
