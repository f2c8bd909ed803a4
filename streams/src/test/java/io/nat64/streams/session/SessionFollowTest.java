package io.nat64.streams.session;

import static io.nat64.streams.session.Nat.CLIENT;
import static io.nat64.streams.session.Nat.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.GlobalKey;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.Session;
import io.nat64.core.session.SessionMutation;
import io.nat64.core.session.SessionMutation.Kind;
import io.nat64.core.session.SessionMutation.RemovalReason;
import io.nat64.core.session.TcpSegment;
import io.nat64.core.session.TcpState;
import io.nat64.core.session.TimerType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Scannable;
import reactor.core.Scannable.Attr;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class SessionFollowTest {
    private static final Ipv4Address OTHER_SERVER = Ipv4Address.parse("198.51.100.7");

    private static FollowOptions on(VirtualTimeScheduler vts) {
        return FollowOptions.defaults().withDeliverOn(vts);
    }

    private static void udpFlows(Instance nat, int from, int to) {
        for (int port = from; port < to; port++) {
            Nat.udp(nat, CLIENT, port, SERVER, 53);
        }
    }

    @Test
    void followsCreationsAndStateChangesInTheSeedsLineFormat() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, true);
        Nat.staticBib(nat, L4Protocol.TCP, 37878, 62805);
        Nat.staticBib(nat, L4Protocol.UDP, 60927, 62806);
        Nat.staticBib(nat, L4Protocol.ICMP, 211, 15308);
        StepVerifier.withVirtualTime(() -> SessionFollow.of(nat, on(vts)).lines(), () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .then(() -> Nat.tcp6(nat, 37878, SERVER, 1234, TcpSegment.SYN))
                .expectNext("TCP,2001:db8::8,37878,192.0.2.1,62805,192.0.2.8,1234,0:04:00")
                .then(() -> Nat.tcp4(nat, 62805, SERVER, 1234, TcpSegment.SYN))
                .expectNext("TCP,2001:db8::8,37878,192.0.2.1,62805,192.0.2.8,1234,2:00:00")
                .then(() -> Nat.udp(nat, CLIENT, 60927, SERVER, 1234))
                .expectNext("UDP,2001:db8::8,60927,192.0.2.1,62806,192.0.2.8,1234,0:05:00")
                .then(() -> Nat.echo(nat, 211, SERVER))
                .expectNext("ICMP,2001:db8::8,211,192.0.2.1,15308,192.0.2.8,15308,0:01:00")
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void theTimeColumnIsWhatIsLeftWhenTheUpdateHappens() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, true);
        Nat.staticBib(nat, L4Protocol.UDP, 60927, 62806);
        String flow = "UDP,2001:db8::8,60927,192.0.2.1,62806,192.0.2.8,1234,";
        StepVerifier.withVirtualTime(
                        () -> SessionFollow.of(nat, on(vts).withEvents(true)).lines(), () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .then(() -> Nat.udp(nat, CLIENT, 60927, SERVER, 1234))
                .expectNext(flow + "0:05:00,ADDED")
                // A refresh 100 ms later is not announced (the copy still has more than half its life) ...
                .thenAwait(Duration.ofMillis(100))
                .then(() -> Nat.udp(nat, CLIENT, 60927, SERVER, 1234))
                .expectNoEvent(Duration.ofMillis(75_000))
                // ... until the session has been idle a quarter of its timeout: announced at the next tick.
                .thenAwait(Duration.ofMillis(150))
                .expectNext(flow + "0:03:44.850,REFRESHED")
                // It expires at 300 100 ms; expiry runs on the 250 ms tick after that.
                .expectNoEvent(Duration.ofMillis(300_000 - 75_250))
                .thenAwait(Duration.ofMillis(250))
                .expectNext(flow + "0:00:00,EXPIRED")
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void removalsAreFollowedOnlyWithEvents() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, true);
        StepVerifier.withVirtualTime(() -> SessionFollow.of(nat, on(vts)).mutations(), () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .then(() -> Nat.udp(nat, CLIENT, 1, SERVER, 53))
                .assertNext(m -> assertThat(m.kind()).isEqualTo(Kind.ADDED))
                .then(() -> Nat.removeBib(nat, L4Protocol.UDP, CLIENT, 1))
                .then(() -> Nat.udp(nat, CLIENT, 2, SERVER, 53))
                .assertNext(m -> assertThat(m.session().src6Port()).isEqualTo(2))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void copiesReceivedFromPeersAreNeverFollowed() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Sinks.Many<SessionMutation> source = Sinks.many().multicast().directBestEffort();
        Session s = new Session(
                L4Protocol.UDP,
                CLIENT,
                1,
                Ipv6Address.parse("64:ff9b::c000:208"),
                53,
                Nat.POOL4,
                2,
                SERVER,
                53,
                TcpState.ESTABLISHED,
                TimerType.EST,
                0,
                300_000);
        FollowOptions withEvents = on(vts).withEvents(true);
        StepVerifier.withVirtualTime(
                        () -> Flux.<SessionMutation>from(sub -> FollowRelay.start(
                                sub, source.asFlux(), vts, () -> true, withEvents, new FollowStats())),
                        () -> vts,
                        Long.MAX_VALUE)
                .expectSubscription()
                .then(() -> {
                    source.tryEmitNext(new SessionMutation(Kind.ADDED, s, 0, null, true));
                    source.tryEmitNext(new SessionMutation(Kind.REMOVED, s, 0, RemovalReason.REPLACED, true));
                    source.tryEmitNext(new SessionMutation(Kind.ADDED, s, 0, null, false));
                })
                .assertNext(m -> assertThat(m.fromPeer()).isFalse())
                .expectNoEvent(Duration.ofSeconds(1))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void followIsRefusedAtOnceWhenSsEnabledIsOff() {
        Instance nat = Nat.instance(VirtualTimeScheduler.create(), false);
        StepVerifier.create(SessionFollow.of(nat).lines())
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessage("session follow needs ss-enabled; run: nat64 -i default global update"
                                + " ss-enabled true"))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void updatesWhileSsEnabledIsOffAreNotFollowed() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, true);
        StepVerifier.withVirtualTime(() -> SessionFollow.of(nat, on(vts)).mutations(), () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .then(() -> nat.updateGlobal(GlobalKey.SS_ENABLED, "false").block())
                .then(() -> Nat.udp(nat, CLIENT, 1, SERVER, 53))
                .expectNoEvent(Duration.ofSeconds(1))
                .then(() -> nat.updateGlobal(GlobalKey.SS_ENABLED, "true").block())
                .then(() -> Nat.udp(nat, CLIENT, 2, SERVER, 53))
                .assertNext(m -> assertThat(m.session().src6Port()).isEqualTo(2))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void filtersApplyBeforeTheBufferSoTheyNeverCountAsDrops() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, true);
        FollowFilter udpToOther =
                FollowFilter.all().withProtocol(L4Protocol.UDP).withIpv4(Ipv4Prefix.parse("198.51.100.0/24"));
        SessionFollow follow =
                SessionFollow.of(nat, on(vts).withFilter(udpToOther).withBufferSize(1));
        StepVerifier.withVirtualTime(follow::mutations, () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .then(() -> {
                    Nat.udp(nat, CLIENT, 1, SERVER, 53);
                    Nat.tcp6(nat, 2, OTHER_SERVER, 80, TcpSegment.SYN);
                    Nat.udp(nat, CLIENT, 3, OTHER_SERVER, 53);
                    Nat.echo(nat, 4, OTHER_SERVER);
                })
                .assertNext(m -> assertThat(m.session().src6Port()).isEqualTo(3))
                .expectNoEvent(Duration.ofSeconds(1))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(follow.stats().dropped()).isZero();
        assertThat(follow.stats().delivered()).isEqualTo(1);
    }

    @Test
    void aStalledSubscriberDropsAndCountsWhileTheOwnerAndTheOthersCarryOn() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, true);
        SessionFollow stalled = SessionFollow.of(nat, on(vts).withBufferSize(8));
        SessionFollow healthy = SessionFollow.of(nat, on(vts).withBufferSize(8));
        List<SessionMutation> seen = new ArrayList<>();
        StepVerifier.withVirtualTime(stalled::mutations, () -> vts, 0)
                .expectSubscription()
                .then(() -> healthy.mutations().subscribe(seen::add))
                .then(() -> udpFlows(nat, 1, 101)) // every call returns: the owner is not held up
                .expectNoEvent(Duration.ofSeconds(1))
                .then(() -> {
                    assertThat(seen).hasSize(100);
                    assertThat(healthy.stats().dropped()).isZero();
                    assertThat(stalled.stats().dropped()).isEqualTo(92);
                    assertThat(stalled.stats().delivered()).isZero();
                })
                .thenRequest(100)
                // The buffer kept the oldest updates; the newest were the ones dropped.
                .assertNext(m -> assertThat(m.session().src6Port()).isEqualTo(1))
                .expectNextCount(7)
                .then(() -> udpFlows(nat, 101, 102))
                .assertNext(m -> assertThat(m.session().src6Port()).isEqualTo(101))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(stalled.stats().delivered()).isEqualTo(9);
        assertThat(seen).hasSize(101);
    }

    @Test
    void withDisconnectAStalledSubscriberEndsWithTheNumberOfUpdatesItLost() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, true);
        SessionFollow follow =
                SessionFollow.of(nat, on(vts).withBufferSize(4).withOverflow(FollowOptions.Overflow.DISCONNECT));
        StepVerifier.withVirtualTime(follow::lines, () -> vts, 0)
                .expectSubscription()
                .then(() -> udpFlows(nat, 1, 5))
                .expectNoEvent(Duration.ofSeconds(1))
                .then(() -> udpFlows(nat, 5, 6))
                .expectErrorSatisfies(e -> {
                    assertThat(e)
                            .isInstanceOf(FollowOverflowException.class)
                            .hasMessage("session follow: subscriber too slow, its buffer of 4 updates is full;"
                                    + " disconnected, 5 updates lost");
                    assertThat(((FollowOverflowException) e).lost()).isEqualTo(5);
                    assertThat(Nat.mutationSubscribers(nat)).isZero();
                })
                .verify(Duration.ofSeconds(5));
        assertThat(follow.stats().subscribers()).isZero();
        assertThat(follow.stats().dropped()).isEqualTo(5);
    }

    @Test
    void aSubscriberThatCancelsFreesItsBufferAndLeavesTheInstance() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, true);
        SessionFollow follow = SessionFollow.of(nat, on(vts));
        AtomicReference<Subscription> subscription = new AtomicReference<>();
        StepVerifier.withVirtualTime(follow::mutations, () -> vts, 0)
                .consumeSubscriptionWith(subscription::set)
                .then(() -> udpFlows(nat, 1, 6))
                .then(() -> {
                    assertThat(Scannable.from(subscription.get()).scan(Attr.BUFFERED))
                            .isEqualTo(5);
                    assertThat(Nat.mutationSubscribers(nat)).isEqualTo(1);
                    assertThat(follow.stats().subscribers()).isEqualTo(1);
                })
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(Scannable.from(subscription.get()).scan(Attr.BUFFERED)).isZero();
        assertThat(Scannable.from(subscription.get()).scan(Attr.CANCELLED)).isTrue();
        assertThat(Nat.mutationSubscribers(nat)).isZero();
        assertThat(follow.stats().subscribers()).isZero();
    }

    @Test
    void everySubscriberGetsEveryUpdate() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, true);
        SessionFollow follow = SessionFollow.of(nat, on(vts));
        List<List<String>> others = new CopyOnWriteArrayList<>();
        StepVerifier.withVirtualTime(follow::lines, () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .then(() -> {
                    for (int i = 0; i < 7; i++) {
                        List<String> lines = new CopyOnWriteArrayList<>();
                        others.add(lines);
                        follow.lines().subscribe(lines::add);
                    }
                    assertThat(follow.stats().subscribers()).isEqualTo(8);
                    assertThat(Nat.mutationSubscribers(nat)).isEqualTo(8);
                })
                .then(() -> udpFlows(nat, 1, 51))
                .expectNextCount(50)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(others).allSatisfy(lines -> assertThat(lines).hasSize(50));
        assertThat(follow.stats().delivered()).isEqualTo(8 * 50);
    }

    @Test
    void linesEndWithTheDropCountWhenTheInstanceCloses() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, true);
        StepVerifier.withVirtualTime(
                        () -> SessionFollow.of(nat, on(vts).withBufferSize(1)).lines(), () -> vts, 0)
                .expectSubscription()
                .then(() -> udpFlows(nat, 1, 4))
                .then(nat::close)
                .thenRequest(10)
                .assertNext(line -> assertThat(line)
                        .startsWith("UDP,2001:db8::8,1,192.0.2.1,")
                        .endsWith(",192.0.2.8,53,0:05:00"))
                .expectNext("# 2 updates dropped")
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }
}
