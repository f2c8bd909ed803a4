package io.nat64.core.dataplane;

/**
 * Feeds raw IPv4 or IPv6 packets to the instance's translator through the same batches as the TUN readers, for
 * tests and diagnostics (the daemon's {@code --inject-port}). Unlike a TUN reader it never drops: when the owner
 * thread is behind, {@link #inject} waits for it.
 *
 * <p>Threading: one producer thread per injector; get one per thread from {@link TunDataPlane#newInjector()}.
 *
 * <pre>{@code
 * PacketInjector in = plane.newInjector();
 * in.inject(packet, 0, packet.length);
 * in.flush();                        // when the input pauses: hand over what is batched
 * }</pre>
 */
public final class PacketInjector {
    private final Batcher batcher;
    private final StatCells stats;

    PacketInjector(Batcher batcher, StatCells stats) {
        this.batcher = batcher;
        this.stats = stats;
    }

    /**
     * Queues a copy of {@code buf[off, off + len)} (1 to 65535 bytes) for translation; waits while the owner is
     * behind.
     *
     * @return false if the data plane stopped first (the packet is lost)
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean inject(byte[] buf, int off, int len) throws InterruptedException {
        if (len < 1 || len > TunDataPlane.MAX_PACKET || off < 0 || off > buf.length - len) {
            throw new IndexOutOfBoundsException("packet [" + off + ", +" + len + ") of a " + buf.length
                    + "-byte buffer; a packet has 1 to " + TunDataPlane.MAX_PACKET + " bytes");
        }
        boolean queued = batcher.offerOrWait(buf, off, len);
        if (queued) {
            stats.inc(DataPlaneStat.INJECTED);
        }
        return queued;
    }

    /** Hands the packets batched so far to the owner thread; call when the input pauses. */
    public void flush() {
        batcher.flush();
    }
}
