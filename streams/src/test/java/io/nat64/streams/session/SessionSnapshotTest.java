package io.nat64.streams.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.Mapping;
import io.nat64.core.session.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reactivestreams.Subscription;
import reactor.core.Scannable;
import reactor.core.Scannable.Attr;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class SessionSnapshotTest {

    private static int buffered(AtomicReference<Subscription> s) {
        Integer n = Scannable.from(s.get()).scan(Attr.BUFFERED);
        return n == null ? -1 : n;
    }

    @ParameterizedTest
    @EnumSource(L4Protocol.class)
    void eachTableComesInJoolsOrder(L4Protocol p) {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, false);
        new Churn(nat, 1).populate(300, 40, 25);
        List<Session> table = nat.sessions(p).block();
        assertThat(table).hasSizeGreaterThan(20);
        StepVerifier.withVirtualTime(() -> SessionSnapshot.display(nat, p, 7, vts), () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .expectNextSequence(table)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void tcpIsTheDefaultTable() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, false);
        new Churn(nat, 1).populate(30, 40, 25);
        List<Session> tcp = nat.sessions(L4Protocol.TCP).block();
        StepVerifier.withVirtualTime(() -> SessionSnapshot.display(nat), () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .expectNextSequence(tcp)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void anEmptyTableCompletesAtOnce() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, false);
        StepVerifier.withVirtualTime(() -> SessionSnapshot.display(nat, L4Protocol.UDP), () -> vts, 1)
                .expectSubscription()
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aPageIsReadOnlyWhenTheDemandExceedsWhatIsBuffered() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, false);
        for (int port = 1; port <= 10; port++) {
            Nat.udp(nat, Nat.CLIENT, port, Nat.SERVER, 53);
        }
        AtomicReference<Subscription> s = new AtomicReference<>();
        StepVerifier.withVirtualTime(() -> SessionSnapshot.display(nat, L4Protocol.UDP, 4, vts), () -> vts, 0)
                .consumeSubscriptionWith(s::set)
                .then(() -> assertThat(buffered(s)).isZero())
                .thenRequest(1)
                .expectNextCount(1)
                .then(() -> assertThat(buffered(s)).isEqualTo(3))
                .thenRequest(3)
                .expectNextCount(3)
                .expectNoEvent(Duration.ofSeconds(1))
                .then(() -> assertThat(buffered(s)).isZero()) // no page read ahead of demand
                .thenRequest(1)
                .expectNextCount(1)
                .then(() -> assertThat(buffered(s)).isEqualTo(3))
                .thenRequest(Long.MAX_VALUE)
                .expectNextCount(5)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aDumpUnderHeavyChurnListsEverySessionAliveThroughoutExactlyOnce() {
        for (long seed = 1; seed <= 5; seed++) {
            VirtualTimeScheduler vts = VirtualTimeScheduler.create();
            Instance nat = Nat.instance(vts, false);
            Churn churn = new Churn(nat, seed);
            churn.populate(3000, 0, 0);
            Set<String> before = new HashSet<>();
            nat.sessions(L4Protocol.UDP).block().forEach(x -> before.add(Nat.key(x)));
            int pageSize = 50;
            List<Session> dumped = new ArrayList<>();
            StepVerifier.Step<Session> step = StepVerifier.withVirtualTime(
                            () -> SessionSnapshot.display(nat, L4Protocol.UDP, pageSize, vts)
                                    .doOnNext(dumped::add),
                            () -> vts,
                            0)
                    .expectSubscription();
            for (int page = 0; page < 20; page++) {
                step = step.thenRequest(pageSize)
                        .expectNextCount(pageSize)
                        .then(() -> churn.run(300))
                        .thenAwait(Duration.ofSeconds(10));
            }
            step.thenRequest(Long.MAX_VALUE)
                    .thenConsumeWhile(x -> true)
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
            churn.close();

            Map<String, Integer> times = new HashMap<>();
            dumped.forEach(x -> times.merge(Nat.key(x), 1, Integer::sum));
            assertThat(times.values()).as("seed %d: no session twice", seed).allMatch(n -> n == 1);
            Set<String> aliveThroughout = new HashSet<>(before);
            aliveThroughout.removeAll(churn.removed());
            assertThat(times.keySet()).as("seed %d", seed).containsAll(aliveThroughout);
            assertThat(churn.removed())
                    .as("seed %d: the churn removed sessions", seed)
                    .isNotEmpty();
        }
    }

    @Test
    void aLargeTableStreamsThroughAtMostTwoPagesOfBuffer() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, false);
        int bibs = 10_000;
        int perBib = 10;
        nat.call(db -> {
                    Mapping out = new Mapping();
                    for (int b = 0; b < bibs; b++) {
                        for (int d = 0; d < perBib; d++) {
                            int server = Nat.SERVER.bits() + d;
                            db.table(L4Protocol.UDP)
                                    .udpIcmp6(
                                            Nat.CLIENT.high(),
                                            Nat.CLIENT.low() + b / 1000,
                                            1 + b % 1000,
                                            Nat.POOL6.address().high(),
                                            server,
                                            server,
                                            53,
                                            nat.now(),
                                            out);
                        }
                    }
                    return true;
                })
                .block();
        AtomicReference<Subscription> s = new AtomicReference<>();
        AtomicInteger most = new AtomicInteger();
        StepVerifier.withVirtualTime(
                        () -> SessionSnapshot.display(nat, L4Protocol.UDP, 1024, vts)
                                .doOnNext(x -> most.accumulateAndGet(buffered(s), Math::max)),
                        () -> vts,
                        Long.MAX_VALUE)
                .consumeSubscriptionWith(
                        sub -> s.set(Scannable.from(sub).scan(Attr.PARENT) instanceof Subscription p ? p : sub))
                .expectNextCount((long) bibs * perBib)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(most.get()).isBetween(1, 2 * 1024);
    }

    @Test
    void cancellingMidDumpEmptiesTheBuffer() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, false);
        new Churn(nat, 3).populate(100, 0, 0);
        AtomicReference<Subscription> s = new AtomicReference<>();
        StepVerifier.withVirtualTime(() -> SessionSnapshot.display(nat, L4Protocol.UDP, 16, vts), () -> vts, 0)
                .consumeSubscriptionWith(s::set)
                .thenRequest(20)
                .expectNextCount(20)
                .then(() -> assertThat(buffered(s)).isEqualTo(12))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(buffered(s)).isZero();
    }

    @Test
    void remainingIsCountedAtDisplayTime() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance nat = Nat.instance(vts, false);
        Nat.udp(nat, Nat.CLIENT, 1, Nat.SERVER, 53);
        StepVerifier.withVirtualTime(() -> SessionSnapshot.display(nat, L4Protocol.UDP, 4, vts), () -> vts, 0)
                .expectSubscription()
                .thenAwait(Duration.ofMillis(1234))
                .thenRequest(1)
                .assertNext(x -> assertThat(SessionSnapshot.remaining(nat, x)).isEqualTo(300_000 - 1234))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }
}
