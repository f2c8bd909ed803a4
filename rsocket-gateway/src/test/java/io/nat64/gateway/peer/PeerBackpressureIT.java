package io.nat64.gateway.peer;

import static io.nat64.gateway.peer.PeerFixture.TIMEOUT;
import static io.nat64.gateway.peer.PeerFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.streams.sync.codec.SyncCodec;
import io.nat64.streams.sync.codec.SyncRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
}
