package io.nat64.streams.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.Session;
import io.nat64.core.session.SessionMutation;
import io.nat64.core.session.SessionMutation.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class SessionAdvertiseTest {

    private static AdvertiseOptions on(VirtualTimeScheduler vts) {
        return AdvertiseOptions.defaults().withDeliverOn(vts).withPageInterval(Duration.ZERO);
    }

    @Test
    void advertiseIsRefusedAtOnceWhenSsEnabledIsOff() {
        Instance nat = Nat.instance(VirtualTimeScheduler.create(), false);
        StepVerifier.create(SessionAdvertise.advertise(nat))
                .expectErrorMessage(
                        "session advertise needs ss-enabled; run: nat64 -i default global update ss-enabled true")
                .verify(Duration.ofSeconds(5));
        StepVerifier.create(SessionAdvertise.catchUpThenLive(nat))
                .expectError(IllegalStateException.class)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void replaysTcpThenUdpThenIcmpAsAddedMutationsStampedWithTheirPageTime() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, true);
        new Churn(nat, 4).populate(50, 20, 10);
        vts.advanceTimeBy(Duration.ofMillis(12_345));
        List<SessionMutation> expected = CopyView.table(nat).stream()
                .map(s -> new SessionMutation(Kind.ADDED, s, 12_345, null, false))
                .toList();
        assertThat(expected).extracting(m -> m.session().protocol()).contains(L4Protocol.values());
        StepVerifier.withVirtualTime(
                        () -> SessionAdvertise.of(nat, on(vts).withPageSize(8)).replay(), () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .expectNextSequence(expected)
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void pagesAreAtLeastTheIntervalApart() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, true);
        for (int port = 1; port <= 6; port++) {
            Nat.udp(nat, Nat.CLIENT, port, Nat.SERVER, 53);
        }
        AdvertiseOptions paced = on(vts).withPageSize(2).withPageInterval(Duration.ofMillis(10));
        StepVerifier.withVirtualTime(() -> SessionAdvertise.of(nat, paced).replay(), () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                // t=0: the empty TCP table, then two UDP sessions, in one owner task.
                .assertNext(m -> assertThat(m.at()).isZero())
                .expectNextCount(1)
                .expectNoEvent(Duration.ofMillis(10))
                .assertNext(m -> assertThat(m.at()).isEqualTo(10))
                .expectNextCount(1)
                .expectNoEvent(Duration.ofMillis(10))
                .assertNext(m -> assertThat(m.at()).isEqualTo(20))
                .expectNextCount(1)
                // t=30: the end of UDP and the empty ICMP table.
                .expectNoEvent(Duration.ofMillis(9))
                .thenAwait(Duration.ofMillis(1))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }

    // The scenarios below interleave demand with blocking calls on the owner, so a HandSubscriber drives them.

    @Test
    void catchUpThenLiveLosesNothingThatChangesDuringTheReplay() {
        for (long seed = 1; seed <= 4; seed++) {
            VirtualTimeScheduler vts = VirtualTimeScheduler.create();
            Instance nat = Nat.instance(vts, true);
            Churn churn = new Churn(nat, seed);
            churn.populate(400, 60, 40);
            CopyView view = new CopyView();
            HandSubscriber<SessionMutation> peer = new HandSubscriber<>(view::apply);
            SessionAdvertise.of(nat, on(vts).withPageSize(16)).replayThenLive().subscribe(peer);
            for (int page = 0; page < 25; page++) {
                peer.request(16);
                assertThat(peer.received()).hasSize(16 * (page + 1));
                churn.run(40);
                vts.advanceTimeBy(Duration.ofSeconds(1));
            }
            peer.request(Long.MAX_VALUE);
            view.assertMatches(CopyView.table(nat));
            churn.run(300); // live, after the replay
            vts.advanceTimeBy(Duration.ofSeconds(30));
            view.assertMatches(CopyView.table(nat));
            peer.cancel();
            churn.close();
            assertThat(churn.removed()).isNotEmpty();
            assertThat(view.updates()).isPositive();
        }
    }

    @Test
    void changesWhileTheSubscriberWaitsAreCaughtUpWhenItAsksAgain() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, true);
        Churn churn = new Churn(nat, 7);
        churn.populate(100, 30, 20);
        CopyView view = new CopyView();
        HandSubscriber<SessionMutation> peer = new HandSubscriber<>(view::apply);
        SessionAdvertise.of(nat, on(vts).withPageSize(8)).replayThenLive().subscribe(peer);
        peer.request(60);
        churn.run(500);
        vts.advanceTimeBy(Duration.ofSeconds(30));
        peer.request(Long.MAX_VALUE);
        view.assertMatches(CopyView.table(nat));
        peer.cancel();
        churn.close();
    }

    @Test
    void aReplayAloneMissesWhatChangesBehindItsCursor() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, true);
        Churn churn = new Churn(nat, 1);
        churn.populate(400, 60, 40);
        CopyView view = new CopyView();
        HandSubscriber<SessionMutation> peer = new HandSubscriber<>(view::apply);
        SessionAdvertise.of(nat, on(vts).withPageSize(16)).replay().subscribe(peer);
        for (int page = 0; page < 25; page++) {
            peer.request(16);
            churn.run(40);
        }
        peer.request(Long.MAX_VALUE);
        assertThat(peer.completed()).isTrue();
        assertThat(view.differences(CopyView.table(nat))).isNotEmpty();
        churn.close();
    }

    @Test
    void liveUpdatesThatOverflowTheBufferResyncTheDumpAndLoseNothing() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, true);
        new Churn(nat, 2).populate(30, 10, 5);
        int tableSize = CopyView.table(nat).size();
        SessionAdvertise advertise =
                SessionAdvertise.of(nat, on(vts).withPageSize(4).withBufferSize(8));
        CopyView view = new CopyView();
        HandSubscriber<SessionMutation> peer = new HandSubscriber<>(view::apply);
        advertise.replayThenLive().subscribe(peer);
        peer.request(tableSize + 1); // the whole table; the extra request lets it see the end and go live
        assertThat(peer.received()).hasSize(tableSize);
        for (int port = 100; port < 120; port++) { // the 9th new session overflows the buffer of 8
            Nat.udp(nat, Nat.CLIENT, port, Nat.SERVER, 53);
        }
        assertThat(advertise.resyncs()).isEqualTo(1);
        peer.request(Long.MAX_VALUE);
        // The first new session (already delivered), the 8 buffered, then the whole database read again.
        assertThat(peer.received()).hasSize(tableSize + 1 + 8 + tableSize + 20);
        view.assertMatches(CopyView.table(nat));
        assertThat(advertise.resyncs()).isEqualTo(1);
        peer.cancel();
    }

    @Test
    void tooManyResyncsInARowEndTheSubscriptionWithAnOverflowError() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, true);
        AdvertiseOptions strict = on(vts).withPageSize(4).withBufferSize(8).withMaxResyncs(0);
        StepVerifier.withVirtualTime(() -> SessionAdvertise.of(nat, strict).replayThenLive(), () -> vts, 1)
                .expectSubscription() // the empty tables are read at once: live from here on
                .then(() -> {
                    for (int port = 100; port < 120; port++) {
                        Nat.udp(nat, Nat.CLIENT, port, Nat.SERVER, 53);
                    }
                })
                .expectNextCount(1) // then 8 buffered, and the tenth overflows
                .expectErrorSatisfies(e -> {
                    assertThat(Exceptions.isOverflow(e)).as("%s", e).isTrue();
                    assertThat(e).hasMessageContaining("subscriber too slow for the live updates");
                    assertThat(Nat.mutationSubscribers(nat)).isZero();
                })
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void eachReplayedSessionCarriesItsRemainingLifetime() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, true);
        Nat.udp(nat, Nat.CLIENT, 1, Nat.SERVER, 53);
        vts.advanceTimeBy(Duration.ofSeconds(100));
        StepVerifier.withVirtualTime(() -> SessionAdvertise.of(nat, on(vts)).replay(), () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .assertNext(m -> {
                    Session s = m.session();
                    assertThat(s.expiresAt() - m.at()).isEqualTo(200_000);
                    assertThat(FollowLine.format(m)).endsWith(",0:03:20");
                })
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }
}
