package io.nat64.bench.flat;

/**
 * A prototype flow table (BIB entry and session in one) laid out flat: each flow is one 64-byte slot of a
 * {@code long[]}, found from the IPv6 side by linear probing on the slot array itself and from the IPv4 side
 * through a second open-addressing index of {@code (fingerprint << 32 | slot + 1)} longs. A lookup from
 * IPv6 reads one cache line when the flow sits in its home slot; from IPv4, an index line and a slot line.
 * No object is allocated after construction and no reference is stored, so G1 has no barrier to run.
 *
 * <p>Slot layout (longs): 0 src6 high, 1 src6 low, 2 {@code occupied << 63 | state << 48 | src4Port << 32 |
 * dst4Port << 16 | src6Port}, 3 {@code dst4Addr << 32 | src4Addr}, 4 update time (ms), 5 timer, 6-7 spare
 * (room for two int expiry links). Slot {@code s} starts at index {@code 6 + 8 s}: a humongous {@code long[]}
 * starts at a G1 region boundary and its data 16 bytes in, so every slot is one cache line.
 *
 * <pre>{@code
 * int s = table.lookup6(src6High, src6Low, src6Port, dst4Addr, dst4Port);
 * if (s >= 0) { table.refresh(s, now, state); out = table.src4Port(s); }
 * }</pre>
 *
 * <p>Not thread-safe: one owner thread, as core's tables.
 */
public final class FlatFlowTable {
    /** The long index of slot 0: the array data starts 16 bytes after a 64-byte boundary. */
    static final int BASE = 6;

    static final int SLOT_LONGS = 8;
    static final int W_SRC6_HIGH = 0;
    static final int W_SRC6_LOW = 1;
    static final int W_PORTS = 2;
    static final int W_ADDRS4 = 3;
    static final int W_UPDATE = 4;
    static final int W_TIMER = 5;

    /** {@link #insert} when the IPv6 key or the IPv4 key is there already. */
    public static final int EXISTS = -1;
    /** {@link #insert} when the table holds its maximum. */
    public static final int FULL = -2;

    private static final long OCCUPIED = 1L << 63;
    /** The IPv6 key's bits of the ports word: occupied, dst4 port, src6 port. */
    private static final long KEY6_PORTS = OCCUPIED | 0xffff_ffffL;
    /** The IPv4 key's bits of the ports word: occupied, src4 port, dst4 port. */
    private static final long KEY4_PORTS = OCCUPIED | 0xffff_ffff_0000L;

    private static final long HIGH = 0xffff_ffff_0000_0000L;

    private final long[] slots;
    private final int capacity;
    private final long[] index4;
    private final int capacity4;
    private final int maxSize;
    private final long seed;
    /** Keeps the hash's top bits only: all ones but in tests, which force collisions with it. */
    private final long hashMask;

    private int size;

    /** A table of {@code capacity} slots (and as many IPv4 index entries), holding at most 7/8 of them. */
    public FlatFlowTable(int capacity, long seed) {
        this(capacity, seed, 64);
    }

    /** As {@link #FlatFlowTable(int, long)}, hashes cut to their top {@code hashBits} bits (tests). */
    FlatFlowTable(int capacity, long seed, int hashBits) {
        if (capacity < 8 || capacity > (Integer.MAX_VALUE - BASE - SLOT_LONGS) / SLOT_LONGS) {
            throw new IllegalArgumentException("capacity out of range: " + capacity);
        }
        if (hashBits < 1 || hashBits > 64) {
            throw new IllegalArgumentException("hashBits out of range: " + hashBits);
        }
        this.capacity = capacity;
        this.capacity4 = capacity;
        this.slots = new long[BASE + capacity * SLOT_LONGS + 2];
        this.index4 = new long[capacity4];
        this.maxSize = capacity - capacity / 8;
        this.seed = seed;
        this.hashMask = -1L << (64 - hashBits);
    }

    /** How many slots the table has, its capacity. */
    public int capacity() {
        return capacity;
    }

    /** How many flows it holds. */
    public int size() {
        return size;
    }

    /** The bytes of its two arrays (data and headers), for heap-per-flow figures. */
    public long arrayBytes() {
        return 16 + 8L * slots.length + 16 + 8L * index4.length;
    }

    long hash6(long src6High, long src6Low, int src6Port, int dst4Addr, int dst4Port) {
        long h = seed ^ src6High * 0x9e37_79b9_7f4a_7c15L;
        h = (h ^ src6Low) * 0xbf58_476d_1ce4_e5b9L;
        h ^= ((long) dst4Addr << 32 | (src6Port & 0xffffL) << 16 | (dst4Port & 0xffffL)) * 0x94d0_49bb_1331_11ebL;
        return fmix(h) & hashMask;
    }

    long hash4(int src4Addr, int src4Port, int dst4Addr, int dst4Port) {
        long h = seed ^ ((long) src4Addr << 32 | (dst4Addr & 0xffff_ffffL)) * 0x9e37_79b9_7f4a_7c15L;
        h ^= ((src4Port & 0xffffL) << 16 | (dst4Port & 0xffffL)) * 0xbf58_476d_1ce4_e5b9L;
        return fmix(h) & hashMask;
    }

