package io.nat64.gateway;

import static io.nat64.gateway.GatewayFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.config.GlobalKey;
import io.nat64.gateway.api.ProtocolRequest;
import io.nat64.gateway.api.Route;
import io.nat64.gateway.api.SessionView;
import io.nat64.gateway.peer.PeerOptions;
import io.nat64.gateway.peer.PeerSnapshot;
import io.nat64.gateway.peer.PeerStats;
import io.nat64.streams.sync.SyncCounter;
import io.nat64.streams.sync.codec.SyncCodec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemons (in-process gateways A and B) whose proxies are joined by RSocket peers ({@link ProxyPeers}): B's
 * proxy subscribes to A's, which serves A's {@code sync.catchup}; what B receives goes to B's {@code sync.merge}.
 */
class ProxyPeersIT {
    private final GatewayFixture a = new GatewayFixture();
    private final GatewayFixture b = new GatewayFixture();
    private final List<ProxyPeers> proxies = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        proxies.forEach(ProxyPeers::dispose);
        a.close();
        b.close();
    }

    private static void enable(GatewayFixture f) {
        f.instance.updateGlobal(GlobalKey.SS_ENABLED, "true").block(TIMEOUT);
        f.instance.updateGlobal(GlobalKey.SS_FLUSH_DEADLINE, "20").block(TIMEOUT);
    }

    private Path secret(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text + "\n", StandardCharsets.UTF_8);
        return f;
    }

    private ProxyPeers listening(GatewayFixture f, Path secret, PeerStats stats) {
        PeerOptions o = new PeerOptions(new InetSocketAddress("127.0.0.1", 0), List.of(), secret, null);
        return start(f, o, stats);
    }

    private ProxyPeers subscribing(GatewayFixture f, InetSocketAddress peer, Path secret, PeerStats stats) {
        PeerOptions o = new PeerOptions(null, List.of(peer), secret, null);
        return start(f, o, stats);
    }

    private ProxyPeers start(GatewayFixture f, PeerOptions o, PeerStats stats) {
        ProxyPeers p = ProxyPeers.start(
                        SessionProxy.Options.of(f.gateway.tcpAddress(), "default"),
                        o,
                        SyncCodec.randomNodeId(),
                        "node",
                        stats)
                .block(TIMEOUT);
        proxies.add(p);
        return p;
    }

    private static InetSocketAddress where(ProxyPeers p) {
        InetSocketAddress at = p.listenAddress();
        assertThat(at).isNotNull();
        return InetSocketAddress.createUnresolved("127.0.0.1", at.getPort());
    }

    private static int udpSessions(GatewayFixture f) {
        List<SessionView> l = f.client.stream(
                        Route.SESSION_DISPLAY, new ProtocolRequest("default", "UDP"), SessionView.class)
                .collectList()
                .block(TIMEOUT);
        return l == null ? 0 : l.size();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            Thread.sleep(20);
        }
    }

    @Test
    void aSubscriberGetsTheWholeTableThenLiveSessionsMergedByItsDaemonAndServesNoneBack() throws Exception {
        enable(a);
        enable(b);
        a.udpSessions(100); // before B subscribes: the catch-up brings them
        Path secret = secret("s", "0123456789abcdef0123456789abcdef");
        ProxyPeers onA = listening(a, secret, PeerStats.create());
        PeerStats bStats = PeerStats.create();
        subscribing(b, where(onA), secret, bStats);
        await("100 sessions of the catch-up on B", () -> udpSessions(b) == 100);
        // a live session reaches B, and B's live stream (what B would send to its own peers) carries none of it
        int subscribers = b.instance.mutationSubscriberCount();
        var bLive = b.client
                .streamBytes(Route.SYNC_LIVE, new io.nat64.gateway.api.InstanceRequest("default"))
                .take(java.time.Duration.ofMillis(800))
                .collectList()
                .toFuture();
        await("B's live stream opens", () -> b.instance.mutationSubscriberCount() > subscribers);
        Thread.sleep(2 * io.nat64.streams.sync.ReplicationSink.ENABLED_POLL_MILLIS);
        a.udp(9, 4242);
        await("the live one on B too", () -> udpSessions(b) == 101);
        assertThat(bLive.get()).isEmpty();
        assertThat(b.syncs.of(b.instance).stats().get(SyncCounter.MERGE_ADDED)).isEqualTo(101);
        PeerSnapshot link = bStats.snapshot().get(0);
        assertThat(link.direction()).isEqualTo(PeerSnapshot.Direction.SUBSCRIBED);
        assertThat(link.connected()).isTrue();
        assertThat(link.sessions()).isEqualTo(101);
        assertThat(onA.stats().snapshot()).singleElement().satisfies(s -> assertThat(s.direction())
                .isEqualTo(PeerSnapshot.Direction.SERVED));
    }

    @Test
    void aSubscriberWithTheWrongSecretIsRefusedAndMergesNothing() throws Exception {
        enable(a);
        enable(b);
        a.udpSessions(20);
        PeerStats aStats = PeerStats.create();
        ProxyPeers onA = listening(a, secret("s", "0123456789abcdef0123456789abcdef"), aStats);
        PeerStats bStats = PeerStats.create();
        subscribing(b, where(onA), secret("t", "fedcba9876543210fedcba9876543210"), bStats);
        await("A refuses B's SETUP", () -> aStats.setupsRejected() >= 1);
        await("B knows", () -> bStats.snapshot().stream().anyMatch(s -> s.setupsRejected() >= 1));
        Thread.sleep(300);
        assertThat(udpSessions(b)).isZero();
        assertThat(b.syncs.of(b.instance).stats().get(SyncCounter.PKT_RCVD)).isZero();
    }

    @Test
    void aRestartedDaemonRefillsFromItsPeerWithNoAdvertise() throws Exception {
        enable(a);
        a.udpSessions(60);
        Path secret = secret("s", "0123456789abcdef0123456789abcdef");
        ProxyPeers onA = listening(a, secret, PeerStats.create());
        try (GatewayFixture fresh = new GatewayFixture()) {
            enable(fresh);
            subscribing(fresh, where(onA), secret, PeerStats.create());
            await("60 sessions on the fresh node", () -> udpSessions(fresh) == 60);
            proxies.remove(proxies.size() - 1).dispose();
        }
        try (GatewayFixture again = new GatewayFixture()) {
            enable(again);
            subscribing(again, where(onA), secret, PeerStats.create());
            await("60 sessions on the node started again", () -> udpSessions(again) == 60);
            proxies.remove(proxies.size() - 1).dispose();
        }
    }
}
