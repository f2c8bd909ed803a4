package io.nat64.streams.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.Mapping;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The same guarantees with a real owner thread and real delivery threads racing it. */
class RealThreadsTest {
    private Scheduler owner;
    private Scheduler delivery;
    private Instance nat;

    @BeforeEach
    void start() {
        owner = Schedulers.newSingle("test-owner");
        delivery = Schedulers.newBoundedElastic(4, 1000, "test-delivery");
        nat = Nat.instance(owner, true);
    }

    @AfterEach
    void stop() {
        nat.close();
        delivery.dispose();
        owner.dispose();
    }

    private int createUdpSessions(int n) {
        return nat.call(db -> {
                    Mapping out = new Mapping();
                    for (int k = 0; k < n; k++) {
                        db.table(L4Protocol.UDP)
                                .udpIcmp6(
                                        Nat.CLIENT.high(),
                                        Nat.CLIENT.low() + k / 50_000,
                                        1 + k % 50_000,
                                        Nat.POOL6.address().high(),
                                        Nat.SERVER.bits(),
                                        Nat.SERVER.bits(),
                                        53,
                                        nat.now(),
                                        out);
                    }
                    return n;
                })
                .block(Duration.ofSeconds(30));
    }

    @Test
    void aSubscriberBlockedInOnNextHoldsUpNeitherTheOwnerNorTheOthers() throws InterruptedException {
        FollowOptions options = FollowOptions.defaults().withDeliverOn(delivery).withBufferSize(64);
        SessionFollow blocked = SessionFollow.of(nat, options);
        SessionFollow healthy = SessionFollow.of(nat, options.withBufferSize(32_768));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        AtomicLong healthyCount = new AtomicLong();
        Disposable stuck = blocked.mutations().subscribe(m -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Disposable fine = healthy.mutations().subscribe(m -> healthyCount.incrementAndGet());
        try {
            createUdpSessions(1);
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            createUdpSessions(20_000);
            assertThat(nat.call(db -> db.sessionCount()).block(Duration.ofSeconds(10)))
                    .isEqualTo(20_000L);
            long elapsed = System.nanoTime() - t0;
            assertThat(Duration.ofNanos(elapsed)).isLessThan(Duration.ofSeconds(10));
            // The blocked subscriber holds one update in onNext and 64 in its buffer; the rest were counted.
            assertThat(blocked.stats().dropped()).isBetween(20_000L - 65, 20_000L - 64);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (healthyCount.get() < 20_000 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(healthyCount.get()).isEqualTo(20_000);
            assertThat(healthy.stats().dropped()).isZero();
        } finally {
            release.countDown();
            stuck.dispose();
            fine.dispose();
        }
    }

    @Test
    void catchUpUnderConcurrentChurnConvergesOnTheTable() throws InterruptedException {
        new Churn(nat, 11).populate(5_000, 500, 300);
        Scheduler oneThread = Schedulers.newSingle("test-peer");
        CopyView view = new CopyView();
        AdvertiseOptions options = AdvertiseOptions.defaults().withPageSize(64).withDeliverOn(oneThread);
        Disposable peer = SessionAdvertise.of(nat, options).replayThenLive().subscribe(view::apply);
        try (Churn churn = new Churn(nat, 12)) {
            churn.run(5_000);
            List<String> differences = List.of("not compared yet");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!differences.isEmpty() && System.nanoTime() < deadline) {
                differences = view.differences(CopyView.table(nat));
                if (!differences.isEmpty()) {
                    Thread.sleep(20); // the peer may still be reading its buffer
                }
            }
            assertThat(differences).isEmpty();
            assertThat(churn.removed()).isNotEmpty();
        } finally {
            peer.dispose();
            oneThread.dispose();
        }
    }
}
