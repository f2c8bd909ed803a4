package io.nat64.core.dataplane;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Up to {@code capacity} packets packed into one reused byte array, plus their offsets and lengths. A producer
 * thread fills it, hands it to the owner thread, and the owner gives it back to the free pool when done, so the
 * batch has one owner at a time and needs no lock (the pool's queue publishes it).
 */
final class PacketBatch implements Runnable {
    private final Consumer<PacketBatch> onOwner;
    private final byte[] arena;
    private final int[] offsets;
    private final int[] lengths;
    private int count;
    private int used;

    PacketBatch(int capacity, int arenaBytes, Consumer<PacketBatch> onOwner) {
        this.onOwner = onOwner;
        this.arena = new byte[arenaBytes];
        this.offsets = new int[capacity];
        this.lengths = new int[capacity];
    }

    /** Runs on the owner thread: the task scheduled per batch, so submitting allocates no lambda. */
    @Override
    public void run() {
        onOwner.accept(this);
    }

    /** Whether a packet of {@code length} bytes still fits. */
    boolean fits(int length) {
        return count < offsets.length && arena.length - used >= length;
    }

    boolean isFull() {
        return count == offsets.length;
    }

    boolean isEmpty() {
        return count == 0;
    }

    int count() {
        return count;
    }

    /** Copies {@code buffer[0, length)} (a direct buffer) in; the caller checked {@link #fits}. */
    void add(ByteBuffer buffer, int length) {
        buffer.get(0, arena, used, length);
        append(length);
    }

    /** Copies {@code buf[off, off + length)} in; the caller checked {@link #fits}. */
    void add(byte[] buf, int off, int length) {
        System.arraycopy(buf, off, arena, used, length);
        append(length);
    }

    private void append(int length) {
        offsets[count] = used;
        lengths[count] = length;
        count++;
        used += length;
    }

    byte[] arena() {
        return arena;
    }

    int offset(int i) {
        return offsets[i];
    }

    int length(int i) {
        return lengths[i];
    }

    void clear() {
        count = 0;
        used = 0;
    }
}
