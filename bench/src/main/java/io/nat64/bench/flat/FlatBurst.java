package io.nat64.bench.flat;

/**
 * Reads ahead, changing nothing, the lines a burst of packets will read in a {@link FlatFlowTable}, a level
 * at a time: stage 1 every packet's first line (its home slot from IPv6, its index line from IPv4), stage
 * 2 the slot each IPv4 index entry names. Each stage's loads are independent, so their misses overlap. The
 * hashes stay for the lookups that follow ({@link #lookup6}, {@link #lookup4}).
 *
 * <pre>{@code
 * for (...) burst.add6(src6High, src6Low, src6Port, dst4Addr, dst4Port);
 * kept ^= burst.run();
 * for (int i = 0; i < burst.size(); i++) { int s = burst.lookup6(i); ... }
 * }</pre>
 *
 * <p>Reusable, owner thread only.
 */
public final class FlatBurst {
    /** The most packets one burst holds. */
    public static final int CAPACITY = 64;

    private final FlatFlowTable table;
    private final boolean[] from6 = new boolean[CAPACITY];
    private final long[] src6High = new long[CAPACITY];
    private final long[] src6Low = new long[CAPACITY];
    /** The IPv6 source port, or the mask's port for a packet from IPv4. */
    private final int[] port = new int[CAPACITY];
    /** The mask's address for a packet from IPv4. */
    private final int[] src4Addr = new int[CAPACITY];

    private final int[] dst4Addr = new int[CAPACITY];
    private final int[] dst4Port = new int[CAPACITY];
    private final long[] hash = new long[CAPACITY];
    private final int[] first = new int[CAPACITY];
    private final boolean probeAhead;
    private int size;

    /** A burst over {@code table}, probing ahead (measured 8-10% faster at load 1/2). */
    public FlatBurst(FlatFlowTable table) {
        this(table, true);
    }

    /**
     * As {@link #FlatBurst(FlatFlowTable)}; with {@code probeAhead}, stage 2 also reads the next slot of an
     * IPv6 packet whose home slot holds another flow, and for an IPv4 packet the slot of the next index entry
     * when the first's fingerprint differs (branches on lines stage 1 loaded).
     */
    FlatBurst(FlatFlowTable table, boolean probeAhead) {
        this.table = table;
        this.probeAhead = probeAhead;
    }

    /** How many packets the burst holds. */
    public int size() {
        return size;
    }

    /** Adds an IPv6 packet of flow {@code src6#src6Port -> dst4#dst4Port}; ignored when full. */
    public void add6(long src6High, long src6Low, int src6Port, int dst4Addr, int dst4Port) {
        if (size == CAPACITY) {
            return;
        }
        int i = size++;
        from6[i] = true;
        this.src6High[i] = src6High;
        this.src6Low[i] = src6Low;
        port[i] = src6Port;
        this.dst4Addr[i] = dst4Addr;
        this.dst4Port[i] = dst4Port;
        hash[i] = table.hash6(src6High, src6Low, src6Port, dst4Addr, dst4Port);
    }

    /** Adds an IPv4 packet from {@code dst4#dst4Port} to the mask {@code src4#src4Port}; ignored when full. */
    public void add4(int src4Addr, int src4Port, int dst4Addr, int dst4Port) {
        if (size == CAPACITY) {
            return;
        }
        int i = size++;
        from6[i] = false;
        this.src4Addr[i] = src4Addr;
        port[i] = src4Port;
        this.dst4Addr[i] = dst4Addr;
        this.dst4Port[i] = dst4Port;
        hash[i] = table.hash4(src4Addr, src4Port, dst4Addr, dst4Port);
    }

    /**
     * Reads the burst's lines in two stages, comparing no key (a branch on a missed load would hold the next
     * packets' loads back). Returns a value to fold into something kept, or the reads may be optimised away.
     */
    public long run() {
        int n = size;
        FlatFlowTable t = table;
        int capacity = t.capacity();
        long sink = 0;
        for (int i = 0; i < n; i++) {
            int at = FlatFlowTable.home(hash[i], capacity);
            first[i] = at;
            sink += from6[i] ? t.touchSlot(at) : t.touchIndex4(at);
        }
        for (int i = 0; i < n; i++) {
            if (!from6[i]) {
                sink += t.touchSlot(probeAhead ? t.slotOfIndex4(first[i], hash[i]) : t.slotOfIndex4(first[i]));
            } else if (probeAhead && t.src6Low(first[i]) != src6Low[i]) {
                sink += t.touchSlot(first[i] + 1 == capacity ? 0 : first[i] + 1);
            }
        }
        return sink;
    }

    /** Packet {@code i}'s flow from the IPv6 side (added with {@link #add6}), or -1. */
    public int lookup6(int i) {
        return table.lookup6(hash[i], src6High[i], src6Low[i], port[i], dst4Addr[i], dst4Port[i]);
    }

    /** Packet {@code i}'s flow from the IPv4 side (added with {@link #add4}), or -1. */
    public int lookup4(int i) {
        return table.lookup4(hash[i], src4Addr[i], port[i], dst4Addr[i], dst4Port[i]);
    }

    /** Empties the burst for the next one. */
    public void clear() {
        size = 0;
    }
}
