package io.nat64.streams.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.streams.sync.codec.DatagramFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class DatagramBacklogTest {
    private final Sinks.Many<byte[]> network = Sinks.many().unicast().onBackpressureError();
    private DatagramBacklog backlog;

    @AfterEach
    void stop() {
        if (backlog != null) {
            backlog.dispose();
        }
    }

    private static byte[] datagram(int i, int size) {
        byte[] d = new byte[size];
        d[0] = (byte) i;
        return d;
    }

    private void receive(int from, int n, int size) {
        for (int i = from; i < from + n; i++) {
            // onBackpressureError: this fails unless the backlog keeps asking for everything
            assertThat(network.tryEmitNext(datagram(i, size)).isSuccess()).isTrue();
        }
    }

    @Test
    void theNetworkIsReadWithNoSubscriberAndOnlyWhatExceedsTheBudgetIsDroppedAndCounted() {
        backlog = DatagramBacklog.start(network.asFlux(), 100_000);
        receive(0, 100, 1000); // 100,000 bytes: all fit
        receive(100, 10, 1000); // none fits
        assertThat(backlog.received()).isEqualTo(110);
        assertThat(backlog.dropped()).isEqualTo(10);
        assertThat(backlog.queuedBytes()).isEqualTo(100_000);
        List<byte[]> got = new ArrayList<>();
        StepVerifier.create(backlog.frames(10_200).take(10))
                .thenConsumeWhile(f -> got.addAll(DatagramFrame.decode(f)))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        // ten frames of ten datagrams (10 x 1,002 bytes fit 10,200; eleven do not), the first 100 in order
        assertThat(got).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(got.get(i)[0]).isEqualTo((byte) i);
        }
        assertThat(backlog.queuedBytes()).isZero();
        receive(200, 1, 1000); // room again
        assertThat(backlog.dropped()).isEqualTo(10);
    }

    @Test
    void aSlowConsumerNeverStopsTheReadingAndFramesCarryEverythingQueuedMeanwhile() {
        backlog = DatagramBacklog.start(network.asFlux(), 1 << 20);
        StepVerifier.create(backlog.frames(DatagramBacklog.DEFAULT_FRAME_BYTES), 1)
                .then(() -> receive(0, 1, 1320))
                .assertNext(f -> assertThat(DatagramFrame.decode(f)).hasSize(1))
                // no demand: the backlog keeps reading, nothing is emitted, nothing dropped
                .then(() -> receive(1, 120, 1320))
                .expectNoEvent(Duration.ofMillis(100))
                .then(() -> assertThat(backlog.received()).isEqualTo(121))
                .thenRequest(1)
                // 32 KiB hold 24 datagrams of 1,322 bytes
                .assertNext(f -> assertThat(DatagramFrame.decode(f)).hasSize(24))
                .thenRequest(10)
                .expectNextCount(4) // 120 = 5 x 24
                .then(network::tryEmitComplete)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(backlog.dropped()).isZero();
    }

    @Test
    void aNewSubscriberTakesOverWhatThePreviousLeftQueued() {
        backlog = DatagramBacklog.start(network.asFlux(), 1 << 20);
        receive(0, 3, 100);
        StepVerifier.create(backlog.frames(102), 1)
                .assertNext(f -> assertThat(DatagramFrame.decode(f).get(0)[0]).isEqualTo((byte) 0))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(backlog.frames(1000), 1)
                .assertNext(f -> assertThat(DatagramFrame.decode(f))
                        .extracting(d -> d[0])
                        .containsExactly((byte) 1, (byte) 2))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aDatagramLargerThanAFrameGoesAlone() {
        backlog = DatagramBacklog.start(network.asFlux(), 1 << 20);
        receive(0, 1, 5000);
        receive(1, 1, 10);
        StepVerifier.create(backlog.frames(1000).take(2))
                .assertNext(
                        f -> assertThat(DatagramFrame.decode(f)).singleElement().satisfies(d -> assertThat(d)
                                .hasSize(5000)))
                .assertNext(f -> assertThat(DatagramFrame.decode(f)).hasSize(1))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }
}
