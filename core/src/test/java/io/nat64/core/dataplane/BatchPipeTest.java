package io.nat64.core.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.Globals;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.InstanceConfig;
import io.nat64.core.instance.PacketPath;
import io.nat64.core.pool.Pool4Entry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The hand-over from producer threads to a real owner thread: batching, the bound, both policies, errors. */
class BatchPipeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int BATCHES = 2;
    private static final int BATCH_SIZE = 4;

    private Instance nat;
    private final List<byte[]> sent = new CopyOnWriteArrayList<>();
    private final StatCells ownerStats = new StatCells();
    private final StatCells producerStats = new StatCells();
    private BatchPipe pipe;
    private Batcher batcher;

    @BeforeEach
    void setUp() {
        nat = Instance.create(
                new InstanceConfig("test", Ipv6Prefix.parse("64:ff9b::/96"), "unused0", Globals.defaults()));
        for (L4Protocol p : L4Protocol.values()) {
            nat.addPool4(Pool4Entry.of(p, Ipv4Prefix.parse("192.0.2.1"))).block(WAIT);
        }
        onOwner(() -> nat.packets()
                .setOutput((buf, off, len) -> sent.add(java.util.Arrays.copyOfRange(buf, off, off + len))));
        pipe = new BatchPipe(BATCHES, BATCH_SIZE, 65_536, nat.owner(), nat.packets(), nat::now, ownerStats);
        batcher = new Batcher(pipe, producerStats);
    }

    @AfterEach
    void tearDown() {
        nat.close();
    }

    private void onOwner(Runnable r) {
        Mono.<Void>fromRunnable(r).subscribeOn(nat.owner()).block(WAIT);
    }

    /** Blocks the owner thread until the returned latch is released. */
    private CountDownLatch stallOwner() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stalled = new CountDownLatch(1);
        nat.owner().schedule(() -> {
            stalled.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    @Test
    void packetsReachTheTranslatorInBatchesAndComeOutTranslated() throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            byte[] p = Packets.udp6(4000 + i);
            assertThat(batcher.offerOrWait(p, 0, p.length)).isTrue();
        }
        batcher.flush();
        onOwner(() -> {});
        assertThat(ownerStats.get(DataPlaneStat.TRANSLATED)).isEqualTo(10);
        assertThat(producerStats.get(DataPlaneStat.BATCHES)).isEqualTo(3); // 4 + 4 + 2
        assertThat(sent).hasSize(10).allSatisfy(p -> assertThat(p[0] >> 4).isEqualTo(4));
    }

    @Test
    void aReaderDropsAndCountsWhileEveryBatchIsInFlight() throws InterruptedException {
        CountDownLatch release = stallOwner();
        ByteBuffer packet = Packets.direct(Packets.udp6(4000));
        int length = Packets.udp6(4000).length;
        for (int i = 0; i < 20; i++) {
            batcher.offerOrDrop(packet, length);
        }
        assertThat(producerStats.get(DataPlaneStat.RX_DROPPED_BUSY)).isEqualTo(20 - BATCHES * BATCH_SIZE);
        release.countDown();
        onOwner(() -> {});
        assertThat(ownerStats.get(DataPlaneStat.TRANSLATED)).isEqualTo(BATCHES * BATCH_SIZE);
    }

    @Test
    void theTranslatorIsBusyWhileBatchesWaitBehindTheOneInHandAndNotLongAfter() throws InterruptedException {
        onOwner(() -> assertThat(nat.packets().busy(nat.now())).isFalse());
        ByteBuffer packet = Packets.direct(Packets.udp6(4000));
        int length = Packets.udp6(4000).length;
        batcher.offerOrDrop(packet, length); // alone: nothing behind it
        batcher.flush();
        onOwner(() -> assertThat(nat.packets().busy(nat.now())).isFalse());

        CountDownLatch release = stallOwner();
        for (int i = 0; i < BATCHES * BATCH_SIZE; i++) {
            batcher.offerOrDrop(packet, length);
        }
        release.countDown();
        onOwner(() -> assertThat(nat.packets().busy(nat.now())).isTrue());
        Thread.sleep(PacketPath.BUSY_MILLIS + 100);
        onOwner(() -> assertThat(nat.packets().busy(nat.now())).isFalse());
    }

    @Test
    void anInjectorWaitsForTheOwnerInsteadOfDropping() throws Exception {
        CountDownLatch release = stallOwner();
        AtomicBoolean done = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < 20; i++) {
                    byte[] p = Packets.udp6(4000 + i);
                    batcher.offerOrWait(p, 0, p.length);
                }
                batcher.flush();
                done.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        Thread.sleep(200);
        assertThat(done).as("the producer waits while the owner is stalled").isFalse();
        release.countDown();
        producer.join(WAIT.toMillis());
        onOwner(() -> {});
        assertThat(done).isTrue();
        assertThat(ownerStats.get(DataPlaneStat.TRANSLATED)).isEqualTo(20);
        assertThat(producerStats.get(DataPlaneStat.RX_DROPPED_BUSY)).isZero();
    }

    @Test
    void aThrowingPacketIsCountedAndTheOwnerCarriesOn() throws InterruptedException {
        AtomicBoolean thrown = new AtomicBoolean();
        onOwner(() -> nat.packets().setOutput((buf, off, len) -> {
            if (thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("test: output failed once");
            }
            sent.add(buf.clone());
        }));
        for (int i = 0; i < 3; i++) {
            byte[] p = Packets.udp6(5000 + i);
            batcher.offerOrWait(p, 0, p.length);
        }
        batcher.flush();
        onOwner(() -> {});
        assertThat(ownerStats.get(DataPlaneStat.PROCESS_ERRORS)).isEqualTo(1);
        assertThat(ownerStats.get(DataPlaneStat.TRANSLATED)).isEqualTo(2);
    }

    @Test
    void neitherTheReaderSideNorTheOwnerAllocatesPerPacket() throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        ByteBuffer packet = Packets.direct(Packets.udp6(4000)); // one flow: its session exists after the first
        int length = Packets.udp6(4000).length;
        long[] owner = new long[1];
        long[] written = new long[1];
        onOwner(() -> nat.packets().setOutput((buf, off, len) -> written[0] += len));
        Runnable readOwner = () -> owner[0] = threads.getCurrentThreadAllocatedBytes();
        BatchPipe big = new BatchPipe(64, 64, 131_072, nat.owner(), nat.packets(), nat::now, ownerStats);
        Batcher reader = new Batcher(big, producerStats);
        for (int round = 0; round < 2; round++) { // the first round warms up the JIT
            onOwner(readOwner);
            long ownerBefore = owner[0];
            long readerBefore = threads.getCurrentThreadAllocatedBytes();
            int packets = 200_000;
            long translatedBefore = ownerStats.get(DataPlaneStat.TRANSLATED);
            boolean open = true;
            for (int i = 0; i < packets; i++) {
                open &= reader.awaitRoom(); // the reader loop of the wait policy
                reader.offerOrDrop(packet, length);
            }
            assertThat(open).isTrue();
            reader.flush();
            long readerBytes = threads.getCurrentThreadAllocatedBytes() - readerBefore;
            onOwner(readOwner);
            long ownerBytes = owner[0] - ownerBefore;
            long translated = ownerStats.get(DataPlaneStat.TRANSLATED) - translatedBefore;
            System.out.printf(
                    "round %d: reader side %d bytes, owner %d bytes, for %d packets translated, %d batches%n",
                    round, readerBytes, ownerBytes, translated, producerStats.get(DataPlaneStat.BATCHES));
            assertThat(translated).isEqualTo(packets);
            if (round == 1) {
                // Per batch of 64, about 130 bytes on the reader side (the scheduler's task wrapper, a wait node);
                // nothing on the owner.
                assertThat((double) readerBytes / packets).isLessThan(4.0);
                assertThat((double) ownerBytes / packets).isLessThan(1.0);
            }
        }
    }

    @Test
    void afterCloseProducersGetNoBatch() throws InterruptedException {
        pipe.close();
        byte[] p = Packets.udp6(4000);
        assertThat(batcher.offerOrWait(p, 0, p.length)).isFalse();
        batcher.offerOrDrop(Packets.direct(p), p.length);
        assertThat(producerStats.get(DataPlaneStat.RX_DROPPED_BUSY)).isEqualTo(1);
    }
}