    private static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xff51_afd7_ed55_8ccdL;
        h ^= h >>> 33;
        h *= 0xc4ce_b9fe_1a85_ec53L;
        return h ^ (h >>> 33);
    }

    /** The slot (or index entry) a hash starts its probe at: its top 32 bits scaled to {@code n}. */
    static int home(long hash, int n) {
        return (int) (((hash >>> 32) * n) >>> 32);
    }

    private int next(int i) {
        return i + 1 == capacity ? 0 : i + 1;
    }

    private int next4(int i) {
        return i + 1 == capacity4 ? 0 : i + 1;
    }

    /** The flow's slot from its IPv6 side, or -1. */
    public int lookup6(long src6High, long src6Low, int src6Port, int dst4Addr, int dst4Port) {
        return lookup6(
                hash6(src6High, src6Low, src6Port, dst4Addr, dst4Port),
                src6High,
                src6Low,
                src6Port,
                dst4Addr,
                dst4Port);
    }

    /** As {@link #lookup6(long, long, int, int, int)} with the key's {@link #hash6} computed already. */
    int lookup6(long hash, long src6High, long src6Low, int src6Port, int dst4Addr, int dst4Port) {
        long ports = OCCUPIED | (dst4Port & 0xffffL) << 16 | (src6Port & 0xffffL);
        long[] a = slots;
        for (int i = home(hash, capacity); ; i = next(i)) {
            int at = BASE + i * SLOT_LONGS;
            long p = a[at + W_PORTS];
            if (p >= 0) {
                return -1;
            }
            if (a[at + W_SRC6_LOW] == src6Low
                    && (p & KEY6_PORTS) == ports
                    && a[at + W_SRC6_HIGH] == src6High
                    && (int) (a[at + W_ADDRS4] >>> 32) == dst4Addr) {
                return i;
            }
        }
    }

    /** The flow's slot from its IPv4 side (a packet from {@code dst4} to the mask {@code src4}), or -1. */
    public int lookup4(int src4Addr, int src4Port, int dst4Addr, int dst4Port) {
        return lookup4(hash4(src4Addr, src4Port, dst4Addr, dst4Port), src4Addr, src4Port, dst4Addr, dst4Port);
    }

    /** As {@link #lookup4(int, int, int, int)} with the key's {@link #hash4} computed already. */
    int lookup4(long hash, int src4Addr, int src4Port, int dst4Addr, int dst4Port) {
        long fp = hash & HIGH;
        long addrs = (long) dst4Addr << 32 | (src4Addr & 0xffff_ffffL);
        long ports = OCCUPIED | (src4Port & 0xffffL) << 32 | (dst4Port & 0xffffL) << 16;
        long[] idx = index4;
        long[] a = slots;
        for (int i = home(hash, capacity4); ; i = next4(i)) {
            long e = idx[i];
            if (e == 0) {
                return -1;
            }
            if ((e & HIGH) == fp) {
                int s = (int) e - 1;
                int at = BASE + s * SLOT_LONGS;
                if (a[at + W_ADDRS4] == addrs && (a[at + W_PORTS] & KEY4_PORTS) == ports) {
                    return s;
                }
            }
        }
    }

    /**
     * Adds a flow: IPv6 side {@code src6#src6Port -> dst4#dst4Port}, mapped to the mask {@code src4#src4Port}.
     * Returns its slot, {@link #EXISTS} if either side's key is taken, or {@link #FULL}.
     */
    public int insert(
            long src6High,
            long src6Low,
            int src6Port,
            int dst4Addr,
            int dst4Port,
            int src4Addr,
            int src4Port,
            int state,
            long now) {
        long h6 = hash6(src6High, src6Low, src6Port, dst4Addr, dst4Port);
        long h4 = hash4(src4Addr, src4Port, dst4Addr, dst4Port);
        if (lookup6(h6, src6High, src6Low, src6Port, dst4Addr, dst4Port) >= 0
                || lookup4(h4, src4Addr, src4Port, dst4Addr, dst4Port) >= 0) {
            return EXISTS;
        }
        if (size == maxSize) {
            return FULL;
        }
        int i = home(h6, capacity);
        while (slots[BASE + i * SLOT_LONGS + W_PORTS] < 0) {
            i = next(i);
        }
        int at = BASE + i * SLOT_LONGS;
        slots[at + W_SRC6_HIGH] = src6High;
        slots[at + W_SRC6_LOW] = src6Low;
        slots[at + W_PORTS] = OCCUPIED
                | (state & 0xffL) << 48
                | (src4Port & 0xffffL) << 32
                | (dst4Port & 0xffffL) << 16
                | (src6Port & 0xffffL);
        slots[at + W_ADDRS4] = (long) dst4Addr << 32 | (src4Addr & 0xffff_ffffL);
        slots[at + W_UPDATE] = now;
        slots[at + W_TIMER] = 0;
        int j = home(h4, capacity4);
        while (index4[j] != 0) {
            j = next4(j);
        }
        index4[j] = (h4 & HIGH) | (i + 1L);
        size++;
        return i;
    }

    /** Removes the flow in slot {@code s} (which must be occupied); other flows may move to other slots. */
    public void remove(int s) {
        checkOccupied(s);
        removeIndex4(s);
        int hole = s;
        clear(hole);
        for (int j = next(hole); slots[BASE + j * SLOT_LONGS + W_PORTS] < 0; j = next(j)) {
            int at = BASE + j * SLOT_LONGS;
            int home = home(
                    hash6(slots[at + W_SRC6_HIGH], slots[at + W_SRC6_LOW], src6Port(j), dst4Addr(j), dst4Port(j)),
                    capacity);
            // j may fill the hole unless its home lies cyclically in (hole, j].
            if (Math.floorMod(j - home, capacity) >= Math.floorMod(j - hole, capacity)) {
                System.arraycopy(slots, at, slots, BASE + hole * SLOT_LONGS, SLOT_LONGS);
                repoint4(j, hole);
                clear(j);
                hole = j;
            }
        }
        size--;
    }

    private void checkOccupied(int s) {
        if (s < 0 || s >= capacity || slots[BASE + s * SLOT_LONGS + W_PORTS] >= 0) {
            throw new IllegalArgumentException("no flow in slot " + s);
        }
    }

    private void clear(int s) {
        java.util.Arrays.fill(slots, BASE + s * SLOT_LONGS, BASE + (s + 1) * SLOT_LONGS, 0L);
    }

    /** The IPv4 index position that points at slot {@code s}. */
    private int find4(int s) {
        long h4 = hash4(src4Addr(s), src4Port(s), dst4Addr(s), dst4Port(s));
        for (int i = home(h4, capacity4); ; i = next4(i)) {
            if ((int) index4[i] == s + 1) {
                return i;
            }
        }
    }

    private void repoint4(int from, int to) {
        int i = find4(from);
        index4[i] = (index4[i] & HIGH) | (to + 1L);
    }

    private void removeIndex4(int s) {
        int hole = find4(s);
        index4[hole] = 0;
        for (int j = next4(hole); index4[j] != 0; j = next4(j)) {
            int home = home(index4[j], capacity4);
            if (Math.floorMod(j - home, capacity4) >= Math.floorMod(j - hole, capacity4)) {
                index4[hole] = index4[j];
                index4[j] = 0;
                hole = j;
            }
        }
    }

    /** Stores a packet's refresh: the update time and the TCP state. */
    public void refresh(int s, long now, int state) {
        int at = BASE + s * SLOT_LONGS;
        slots[at + W_UPDATE] = now;
        slots[at + W_PORTS] = (slots[at + W_PORTS] & ~(0xffL << 48)) | (state & 0xffL) << 48;
    }

    /** The flow's TCP state (the caller's encoding, 0 to 255). */
    public int state(int s) {
        return (int) (slots[BASE + s * SLOT_LONGS + W_PORTS] >>> 48) & 0xff;
    }

    /** When the flow last saw a packet (ms). */
    public long updateTime(int s) {
        return slots[BASE + s * SLOT_LONGS + W_UPDATE];
    }

    public long src6High(int s) {
        return slots[BASE + s * SLOT_LONGS + W_SRC6_HIGH];
    }

    public long src6Low(int s) {
        return slots[BASE + s * SLOT_LONGS + W_SRC6_LOW];
    }

    public int src6Port(int s) {
        return (int) slots[BASE + s * SLOT_LONGS + W_PORTS] & 0xffff;
    }

    public int dst4Port(int s) {
        return (int) (slots[BASE + s * SLOT_LONGS + W_PORTS] >>> 16) & 0xffff;
    }

    public int src4Port(int s) {
        return (int) (slots[BASE + s * SLOT_LONGS + W_PORTS] >>> 32) & 0xffff;
    }

    public int src4Addr(int s) {
        return (int) slots[BASE + s * SLOT_LONGS + W_ADDRS4];
    }

    public int dst4Addr(int s) {
        return (int) (slots[BASE + s * SLOT_LONGS + W_ADDRS4] >>> 32);
    }

    /** Reads slot {@code i}'s first word without using it: the read-ahead's touch of the line. */
    long touchSlot(int i) {
        return slots[BASE + i * SLOT_LONGS + W_PORTS];
    }

    /** Reads IPv4 index entry {@code i} without using it. */
    long touchIndex4(int i) {
        return index4[i];
    }

    /** The slot of IPv4 index entry {@code i}'s first candidate (any slot if it is empty): stage 2's touch. */
    int slotOfIndex4(int i) {
        return Math.max(0, (int) index4[i] - 1);
    }

    /**
     * The slot of the first of IPv4 index entries {@code i} and {@code i + 1} whose fingerprint is {@code
     * hash}'s (the second if neither): stage 2's touch when it probes ahead.
     */
    int slotOfIndex4(int i, long hash) {
        long e = index4[i];
        if ((e & HIGH) != (hash & HIGH)) {
            e = index4[next4(i)];
        }
        return Math.max(0, (int) e - 1);
    }

    /** The slot array itself (the alignment test reads its address). */
    long[] slotArray() {
        return slots;
    }
}
