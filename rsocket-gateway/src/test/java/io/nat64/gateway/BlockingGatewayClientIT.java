package io.nat64.gateway;

import static io.nat64.gateway.GatewayFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.GlobalKey;
import io.nat64.core.instance.Instance;
import io.nat64.gateway.api.FollowView;
import io.nat64.gateway.api.InstanceRequest;
import io.nat64.gateway.api.Pool6View;
import io.nat64.gateway.api.ProtocolRequest;
import io.nat64.gateway.api.Route;
import io.nat64.gateway.api.SessionView;
import io.rsocket.exceptions.ApplicationErrorException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The blocking client against the real (rsocket-java) gateway: every interaction it uses. */
class BlockingGatewayClientIT {
    private final List<Long> requested = new CopyOnWriteArrayList<>();
    private final GatewayFixture f = new GatewayFixture(a -> new SessionFeeds() {
        private final SessionFeeds core = new StreamsSessionFeeds(a);

        @Override
        public Flux<SessionView> display(Instance instance, L4Protocol protocol) {
            return core.display(instance, protocol).doOnRequest(requested::add);
        }

        @Override
        public Flux<FollowView> follow(Instance instance) {
            return core.follow(instance).doOnRequest(requested::add);
        }

        @Override
        public Mono<Long> advertise(Instance instance) {
            return core.advertise(instance);
        }
    });
    private final BlockingGatewayClient client;

    BlockingGatewayClientIT() throws Exception {
        client = BlockingGatewayClient.connect(f.gateway.tcpAddress(), TIMEOUT);
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        f.close();
    }

    @Test
    void requestResponseGetsItsAnswer() throws Exception {
        assertThat(client.call(Route.POOL6_DISPLAY, new InstanceRequest("default"), Pool6View.class, TIMEOUT))
                .isEqualTo(new Pool6View("64:ff9b::/96"));
        assertThat(client.call(Route.POOL6_DISPLAY, new InstanceRequest("default"), Pool6View.class, TIMEOUT))
                .as("a second request on the same connection")
                .isEqualTo(new Pool6View("64:ff9b::/96"));
    }

    @Test
    void theDaemonsRefusalIsAnApplicationError() {
        assertThatThrownBy(
                        () -> client.call(Route.POOL6_DISPLAY, new InstanceRequest("nope"), Pool6View.class, TIMEOUT))
                .isInstanceOf(ApplicationErrorException.class)
                .hasMessageStartingWith("instance 'nope' does not exist");
    }

    @Test
    void aStreamIsReadInBatchesOfRequestN() throws Exception {
        f.udpSessions(10);
        List<SessionView> got = new ArrayList<>();
        try (BlockingGatewayClient.Elements<SessionView> e = client.stream(
                Route.SESSION_DISPLAY, new ProtocolRequest("default", "UDP"), SessionView.class, 4, TIMEOUT)) {
            for (SessionView s; (s = e.next()) != null; ) {
                got.add(s);
            }
            assertThat(e.next()).isNull();
        }
        assertThat(got).hasSize(10).extracting(SessionView::src6Port).doesNotHaveDuplicates();
        assertThat(requested).startsWith(4L, 2L, 2L);
        assertThat(requested.stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(10);
        assertThat(client.call(Route.POOL6_DISPLAY, new InstanceRequest("default"), Pool6View.class, TIMEOUT))
                .as("the connection is usable after a stream")
                .isNotNull();
    }

    @Test
    void anErrorInAStreamArrivesAsAnApplicationError() throws Exception {
        try (BlockingGatewayClient.Elements<SessionView> e = client.stream(
                Route.SESSION_DISPLAY, new ProtocolRequest("nope", null), SessionView.class, 8, TIMEOUT)) {
            assertThatThrownBy(e::next).isInstanceOf(ApplicationErrorException.class);
        }
    }

    @Test
    void closingAFollowCancelsItAndFreesTheSubscription() throws Exception {
        f.instance.updateGlobal(GlobalKey.SS_ENABLED, "true").block(TIMEOUT);
        BlockingGatewayClient.Elements<FollowView> e =
                client.stream(Route.SESSION_FOLLOW, new InstanceRequest("default"), FollowView.class, 2, null);
        awaitMutationSubscribers(1);
        f.udpSessions(3);
        assertThat(e.next().line()).startsWith("UDP,2001:db8::1,10000,");
        assertThat(e.next().line()).startsWith("UDP,2001:db8::1,10001,");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (requested.size() < 2) { // the top-up travels while the test reads on
            assertThat(System.nanoTime())
                    .as("a REQUEST_N after the first element")
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
        assertThat(requested).startsWith(2L, 1L); // topped up by half a batch as it is consumed
        e.close();
        awaitMutationSubscribers(0);
    }

    @Test
    void aQuietFollowOutlivesTheMaxLifetimeBecauseItSendsKeepalives() throws Exception {
        f.instance.updateGlobal(GlobalKey.SS_ENABLED, "true").block(TIMEOUT);
        try (BlockingGatewayClient quick = BlockingGatewayClient.connect(
                        f.gateway.tcpAddress(), TIMEOUT, Duration.ofMillis(100), Duration.ofMillis(400));
                BlockingGatewayClient.Elements<FollowView> e =
                        quick.stream(Route.SESSION_FOLLOW, new InstanceRequest("default"), FollowView.class, 4, null)) {
            awaitMutationSubscribers(1);
            Thread.sleep(1500); // nothing happens for almost four lifetimes
            f.udp(9, 9000);
            assertThat(e.next().line()).startsWith("UDP,2001:db8::9,9000,");
        }
    }

    @Test
    void anIdleTimeoutEndsAWaitWithATimeout() throws Exception {
        try (BlockingGatewayClient.Elements<FollowView> e = follow(Duration.ofMillis(300))) {
            long start = System.nanoTime();
            assertThatThrownBy(e::next).isInstanceOf(java.util.concurrent.TimeoutException.class);
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 3000L);
        }
    }

    private BlockingGatewayClient.Elements<FollowView> follow(Duration idle) throws Exception {
        f.instance.updateGlobal(GlobalKey.SS_ENABLED, "true").block(TIMEOUT);
        return client.stream(Route.SESSION_FOLLOW, new InstanceRequest("default"), FollowView.class, 4, idle);
    }

    @Test
    void aRefusedConnectionIsAConnectException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        InetSocketAddress nobody = InetSocketAddress.createUnresolved("127.0.0.1", port);
        assertThatThrownBy(() -> BlockingGatewayClient.connect(nobody, Duration.ofSeconds(2)))
                .isInstanceOf(ConnectException.class);
    }

    private void awaitMutationSubscribers(long n) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (Scannable.from(f.instance.mutations()).inners().count() != n) {
            assertThat(System.nanoTime())
                    .as("mutation subscribers to become " + n)
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
