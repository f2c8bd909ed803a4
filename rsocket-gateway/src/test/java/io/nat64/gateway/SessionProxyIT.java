package io.nat64.gateway;

import static io.nat64.gateway.GatewayFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nat64.core.config.GlobalKey;
import io.nat64.gateway.api.AdvertiseView;
import io.nat64.gateway.api.InstanceRequest;
import io.nat64.gateway.api.ProtocolRequest;
import io.nat64.gateway.api.Route;
import io.nat64.gateway.api.SessionView;
import io.nat64.streams.sync.ProxyNetwork;
import io.nat64.streams.sync.SyncCounter;
import io.nat64.streams.sync.codec.SyncCodec;
import io.nat64.streams.sync.net.InMemoryTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Two daemons (in-process gateways A and B), each with a {@link SessionProxy} on one in-memory network: what A's
 * traffic creates appears on B, an advertise on A fills B, bad datagrams are counted by B's daemon, start-up
 * failures say why, and a proxy reconnects to a daemon that comes back.
 */
class SessionProxyIT {
    private final InMemoryTransport.Hub hub = InMemoryTransport.hub();
    private final GatewayFixture a = new GatewayFixture();
    private final GatewayFixture b = new GatewayFixture();
    private final List<SessionProxy> proxies = new ArrayList<>();

    @AfterEach
    void close() {
        proxies.forEach(SessionProxy::dispose);
        a.close();
        b.close();
    }

    private static void enable(GatewayFixture f) {
        f.instance.updateGlobal(GlobalKey.SS_ENABLED, "true").block(TIMEOUT);
        f.instance.updateGlobal(GlobalKey.SS_FLUSH_DEADLINE, "20").block(TIMEOUT);
    }

    private SessionProxy proxy(InetSocketAddress gateway, String instance) {
        return proxy(gateway, instance, SyncCodec.nat64(SyncCodec.randomNodeId()));
    }

    private SessionProxy proxy(InetSocketAddress gateway, String instance, SyncCodec codec) {
        ProxyNetwork net = ProxyNetwork.datagrams(codec, hub.join(1024));
        SessionProxy p = SessionProxy.start(
                new SessionProxy.Options(
                        gateway, instance, Duration.ofSeconds(3), Duration.ofMillis(50), Duration.ofMillis(400)),
                net);
        proxies.add(p);
        return p;
    }

    private static List<SessionView> udpSessions(GatewayFixture f) {
        return udpSessions(f.client);
    }

