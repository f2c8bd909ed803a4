package io.nat64.streams.sync.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.streams.sync.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * What every {@link SyncTransport} must do, run against each one (as rsocket-java's TransportTest): an
 * implementation supplies two transports that see each other.
 */
interface SyncTransportContract {

    /** Two connected transports; the test disposes them. */
    List<SyncTransport> pair();

    private static byte[] datagram(int n, int size) {
        byte[] d = new byte[size];
        for (int i = 0; i < size; i++) {
            d[i] = (byte) (n * 31 + i);
        }
        return d;
    }

    @Test
    default void whatOneSendsTheOtherReceivesWhole() {
        List<SyncTransport> p = pair();
        SyncTransport a = p.get(0);
        SyncTransport b = p.get(1);
        List<byte[]> got = new CopyOnWriteArrayList<>();
        Disposable rx = b.receive().subscribe(got::add);
        try {
            pause();
            List<byte[]> sent = List.of(datagram(1, 1), datagram(2, 1324), datagram(3, 8000));
            a.send(Flux.fromIterable(sent)).block(Duration.ofSeconds(5));
            await(() -> got.size() >= 3);
            assertThat(got).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(got.get(i)).isEqualTo(sent.get(i));
            }
        } finally {
            rx.dispose();
            p.forEach(SyncTransport::dispose);
        }
    }

    @Test
    default void theStatsCountWhatWasHandedOverSentAndReceived() {
        List<SyncTransport> p = pair();
        SyncTransport a = p.get(0);
        SyncTransport b = p.get(1);
        Disposable rx = b.receive().subscribe();
        try {
            pause();
            a.send(Flux.range(0, 10).map(i -> datagram(i, 100))).block(Duration.ofSeconds(5));
            await(() -> b.stats().netRcvdPkts() >= 10);
            assertThat(a.stats())
                    .isEqualTo(new ProxyStats(
                            10, 1000, a.stats().netRcvdPkts(), a.stats().netRcvdBytes(), 10, 1000));
            assertThat(b.stats().netRcvdPkts()).isEqualTo(10);
            assertThat(b.stats().netRcvdBytes()).isEqualTo(1000);
            assertThat(b.stats().kernelSentPkts()).isZero();
        } finally {
            rx.dispose();
            p.forEach(SyncTransport::dispose);
        }
    }

    @Test
    default void aThousandDatagramsArriveAtAModestRate() {
        List<SyncTransport> p = pair();
        SyncTransport a = p.get(0);
        SyncTransport b = p.get(1);
        List<byte[]> got = new CopyOnWriteArrayList<>();
        Disposable rx = b.receive().subscribe(got::add);
        try {
            pause();
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                sent.add(datagram(i, 200));
            }
            a.send(Flux.fromIterable(sent)).block(Duration.ofSeconds(10));
            await(() -> got.size() >= 1000);
            assertThat(got).hasSize(1000);
        } finally {
            rx.dispose();
            p.forEach(SyncTransport::dispose);
        }
    }

    @Test
    default void closingCompletesReceiveAndOnClose() {
        List<SyncTransport> p = pair();
        SyncTransport b = p.get(1);
        List<String> events = new CopyOnWriteArrayList<>();
        b.receive().subscribe(d -> {}, e -> events.add("error " + e), () -> events.add("complete"));
        b.onClose().subscribe(null, null, () -> events.add("closed"));
        pause();
        p.forEach(SyncTransport::dispose);
        await(() -> events.size() >= 2);
        assertThat(events).containsExactlyInAnyOrder("complete", "closed");
        assertThat(b.isDisposed()).isTrue();
    }

    /** Lets a receiver's thread reach its socket. */
    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        Await.until(Duration.ofSeconds(10), "the transport", condition);
    }
}
