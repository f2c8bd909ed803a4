package io.nat64.core.dataplane;

import io.nat64.core.tun.TunDevice;
import io.nat64.core.tun.TunException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of one TUN queue's reader thread: read into one reused direct buffer, skip control packets, copy the
 * rest into the current batch, and hand the batch over when it is full or when the queue has nothing more right
 * now (a non-blocking read says so), so a lone packet waits for no one. Ends when the device closes.
 */
final class TunReader implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(TunReader.class);

    private final TunDevice tun;
    private final int queue;
    private final ByteBuffer buffer;
    private final Batcher batcher;
    private final StatCells stats;
    private final boolean waitWhenBehind;

    TunReader(
            TunDevice tun,
            int queue,
            int bufferBytes,
            Batcher batcher,
            StatCells stats,
            TunDataPlane.WhenBehind whenBehind) {
        this.waitWhenBehind = whenBehind == TunDataPlane.WhenBehind.WAIT;
        this.tun = tun;
        this.queue = queue;
        this.buffer = ByteBuffer.allocateDirect(bufferBytes);
        this.batcher = batcher;
        this.stats = stats;
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TunException e) {
            if (tun.isOpen()) {
                log.error("reader of {} queue {} stopped: {}", tun.name(), queue, e.getMessage());
            }
        } finally {
            batcher.discard();
        }
    }

    private void loop() throws InterruptedException {
        while (true) {
            if (waitWhenBehind && !batcher.awaitRoom()) {
                return; // closed
            }
            // Block while nothing is pending; once a batch has packets, only take what is already there.
            int n = batcher.hasPending() ? tun.read(queue, buffer, 0) : tun.read(queue, buffer);
            if (n == TunDevice.CLOSED) {
                return;
            }
            if (n == 0) {
                batcher.flush();
                continue;
            }
            stats.inc(DataPlaneStat.RX_PACKETS);
            stats.add(DataPlaneStat.RX_BYTES, n);
            if (ControlPackets.isSkipped(buffer, n)) {
                stats.inc(DataPlaneStat.RX_SKIPPED_ND);
                continue;
            }
            batcher.offerOrDrop(buffer, n);
        }
    }
}
