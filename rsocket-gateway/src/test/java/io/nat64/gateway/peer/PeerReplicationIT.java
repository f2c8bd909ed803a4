package io.nat64.gateway.peer;

import static io.nat64.gateway.peer.PeerFixture.TIMEOUT;
import static io.nat64.gateway.peer.PeerFixture.await;
import static io.nat64.gateway.peer.PeerFixture.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.TcpState;
import io.nat64.core.session.TimerType;
import io.nat64.streams.session.AdvertiseOptions;
import io.nat64.streams.sync.SyncCounter;
import io.nat64.streams.sync.codec.SyncCodec;
import io.nat64.streams.sync.codec.SyncRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/** Sessions made on node A land on node B over a real RSocket peer link on loopback. */
class PeerReplicationIT {
    @TempDir
    Path dir;

    @Test
    void aSubscriberCatchesUpWithTheWholeTableThenFollowsLiveSessions() throws Exception {
        try (PeerFixture f = new PeerFixture(dir)) {
            PeerFixture.udpSessions(f.a, 1, 3000);
            PeerStats statsA = PeerStats.create();
            PeerStats statsB = PeerStats.create();
            PeerServer server =
                    PeerServer.start(f.serverOptions(), f.feedA(), statsA).block(TIMEOUT);
            PeerClient link = PeerClient.connect(f.clientOptions(server.address()), f.mergeIntoB(), statsB);
            try {
                try {
                    await(TIMEOUT, "B to hold A's 3000 sessions", () -> table(f.b)
                            .equals(table(f.a)));
                } catch (AssertionError e) {
                    throw new AssertionError(
                            statsA.snapshot() + " " + statsB.snapshot() + " " + statsB.sync() + " " + f.daemonStatsB,
                            e);
                }
                PeerFixture.udpSessions(f.a, 5001, 200);
                assertThat(PeerFixture.size(f.a)).isEqualTo(3200);
                await(TIMEOUT, "B to hold the 200 live ones too", () -> table(f.b)
                        .equals(table(f.a)));

                PeerSnapshot in =
                        statsB.get("127.0.0.1:" + server.address().getPort(), PeerSnapshot.Direction.SUBSCRIBED);
                assertThat(in).isNotNull();
                assertThat(in.connected()).isTrue();
                assertThat(in.catchUps()).isEqualTo(1);
                assertThat(in.sessions()).isGreaterThanOrEqualTo(3200);
                assertThat(in.lostBatches()).isZero();
                assertThat(in.lastBatchAgeMillis()).isBetween(0L, TIMEOUT.toMillis());
                PeerSnapshot out = statsA.get("node-b", PeerSnapshot.Direction.SERVED);
                assertThat(out).isNotNull();
                assertThat(out.connected()).isTrue();
                assertThat(out.batches()).isEqualTo(in.batches()); // nothing lost, nothing twice
                assertThat(statsB.sync().get(SyncCounter.PKT_LOST)).isZero();
                assertThat(statsB.sync().get(SyncCounter.SSS_RCVD)).isEqualTo(in.sessions());
                assertThat(f.daemonStatsB.get(SyncCounter.MERGE_ADDED)).isEqualTo(3200);
            } finally {
                link.dispose();
                server.dispose();
            }
        }
    }

    @Test
    void sessionsCreatedWhileTheCatchUpIsReadStillArrive() throws Exception {
        try (PeerFixture f = new PeerFixture(dir)) {
            PeerFixture.udpSessions(f.a, 1, 20_000);
            // small, slow pages: the dump takes a while, and churn lands before and after its cursor
            InstanceFeed feed = InstanceFeed.of(
                    f.a,
                    PeerFixture.NODE_A,
                    128,
                    Duration.ofMillis(20),
                    AdvertiseOptions.defaults().withPageSize(256).withPageInterval(Duration.ofMillis(2)));
            PeerStats statsB = PeerStats.create();
            PeerServer server = PeerServer.start(f.serverOptions(), feed, PeerStats.create())
                    .block(TIMEOUT);
            AtomicBoolean stop = new AtomicBoolean();
            Thread churn = new Thread(() -> {
                int next = 100_000;
                while (!stop.get()) {
                    PeerFixture.udpSessions(f.a, next, 50); // new sessions
                    PeerFixture.udpSessions(f.a, 1 + (next % 20_000), 50); // and refreshes of old ones
                    next += 50;
                }
            });
            PeerClient link = PeerClient.connect(f.clientOptions(server.address()), f.mergeIntoB(), statsB);
            try {
                churn.start();
                PeerFixture.sleep(300);
                stop.set(true);
                churn.join();
                List<String> expected = table(f.a);
                assertThat(expected.size()).isGreaterThan(20_000);
                await(TIMEOUT, "B to hold A's table with the churn", () -> table(f.b)
                        .equals(expected));
                assertThat(statsB.snapshot().get(0).catchUps()).isEqualTo(1);
            } finally {
                stop.set(true);
                link.dispose();
                server.dispose();
            }
        }
    }

