package io.nat64.core.session;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The masks (src4 transport addresses) of one table's BIB entries in Jool's order, for paged dumps: one
 * 65,536-bit map per IPv4 address in use, in a map sorted by address. Finding the next mask after any key is
 * a few word scans, so a dump resumes from where it stopped without a sorted copy of the table. It is also
 * pool4's occupancy test for a new flow ({@link #contains}): a bit in a map that stays in cache instead of an
 * index probe that misses it. Costs 8 KiB per pool4 address in use. Owner thread only.
 */
final class MaskOrder {
    private final TreeMap<Long, long[]> byAddress = new TreeMap<>();

    /** The map of the address last touched: masks cluster on a few pool4 addresses, so this saves the tree. */
    private long lastAddress = -1;

    private long @Nullable [] lastBits;

    /** The same maps by address in an open-addressing table (at most half full), for the occupancy test. */
    private int[] slotAddr = new int[16];

    private long[] @Nullable [] slotBits = new long[16][];

    void add(int addr, int port) {
        bitsOf(addr, true)[port >>> 6] |= 1L << port;
    }

    void remove(int addr, int port) {
        long[] bits = bitsOf(addr, false);
        if (bits != null) {
            bits[port >>> 6] &= ~(1L << port);
        }
    }

    /** Whether a BIB entry holds the mask {@code addr#port}. */
    boolean contains(int addr, int port) {
        long[] bits = bitsOf(addr, false);
        return bits != null && (bits[port >>> 6] & (1L << port)) != 0;
    }

    private long @Nullable [] bitsOf(int addr, boolean create) {
        long a = addr & 0xffffffffL;
        if (a == lastAddress) {
            return lastBits;
        }
        long[] bits = find(addr);
        if (bits == null && create) {
            bits = new long[1024];
            byAddress.put(a, bits);
            put(addr, bits);
        }
        if (bits != null) {
            lastAddress = a;
            lastBits = bits;
        }
        return bits;
    }

    /** The map of {@code addr}, by linear probing in {@link #slotAddr}: no boxing, no tree walk per new flow. */
    private long @Nullable [] find(int addr) {
        int mask = slotAddr.length - 1;
        for (int i = Hashing.hash4(0, addr, 0) & mask; ; i = (i + 1) & mask) {
            long[] bits = slotBits[i];
            if (bits == null || slotAddr[i] == addr) {
                return bits;
            }
        }
    }

    private void put(int addr, long[] bits) {
        if (2 * (byAddress.size()) > slotAddr.length) {
            slotAddr = new int[slotAddr.length * 2];
            slotBits = new long[slotAddr.length][];
            for (Map.Entry<Long, long[]> e : byAddress.entrySet()) {
                insert(e.getKey().intValue(), e.getValue());
            }
        } else {
            insert(addr, bits);
        }
    }

    private void insert(int addr, long[] bits) {
        int mask = slotAddr.length - 1;
        int i = Hashing.hash4(0, addr, 0) & mask;
        while (slotBits[i] != null) {
            i = (i + 1) & mask;
        }
        slotAddr[i] = addr;
        slotBits[i] = bits;
    }

    /** The first mask strictly after {@code after} (packed {@code addr << 16 | port}; -1 for the first), or -1. */
    long next(long after) {
        long addr = after < 0 ? 0 : after >>> 16;
        int from = after < 0 ? 0 : (int) (after & 0xffff) + 1;
        for (Map.Entry<Long, long[]> e = byAddress.ceilingEntry(addr);
                e != null;
                e = byAddress.higherEntry(e.getKey())) {
            int start = e.getKey() == addr ? from : 0;
            int port = nextSetBit(e.getValue(), start);
            if (port >= 0) {
                return (e.getKey() << 16) | port;
            }
        }
        return -1;
    }

    private static int nextSetBit(long[] bits, int from) {
        if (from > 0xffff) {
            return -1;
        }
        int word = from >>> 6;
        long w = bits[word] & (-1L << from);
        while (true) {
            if (w != 0) {
                return word * 64 + Long.numberOfTrailingZeros(w);
            }
            if (++word == bits.length) {
                return -1;
            }
            w = bits[word];
        }
    }

    void clear() {
        byAddress.clear();
        slotAddr = new int[16];
        slotBits = new long[16][];
        lastAddress = -1;
        lastBits = null;
    }
}