    private static List<SessionView> udpSessions(GatewayClient client) {
        return client.stream(Route.SESSION_DISPLAY, new ProtocolRequest("default", "UDP"), SessionView.class)
                .collectList()
                .block(TIMEOUT);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            Thread.sleep(20);
        }
    }

    /** Waits until the daemon behind {@code f} has a live sync subscriber (the proxy's sync.live reached it). */
    private static void awaitLive(GatewayFixture f) throws InterruptedException {
        await("the proxy's live stream reaches the daemon", () -> f.instance.mutationSubscriberCount() > 0);
        Thread.sleep(2 * io.nat64.streams.sync.ReplicationSink.ENABLED_POLL_MILLIS);
    }

    @Test
    void sessionsCreatedOnAAppearOnBWithTheSameAddressesPortsAndTimer() throws Exception {
        enable(a);
        enable(b);
        proxy(a.gateway.tcpAddress(), "default");
        proxy(b.gateway.tcpAddress(), "default");
        awaitLive(a);
        a.udpSessions(50);
        await("50 UDP sessions on B", () -> udpSessions(b).size() == 50);
        List<SessionView> onA = udpSessions(a);
        List<SessionView> onB = udpSessions(b);
        for (int i = 0; i < onA.size(); i++) {
            SessionView x = onA.get(i);
            SessionView y = onB.get(i);
            assertThat(List.of(y.src6(), y.src6Port(), y.src4(), y.src4Port(), y.dst4(), y.dst4Port()))
                    .isEqualTo(List.of(x.src6(), x.src6Port(), x.src4(), x.src4Port(), x.dst4(), x.dst4Port()));
        }
        // B's copies came from the peer: B's own proxy sends none of them back to A.
        assertThat(b.syncs.of(b.instance).stats().get(SyncCounter.SSS_SENT)).isZero();
        assertThat(b.syncs.of(b.instance).stats().get(SyncCounter.MERGE_ADDED)).isEqualTo(50);
    }

    @Test
    void proxiesSpeakingJoolsFormatSyncTooAndTheDaemonDecodesIt() throws Exception {
        enable(a);
        enable(b);
        proxy(a.gateway.tcpAddress(), "default", SyncCodec.jool());
        proxy(b.gateway.tcpAddress(), "default", SyncCodec.jool());
        awaitLive(a);
        a.udpSessions(40);
        await("40 UDP sessions on B", () -> udpSessions(b).size() == 40);
        var stats = b.syncs.of(b.instance).stats();
        assertThat(stats.get(SyncCounter.MERGE_ADDED)).isEqualTo(40);
        assertThat(stats.get(SyncCounter.PKT_LOST)).isZero(); // no sequence numbers in Jool's format
    }

    @Test
    void syncLiveSendsBinaryRecordFramesOnlyAsTheClientAsks() throws Exception {
        enable(a);
        reactor.test.StepVerifier.create(a.client.streamBytes(Route.SYNC_LIVE, new InstanceRequest("default")), 1)
                .then(() -> {
                    try {
                        awaitLive(a);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    a.udpSessions(100); // 36 + 36 + 28 sessions
                })
                .assertNext(frame -> assertThat(io.nat64.streams.sync.codec.RecordFrame.decode(frame))
                        .hasSize(36)
                        .allMatch(r -> r.src6Port() >= 10000 && r.dst4Port() == 80))
                .expectNoEvent(Duration.ofMillis(300))
                .thenRequest(2)
                .expectNextCount(2)
                .thenCancel()
                .verify(TIMEOUT);
        assertThat(a.syncs.of(a.instance).stats().get(SyncCounter.SSS_SENT)).isEqualTo(100);
    }

    @Test
    void syncCatchupGivesTheWholeTableThenTheLiveUpdates() throws Exception {
        enable(a);
        a.udpSessions(50);
        java.util.concurrent.atomic.AtomicInteger records = new java.util.concurrent.atomic.AtomicInteger();
        reactor.core.Disposable catchUp = a.client
                .streamBytes(Route.SYNC_CATCHUP, new InstanceRequest("default"))
                .subscribe(frame -> records.addAndGet(
                        io.nat64.streams.sync.codec.RecordFrame.decode(frame).size()));
        try {
            await("the table", () -> records.get() == 50);
            a.udp(7, 4242);
            await("the table and one live session", () -> records.get() == 51);
        } finally {
            catchUp.dispose();
        }
    }

    @Test
    void advertiseOnAFillsAFreshlyStartedB() throws Exception {
        enable(a);
        enable(b);
        proxy(a.gateway.tcpAddress(), "default");
        awaitLive(a);
        a.udpSessions(300); // B is not there yet: these are lost to it
        assertThat(udpSessions(b)).isEmpty();
        proxy(b.gateway.tcpAddress(), "default");
        awaitLive(b);
        AdvertiseView advertised = a.client
                .call(Route.SESSION_ADVERTISE, new InstanceRequest("default"), AdvertiseView.class)
                .block(TIMEOUT);
        assertThat(advertised.sessions()).isEqualTo(300);
        await("300 UDP sessions on B", () -> udpSessions(b).size() == 300);
    }

    @Test
    void badDatagramsFromTheNetworkAreCountedByTheDaemonAndChangeNothing() throws Exception {
        enable(b);
        proxy(b.gateway.tcpAddress(), "default");
        awaitLive(b);
        InMemoryTransport stranger = hub.join(16);
        stranger.send(Flux.just(
                        new byte[] {1, 2, 3},
                        new byte[40],
                        "N64S garbage that is long enough".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .block(TIMEOUT);
        var stats = b.syncs.of(b.instance).stats();
        await(
                "three datagrams refused",
                () -> stats.get(SyncCounter.REJECTED_TRUNCATED) == 1
                        && stats.get(SyncCounter.REJECTED_BAD_MAGIC) == 1
                        && stats.get(SyncCounter.REJECTED_BAD_VERSION) == 1);
        assertThat(stats.get(SyncCounter.PKT_RCVD)).isZero();
        assertThat(udpSessions(b)).isEmpty();
    }

    @Test
    void startFailsWithTheReasonWhenTheInstanceIsMissingOrNotSyncingOrNoDaemonAnswers() {
        ProxyNetwork net = ProxyNetwork.datagrams(SyncCodec.jool(), hub.join(4));
        assertThatThrownBy(() -> SessionProxy.start(SessionProxy.Options.of(a.gateway.tcpAddress(), "blue"), net))
                .isInstanceOfSatisfying(SessionProxy.StartException.class, e -> assertThat(e.kind())
                        .isEqualTo(SessionProxy.StartException.Kind.UNKNOWN_INSTANCE))
                .hasMessageContaining("instance 'blue' does not exist");
        assertThatThrownBy(() -> SessionProxy.start(SessionProxy.Options.of(a.gateway.tcpAddress(), "default"), net))
                .isInstanceOfSatisfying(SessionProxy.StartException.class, e -> assertThat(e.kind())
                        .isEqualTo(SessionProxy.StartException.Kind.REFUSED))
                .hasMessageContaining("Session sync is disabled on this instance");
        InetSocketAddress nobody = new InetSocketAddress("127.0.0.1", freePort());
        assertThatThrownBy(() -> SessionProxy.start(SessionProxy.Options.of(nobody, "default"), net))
                .isInstanceOfSatisfying(SessionProxy.StartException.class, e -> assertThat(e.kind())
                        .isEqualTo(SessionProxy.StartException.Kind.NO_DAEMON))
                .hasMessageContaining("no nat64 daemon answers at 127.0.0.1:");
    }

    @Test
    void theSyncRoutesRefuseWithJoolsMessageWhenSsEnabledIsFalse() {
        assertThatThrownBy(() -> a.client
                        .streamBytes(Route.SYNC_LIVE, new InstanceRequest("default"))
                        .blockFirst(TIMEOUT))
                .hasMessage("Session sync is disabled on this instance.");
        assertThatThrownBy(() -> a.client
                        .call(Route.SYNC_ADVERTISE, new InstanceRequest("default"), AdvertiseView.class)
                        .block(TIMEOUT))
                .hasMessage("Session sync is disabled on this instance.");
    }

    @Test
    void theMergeRouteTakesOnlyARequestChannel() {
        // What any RSocket client gets from the daemon when it uses the wrong interaction.
        io.rsocket.Payload request = io.rsocket.util.DefaultPayload.create(
                "{\"instance\":\"default\",\"format\":\"nat64\",\"nodeId\":\"1\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                RouteMetadata.composite("sync.merge"));
        assertThatThrownBy(() -> a.client.rsocket().requestStream(request).blockFirst(TIMEOUT))
                .hasMessage("route 'sync.merge' is a request-channel: call it with requestChannel, not requestStream");
        io.rsocket.Payload live = io.rsocket.util.DefaultPayload.create(
                "{\"instance\":\"default\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                RouteMetadata.composite("sync.live"));
        assertThatThrownBy(
                        () -> a.client.rsocket().requestChannel(Flux.just(live)).blockFirst(TIMEOUT))
                .hasMessage("route 'sync.live' is a request-stream: call it with requestStream, not requestChannel");
        assertThatThrownBy(() -> a.client
                        .channel(Route.SYNC_LIVE, new InstanceRequest("default"), Flux.<byte[]>empty())
                        .block(TIMEOUT))
                .hasMessageContaining("is not a request-channel");
    }

    @Test
    void aProxyReconnectsWhenItsDaemonComesBack() throws Exception {
        enable(a);
        enable(b);
        proxy(a.gateway.tcpAddress(), "default");
        int port = b.gateway.tcpAddress().getPort();
        SessionProxy toB = proxy(b.gateway.tcpAddress(), "default");
        awaitLive(a);
        awaitLive(b);
        b.gateway.dispose();
        b.gateway.onClose().block(TIMEOUT);
        Gateway again = Gateway.start(
                        b.registry,
                        GatewayOptions.loopback(port, -1),
                        new StreamsSessionFeeds(b.announcements),
                        b.announcements,
                        b.syncs)
                .block(TIMEOUT);
        GatewayClient client = GatewayClient.connect(again.tcpAddress()).block(TIMEOUT);
        try {
            await("the proxy connected again", () -> toB.connections() >= 2);
            awaitLive(b);
            a.udpSessions(10);
            await(
                    "10 UDP sessions on B after the reconnect",
                    () -> udpSessions(client).size() == 10);
        } finally {
            client.dispose();
            again.dispose();
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