    @Test
    void badBatchesAreRefusedAndCountedAndNothingOfThemIsMerged() throws Exception {
        try (PeerFixture f = new PeerFixture(dir)) {
            SyncCodec codec = SyncCodec.nat64(PeerFixture.NODE_A);
            byte[] good1 = codec.encode(List.of(record(1)));
            byte[] corrupted = codec.encode(List.of(record(2)));
            corrupted[30] ^= 0x01;
            byte[] skipped = codec.encode(List.of(record(3))); // never sent: a gap of one
            byte[] good2 = codec.encode(List.of(record(4)));
            byte[] own = SyncCodec.nat64(PeerFixture.NODE_B).encode(List.of(record(5)));
            byte[] garbage = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25
            };
            assertThat(skipped).isNotEmpty();
            PeerFeed feed =
                    name -> Flux.just(good1, corrupted, garbage, own, good2).concatWith(Flux.never());
            PeerStats statsB = PeerStats.create();
            PeerServer server = PeerServer.start(f.serverOptions(), feed, PeerStats.create())
                    .block(TIMEOUT);
            PeerClient link = PeerClient.connect(f.clientOptions(server.address()), f.mergeIntoB(), statsB);
            try {
                await(TIMEOUT, "the two good sessions on B", () -> PeerFixture.size(f.b) == 2);
                assertThat(table(f.b)).allMatch(s -> s.contains("2001:db8::1#") || s.contains("2001:db8::4#"));
                assertThat(statsB.sync().get(SyncCounter.REJECTED_BAD_CHECKSUM)).isEqualTo(1);
                assertThat(statsB.sync().get(SyncCounter.REJECTED_BAD_MAGIC)).isEqualTo(1);
                assertThat(statsB.sync().get(SyncCounter.REJECTED_OWN_NODE)).isEqualTo(1);
                assertThat(statsB.sync().get(SyncCounter.PKT_RCVD)).isEqualTo(2);
                assertThat(statsB.sync().get(SyncCounter.PKT_LOST)).isEqualTo(2); // 3 and the corrupted 2
                PeerSnapshot in = statsB.snapshot().get(0);
                assertThat(in.rejectedBatches()).isEqualTo(3);
                assertThat(in.lostBatches()).isEqualTo(2);
                assertThat(in.sessions()).isEqualTo(2);
            } finally {
                link.dispose();
                server.dispose();
            }
        }
    }

    @Test
    void aNodeSubscribedToItselfRefusesEveryBatchAsItsOwn() throws Exception {
        try (PeerFixture f = new PeerFixture(dir)) {
            PeerFixture.udpSessions(f.a, 1, 100);
            PeerStats stats = PeerStats.create();
            PeerServer server =
                    PeerServer.start(f.serverOptions(), f.feedA(), stats).block(TIMEOUT);
            PeerClientOptions self = PeerClientOptions.of(server.address(), f.secret(), null, PeerFixture.NODE_A, "a");
            PeerClient link = PeerClient.connect(self, f.mergeIntoB(), stats);
            try {
                await(TIMEOUT, "A's batches refused", () -> stats.sync().get(SyncCounter.REJECTED_OWN_NODE) > 0);
                PeerFixture.sleep(200);
                assertThat(PeerFixture.size(f.b)).isZero();
                assertThat(stats.sync().get(SyncCounter.PKT_RCVD)).isZero();
            } finally {
                link.dispose();
                server.dispose();
            }
        }
    }

    static SyncRecord record(int client) {
        return new SyncRecord(
                L4Protocol.UDP,
                new Ipv6Address(0x2001_0db8_0000_0000L, client),
                5000,
                Ipv4Address.parse("192.0.2.1"),
                62000 + client,
                PeerFixture.SERVER,
                53,
                TcpState.ESTABLISHED,
                TimerType.EST,
                60_000);
    }
}
