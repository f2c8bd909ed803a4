package io.nat64.core.session;

/**
 * Reads ahead, changing nothing, the table memory that a burst of packets will read, in two stages as
 * {@link FlowTable}'s benchmark does: every packet's line of its {@link FlowTable} index, then the slot that
 * index entry names. Each stage's loads are independent of one another, so their cache misses overlap (read
 * packet by packet, the processor overlaps only a few lookups' chains). A data plane adds the packets of a
 * burst, runs it, then processes them while their lines are in the cache. An IPv6 packet whose index entry is
 * empty (a new flow) has its BIB index bucket read instead. Not read ahead: the expiry
 * neighbours of a session whose refresh relinks it (rare once a flow is running: the refresh stays in place),
 * the BIB entry of a new flow itself, and an ICMPv6 echo's session (its key holds the mask's identifier, known only
 * from the BIB entry). A dump reads BIB entries ahead with {@link #addMask}.
 *
 * <pre>{@code
 * for (...) burst.add6(table, src6High, src6Low, src6Port, dst4Addr, dst4Port);
 * kept ^= burst.run();
 * for (...) table.tcp6(...);
 * }</pre>
 *
 * <p>Reusable, owner thread only: one per instance's owner.
 */
public final class BurstPrefetch {
    /** The most packets one burst holds. */
    public static final int CAPACITY = 64;
    /** The most tables one burst reads ahead in (an instance has one per protocol). */
    private static final int KNOWN = 8;

    /**
     * The tables the packets belong to, each stored once: a reference stored per packet into this long-lived
     * array would run G1's post-write barrier, whose StoreLoad fence costs more than the read-ahead saves.
     */
    private final BibTable[] known = new BibTable[KNOWN];
    /** A {@link #table} byte's flag: the entry is a BIB entry's mask ({@link #addMask}), not a packet. */
    private static final int MASK = 0x40;

    /** Per entry, its table's place in {@link #known}, with {@link #MASK} for a mask. */
    private final byte[] table = new byte[CAPACITY];

    private int knownCount;
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

    private int size;
    /** Whether the burst holds a mask ({@link #addMask}). */
    private boolean anyMask;

    /** How many packets the burst holds. */
    public int size() {
        return size;
    }

    /** Whether the burst holds {@link #CAPACITY} packets (further adds are ignored until {@link #run}). */
    public boolean isFull() {
        return size == CAPACITY;
    }

    /**
     * The flow hash of the {@code i}-th packet added ({@code i} counts from 0 at each {@link #run}): the {@code
     * hint} of {@link BibTable#tcp6(long, long, long, int, long, long, int, int, int, long, Mapping)} and its
     * siblings, valid until packets are added again. Never {@link BibTable#NO_HINT}.
     */
    public long hash(int i) {
        long h = hash[i];
        return h == BibTable.NO_HINT ? 1 : h; // a wrong hint costs a second lookup
    }

    /**
     * Adds an IPv6 packet of flow {@code src6#src6Port -> dst4#dst4Port} of {@code table}'s protocol; false if
     * it was left out (the burst is full).
     */
    public boolean add6(BibTable table, long src6High, long src6Low, int src6Port, int dst4Addr, int dst4Port) {
        int i = claim(table, false, true);
        if (i < 0) {
            return false;
        }
        this.src6High[i] = src6High;
        this.src6Low[i] = src6Low;
        this.port[i] = src6Port;
        this.dst4Addr[i] = dst4Addr;
        this.dst4Port[i] = dst4Port;
        FlowTable f = table.flows;
        long h = f.hash6(src6High, src6Low, src6Port, dst4Addr, dst4Port);
        hash[i] = h;
        first[i] = FlowTable.home(h, f.indexCapacity());
        return true;
    }

    /** Adds an IPv4 packet from {@code dst4#dst4Port} to the mask {@code src4#src4Port}; false if left out. */
    public boolean add4(BibTable table, int src4Addr, int src4Port, int dst4Addr, int dst4Port) {
        int i = claim(table, false, false);
        if (i < 0) {
            return false;
        }
        this.src4Addr[i] = src4Addr;
        this.port[i] = src4Port;
        this.dst4Addr[i] = dst4Addr;
        this.dst4Port[i] = dst4Port;
        FlowTable f = table.flows;
        long h = f.hash4(src4Addr, src4Port, dst4Addr, dst4Port);
        hash[i] = h;
        first[i] = FlowTable.home(h, f.indexCapacity());
        return true;
    }

    /** Adds the BIB entry of mask {@code src4#src4Port} and its first session (a dump's read-ahead). */
    void addMask(BibTable table, int src4Addr, int src4Port) {
        int i = claim(table, true, false);
        if (i < 0) {
            return;
        }
        this.src4Addr[i] = src4Addr;
        this.port[i] = src4Port;
        hash[i] = table.bibs.hash4(src4Addr, src4Port);
    }

