package io.nat64.core.dataplane;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * One producer thread's side of the {@link BatchPipe}: the batch being filled and the thread's counters.
 *
 * <p>Threading: one producer thread. Policy when the owner is behind (no free batch): {@link #offerOrDrop} drops and
 * counts ({@link DataPlaneStat#RX_DROPPED_BUSY}), as a NIC does; {@link #offerOrWait} waits (backpressure, for
 * the injector).
 */
final class Batcher {
    private final BatchPipe pipe;
    private final StatCells stats;
    private @Nullable PacketBatch current;

    Batcher(BatchPipe pipe, StatCells stats) {
        this.pipe = pipe;
        this.stats = stats;
    }

    /** Whether packets wait in the current batch (so the caller should flush when input pauses). */
    boolean hasPending() {
        PacketBatch b = current;
        return b != null && !b.isEmpty();
    }

    /**
     * Makes sure a batch is at hand, waiting for the owner to free one if need be (the wait-when-behind policy).
     *
     * @return false once the pipe is closed
     */
    boolean awaitRoom() throws InterruptedException {
        if (current == null) {
            current = pipe.take();
        }
        return current != null;
    }

    /** Adds {@code buffer[0, length)}, or drops it if the owner is behind; flushes a full batch. */
    void offerOrDrop(ByteBuffer buffer, int length) {
        PacketBatch b = room(length);
        if (b == null) {
            b = pipe.tryTake();
            if (b == null) {
                stats.inc(DataPlaneStat.RX_DROPPED_BUSY);
                return;
            }
            current = b;
        }
        b.add(buffer, length);
        if (b.isFull()) {
            flush();
        }
    }

    /**
     * Adds {@code buf[off, off + length)}, waiting for a free batch if the owner is behind; flushes a full batch.
     *
     * @return false if the pipe closed while waiting (the packet is lost)
     */
    boolean offerOrWait(byte[] buf, int off, int length) throws InterruptedException {
        PacketBatch b = room(length);
        if (b == null) {
            b = pipe.take();
            if (b == null) {
                return false;
            }
            current = b;
        }
        b.add(buf, off, length);
        if (b.isFull()) {
            flush();
        }
        return true;
    }

    /** The current batch if {@code length} fits in it; otherwise submits it and returns null. */
    private @Nullable PacketBatch room(int length) {
        PacketBatch b = current;
        if (b != null && !b.fits(length)) {
            flush();
            return null;
        }
        return b;
    }

    /** Hands the current batch (if any) to the owner. */
    void flush() {
        PacketBatch b = current;
        if (b != null) {
            current = null;
            pipe.submit(b, stats);
        }
    }

    /** Gives an unsent batch back to the pool (on stop). */
    void discard() {
        PacketBatch b = current;
        if (b != null) {
            current = null;
            pipe.release(b);
        }
    }
}
