package io.nat64.core.session;

import io.nat64.core.pool.Pool4;

/**
 * The tables' view of pool4: where masks for new BIB entries come from. Transport addresses are packed
 * as {@code ((addr & 0xffffffffL) << 16) | port}.
 */
public interface MaskAllocator {

    /**
     * A free transport address for a new BIB entry of the IPv6 flow, or -1 when none is left; {@code taken}
     * tells which ones existing entries already use.
     */
    long allocate(
            long src6High,
            long src6Low,
            int src6Port,
            long dst6High,
            long dst6Low,
            int dst6Port,
            Pool4.Occupancy taken);

    /** How many transport addresses the pool holds: no table can have more BIB entries than that. */
    long capacity();

    /** Whether {@code addr#port} belongs to this pool (static entries and peers' copies must). */
    boolean contains(int addr, int port);
}
