package io.nat64.gateway;

import static io.nat64.gateway.GatewayFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.GlobalKey;
import io.nat64.core.instance.Instance;
import io.nat64.gateway.api.AdvertiseView;
import io.nat64.gateway.api.FollowView;
import io.nat64.gateway.api.InstanceRequest;
import io.nat64.gateway.api.InstanceView;
import io.nat64.gateway.api.Route;
import io.nat64.gateway.api.SessionView;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** {@code session.follow} over loopback TCP: the client's demand reaches the feed unchanged, and leaving frees it. */
class SessionFollowIT {
    private final List<Long> requested = new CopyOnWriteArrayList<>();
    private final GatewayFixture f = new GatewayFixture(a -> new RecordingFeeds(new StreamsSessionFeeds(a), requested));

    @AfterEach
    void close() {
        f.close();
    }

    /** How many subscribers the instance's mutation stream has now. */
    private static long mutationSubscribers(Instance i) {
        return Scannable.from(i.mutations()).inners().count();
    }

    private void awaitSubscribers(long n) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (mutationSubscribers(f.instance) != n) {
            assertThat(System.nanoTime())
                    .as("mutation subscribers to become " + n)
                    .isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private Flux<FollowView> follow(GatewayClient client) {
        return client.stream(Route.SESSION_FOLLOW, new InstanceRequest("default"), FollowView.class);
    }

    @Test
    void theClientsRequestNReachesTheFeedUnchanged() {
        f.instance.updateGlobal(GlobalKey.SS_ENABLED, "true").block(TIMEOUT);
        StepVerifier.create(follow(f.client), 5)
                .then(() -> {
                    awaitSubscribers(1);
                    f.udpSessions(20);
                })
                .expectNextMatches(v -> v.kind().equals("ADDED")
                        && v.line().startsWith("UDP,2001:db8::1,10000,192.0.2.1,")
                        && v.line().endsWith(",198.51.100.7,80,0:05:00"))
                .expectNextCount(4)
                .expectNoEvent(Duration.ofMillis(200))
                .thenRequest(3)
                .expectNextCount(3)
                .expectNoEvent(Duration.ofMillis(200))
                .thenCancel()
                .verify(TIMEOUT);
        assertThat(requested).containsExactly(5L, 3L);
    }

    @Test
    void cancellingAFollowFreesItsSubscriptionAtOnce() {
        f.instance.updateGlobal(GlobalKey.SS_ENABLED, "true").block(TIMEOUT);
        assertThat(mutationSubscribers(f.instance)).isZero();
        Disposable following = follow(f.client).subscribe();
        awaitSubscribers(1);
        following.dispose();
        awaitSubscribers(0);
    }

    @Test
    void aClientThatDisconnectsMidStreamFreesItsSubscriptionAtOnce() {
        f.instance.updateGlobal(GlobalKey.SS_ENABLED, "true").block(TIMEOUT);
        GatewayClient other = GatewayClient.connect(f.gateway.tcpAddress()).block(TIMEOUT);
        List<FollowView> seen = new CopyOnWriteArrayList<>();
        follow(other).subscribe(seen::add, e -> {});
        follow(f.client).subscribe();
        awaitSubscribers(2);
        f.udpSessions(3);
        other.dispose(); // the connection goes away with a stream open
        awaitSubscribers(1);
        assertThat(seen).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void followCarriesTheSessionAlongWithTheLine() {
        f.instance.updateGlobal(GlobalKey.SS_ENABLED, "true").block(TIMEOUT);
        StepVerifier.create(follow(f.client).take(1))
                .then(() -> {
                    awaitSubscribers(1);
                    f.udp(2, 4000);
                })
                .assertNext(v -> {
                    SessionView s = v.session();
                    assertThat(s.protocol()).isEqualTo(L4Protocol.UDP.name());
                    assertThat(s.src6()).isEqualTo("2001:db8::2");
                    assertThat(s.src6Port()).isEqualTo(4000);
                    assertThat(s.dst4()).isEqualTo("198.51.100.2");
                    assertThat(v.line())
                            .isEqualTo("UDP,2001:db8::2,4000,192.0.2.1," + s.src4Port() + ",198.51.100.2,80,0:05:00");
                })
                .verifyComplete();
    }

    @Test
    void advertiseAnnouncesEverySessionToTheFollowersAndSaysHowMany() {
        f.udpSessions(3); // before anyone follows: only advertise can show them
        f.instance.updateGlobal(GlobalKey.SS_ENABLED, "true").block(TIMEOUT);
        StepVerifier.create(follow(f.client).take(3))
                .then(() -> {
                    awaitSubscribers(1);
                    AdvertiseView sent = f.client
                            .call(Route.SESSION_ADVERTISE, new InstanceRequest("default"), AdvertiseView.class)
                            .block(TIMEOUT);
                    assertThat(sent).isEqualTo(new AdvertiseView(3));
                })
                .assertNext(v -> assertThat(v.line()).startsWith("UDP,2001:db8::1,10000,192.0.2.1,"))
                .assertNext(v -> assertThat(v.line()).startsWith("UDP,2001:db8::1,10001,192.0.2.1,"))
                .assertNext(v -> assertThat(v.line()).startsWith("UDP,2001:db8::1,10002,192.0.2.1,"))
                .verifyComplete();
    }

    @Test
    void advertiseWithNobodyFollowingLeavesTheTableUnreadForFollowers() {
        f.udpSessions(3);
        f.instance.updateGlobal(GlobalKey.SS_ENABLED, "true").block(TIMEOUT);
        Announcements announcements = new Announcements();
        StreamsSessionFeeds feeds = new StreamsSessionFeeds(announcements);
        StepVerifier.create(feeds.advertise(f.instance)).expectNext(0L).verifyComplete();
        StepVerifier.create(announcements.of(f.instance).take(3).count())
                .then(() -> feeds.advertise(f.instance).block(TIMEOUT))
                .expectNext(3L)
                .verifyComplete();
    }

    @Test
    void advertiseNeedsSessionSynchronisation() {
        StepVerifier.create(f.client.call(Route.SESSION_ADVERTISE, new InstanceRequest("default"), AdvertiseView.class))
                .expectErrorMatches(e -> e.getMessage().startsWith("session advertise needs session synchronisation"))
                .verify(TIMEOUT);
    }

    @Test
    void removingTheInstanceEndsItsFollowers() {
        f.instance.updateGlobal(GlobalKey.SS_ENABLED, "true").block(TIMEOUT);
        StepVerifier.create(follow(f.client))
                .then(() -> {
                    awaitSubscribers(1);
                    f.client
                            .call(Route.INSTANCE_REMOVE, new InstanceRequest("default"), InstanceView.class)
                            .block(TIMEOUT);
                })
                .verifyComplete();
    }

    /** Feeds that record the demand their follow stream receives. */
    private record RecordingFeeds(SessionFeeds delegate, List<Long> requested) implements SessionFeeds {
        @Override
        public Flux<SessionView> display(Instance instance, L4Protocol protocol) {
            return delegate.display(instance, protocol);
        }

        @Override
        public Flux<FollowView> follow(Instance instance) {
            return delegate.follow(instance).doOnRequest(requested::add);
        }

        @Override
        public Mono<Long> advertise(Instance instance) {
            return delegate.advertise(instance);
        }
    }
}
