package io.nat64.gateway.peer;

import static io.nat64.gateway.peer.PeerFixture.TIMEOUT;
import static io.nat64.gateway.peer.PeerFixture.await;
import static io.nat64.gateway.peer.PeerFixture.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.streams.sync.SyncCounter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * The link survives cuts: a short one is resumed (RSocket resumption) with nothing lost and nothing twice; a
 * longer one, or a restart of the serving side, ends in a fresh subscription and a fresh catch-up. The cut is
 * made by a TCP relay between the two nodes.
 */
class PeerResumeIT {
    @TempDir
    Path dir;

    @Test
    void aCutOfTwoSecondsIsResumedLosingNothingAndRepeatingNothing() throws Exception {
        try (PeerFixture f = new PeerFixture(dir)) {
            PeerFixture.udpSessions(f.a, 1, 2000);
            PeerStats statsA = PeerStats.create();
            PeerStats statsB = PeerStats.create();
            PeerServer server =
                    PeerServer.start(f.serverOptions(), f.feedA(), statsA).block(TIMEOUT);
            try (TcpRelay relay = new TcpRelay(server.address())) {
                PeerClient link = PeerClient.connect(
                        f.clientOptions(relay.address()).withResumeSession(Duration.ofSeconds(20)),
                        f.mergeIntoB(),
                        statsB);
                try {
                    await(TIMEOUT, "B caught up", () -> table(f.b).equals(table(f.a)));
                    relay.cut();
                    for (int k = 0; k < 20; k++) { // traffic on A goes on during the cut
                        PeerFixture.udpSessions(f.a, 10_000 + 50 * k, 50);
                        PeerFixture.sleep(100);
                    }
                    relay.restore();
                    List<String> expected = table(f.a);
                    assertThat(expected).hasSize(3000);
                    await(TIMEOUT, "B to hold what A made during the cut", () -> table(f.b)
                            .equals(expected));
                    PeerSnapshot in = statsB.snapshot().get(0);
                    PeerSnapshot out = statsA.get("node-b", PeerSnapshot.Direction.SERVED);
                    assertThat(in.resumptions()).isEqualTo(1);
                    assertThat(in.catchUps()).isEqualTo(1);
                    assertThat(out.catchUps()).isEqualTo(1);
                    assertThat(in.batches()).isEqualTo(out.batches()); // every batch sent arrived once
                    assertThat(statsB.sync().get(SyncCounter.PKT_LOST)).isZero();
                    assertThat(statsB.sync().get(SyncCounter.PKT_REORDERED)).isZero();
                } finally {
                    link.dispose();
                }
            } finally {
                server.dispose();
            }
        }
    }

    @Test
    void anOutageLongerThanTheResumeSessionEndsInAFreshCatchUp() throws Exception {
        try (PeerFixture f = new PeerFixture(dir)) {
            PeerFixture.udpSessions(f.a, 1, 1000);
            PeerStats statsB = PeerStats.create();
            PeerServer server = PeerServer.start(
                            f.serverOptions().withResumeSession(Duration.ofSeconds(1)), f.feedA(), PeerStats.create())
                    .block(TIMEOUT);
            try (TcpRelay relay = new TcpRelay(server.address())) {
                PeerClient link = PeerClient.connect(
                        f.clientOptions(relay.address()).withResumeSession(Duration.ofSeconds(1)),
                        f.mergeIntoB(),
                        statsB);
                try {
                    await(TIMEOUT, "B caught up", () -> table(f.b).equals(table(f.a)));
                    relay.cut();
                    PeerFixture.udpSessions(f.a, 5000, 300);
                    PeerFixture.sleep(3000);
                    relay.restore();
                    List<String> expected = table(f.a);
                    await(TIMEOUT, "B refilled by a fresh catch-up", () -> table(f.b)
                            .equals(expected));
                    PeerSnapshot in = statsB.snapshot().get(0);
                    assertThat(in.catchUps()).isEqualTo(2);
                    assertThat(in.connected()).isTrue();
                } finally {
                    link.dispose();
                }
            } finally {
                server.dispose();
            }
        }
    }

    @Test
    void aRestartedServerIsSubscribedToAgainWithAFreshCatchUp() throws Exception {
        try (PeerFixture f = new PeerFixture(dir)) {
            PeerFixture.udpSessions(f.a, 1, 500);
            PeerStats statsB = PeerStats.create();
            PeerServer server = PeerServer.start(f.serverOptions(), f.feedA(), PeerStats.create())
                    .block(TIMEOUT);
            int port = server.address().getPort();
            PeerClient link = PeerClient.connect(f.clientOptions(server.address()), f.mergeIntoB(), statsB);
            PeerServer restarted = null;
            try {
                await(TIMEOUT, "B caught up", () -> table(f.b).equals(table(f.a)));
                server.dispose();
                server.onClose().block(TIMEOUT);
                PeerFixture.udpSessions(f.a, 5000, 300);
                restarted = PeerServer.start(
                                PeerServerOptions.of(new InetSocketAddress("127.0.0.1", port), f.secret(), null),
                                f.feedA(),
                                PeerStats.create())
                        .block(TIMEOUT);
                List<String> expected = table(f.a);
                await(TIMEOUT, "B refilled from the restarted server", () -> table(f.b)
                        .equals(expected));
                assertThat(statsB.snapshot().get(0).catchUps()).isEqualTo(2);
            } finally {
                link.dispose();
                if (restarted != null) {
                    restarted.dispose();
                }
            }
        }
    }

    @Test
    void aFailedMergeEndsTheStreamAndAFreshCatchUpRefillsTheNode() throws Exception {
        try (PeerFixture f = new PeerFixture(dir)) {
            PeerFixture.udpSessions(f.a, 1, 1000);
            AtomicInteger calls = new AtomicInteger();
            // the daemon behind sync.merge goes away once (say, it restarts) at the third batch
            Function<byte[], Mono<Void>> merge = d -> calls.incrementAndGet() == 3
                    ? Mono.error(new IllegalStateException("gateway closed"))
                    : f.mergeIntoB().apply(d);
            PeerStats statsB = PeerStats.create();
            PeerServer server = PeerServer.start(f.serverOptions(), f.feedA(), PeerStats.create())
                    .block(TIMEOUT);
            PeerClient link = PeerClient.connect(f.clientOptions(server.address()), merge, statsB);
            try {
                await(TIMEOUT, "B refilled after the failed merge", () -> table(f.b)
                        .equals(table(f.a)));
                PeerSnapshot in = statsB.snapshot().get(0);
                assertThat(in.catchUps()).isEqualTo(2);
                assertThat(in.lastError()).isEqualTo("gateway closed");
            } finally {
                link.dispose();
                server.dispose();
            }
        }
    }
}