    /** The next entry, set up for {@code t} as a mask or a packet from either side; -1 if the burst is full. */
    private int claim(BibTable t, boolean isMask, boolean isFrom6) {
        int k = size == CAPACITY ? -1 : place(t);
        if (k < 0) {
            return -1;
        }
        int i = size++;
        table[i] = (byte) (isMask ? k | MASK : k);
        anyMask |= isMask;
        from6[i] = isFrom6;
        return i;
    }

    /**
     * The place of {@code t} in {@link #known}, storing it there the first time, or -1 when {@link #KNOWN}
     * other tables are there and the burst holds packets of them (a hint is then left out). Owner thread only.
     */
    private int place(BibTable t) {
        for (int k = 0; k < knownCount; k++) {
            if (known[k] == t) {
                return k;
            }
        }
        if (knownCount == KNOWN) {
            if (size > 0) {
                return -1;
            }
            knownCount = 0; // more tables than one instance has (tests): start over
            java.util.Arrays.fill(known, null);
        }
        known[knownCount] = t;
        return knownCount++;
    }

    /**
     * Reads the burst's table memory in stages and empties it. Returns a value to fold into something kept, or the reads may be optimised away.
     */
    public long run() {
        int n = size;
        size = 0;
        boolean masks = anyMask;
        anyMask = false;
        // Stage 1 loads every packet's index line, then stage 2 the slot each index entry names. A missed load
        // holds up everything after it until it arrives, so each stage's loop is a few instructions per packet
        // over one table's arrays: the whole burst's loads then fit the processor's window at once and their
        // misses overlap (loops that reached each packet's table through references overlapped half as well).
        // Stage 1 compares no key, and its hashes were computed as packets were added.
        boolean all = knownCount == 1 && !masks; // every entry is a packet of known[0]: no entry to skip
        long sink = 0;
        for (int k = 0; k < knownCount; k++) {
            sink += indexLines(k, n, all);
        }
        if (masks) {
            sink += maskBuckets(n);
        }
        for (int k = 0; k < knownCount; k++) {
            sink += slots(k, n, all);
        }
        if (masks) {
            sink += maskSessions(n);
        }
        return sink;
    }

    /** Stage 1 for the packets of table {@code known[k]} (every entry if {@code all}): each one's index line. */
    private long indexLines(int k, int n, boolean all) {
        FlowTable f = known[k].flows;
        long[] i6 = f.index6Array();
        long[] i4 = f.index4Array();
        long sink = 0;
        for (int i = 0; i < n; i++) {
            if (all || table[i] == k) {
                sink += (from6[i] ? i6 : i4)[first[i]];
            }
        }
        return sink;
    }

    /**
     * Stage 2 for the packets of table {@code known[k]} (every entry if {@code all}): the slot that each one's index
     * entry names (the second entry's if the home one holds another fingerprint), or the BIB bucket of an IPv6
     * packet whose home entry is empty (a new flow).
     */
    private long slots(int k, int n, boolean all) {
        BibTable t = known[k];
        FlowTable f = t.flows;
        long[] i6 = f.index6Array();
        long[] i4 = f.index4Array();
        long[] a = f.slotArray();
        int cap = f.indexCapacity();
        long sink = 0;
        for (int i = 0; i < n; i++) {
            if (!all && table[i] != k) {
                continue;
            }
            long[] idx = from6[i] ? i6 : i4;
            int at = first[i];
            long e = idx[at];
            if ((e ^ hash[i]) >>> 32 != 0) {
                if (e == 0 && from6[i]) {
                    // An empty home entry: no session, a new flow whose BIB entry is looked up next (stage 1
                    // loaded the entry, so this branch waits for no miss).
                    BibIndex bibs = t.bibs;
                    sink += bibs.touchBucket6(bibs.hash6(src6High[i], src6Low[i], port[i]));
                    continue;
                }
                e = idx[at + 1 == cap ? 0 : at + 1];
            }
            sink += a[FlowTable.slotWord(Math.max(0, (int) e - 1))];
        }
        return sink;
    }

    /** Stage 1 for the masks (a dump's read-ahead): each one's BIB bucket. */
    private long maskBuckets(int n) {
        long sink = 0;
        for (int i = 0; i < n; i++) {
            if ((table[i] & MASK) != 0) {
                sink += known[table[i] & ~MASK].bibs.touch4((int) hash[i]);
            }
        }
        return sink;
    }

    /** Stage 2 for the masks: each one's BIB entry and the slot of its first session. */
    private long maskSessions(int n) {
        long sink = 0;
        for (int i = 0; i < n; i++) {
            if ((table[i] & MASK) != 0) {
                BibTable t = known[table[i] & ~MASK];
                int b = t.bibs.get4(src4Addr[i], port[i]);
                int head = b == BibIndex.NONE ? FlowTable.NIL : t.bibs.head(b);
                sink += head == FlowTable.NIL ? 0 : t.flows.touchSlot(head);
            }
        }
        return sink;
    }
}
