package io.nat64.core.session;

/**
 * Reads ahead, changing nothing, the table memory that a burst of packets will read, one level at a time:
 * every packet's line of its {@link FlowTable} index, then the slot that index entry names, then, for the
 * packets whose session is found, the expiry neighbours of those whose refresh will relink them, and for the
 * others their BIB entry (the creation path reads it) and its first session. Each stage's loads are
 * independent of one another, so their cache misses overlap (read packet by packet, the processor overlaps
 * only a few lookups' chains). A data plane adds the packets of a burst, runs it, then processes them while
 * their lines are in the cache. An ICMPv6 echo's read-ahead misses its session (its key holds the mask's
 * identifier, known only from the BIB entry) and reads its BIB entry instead.
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

    private final BibTable[] tables = new BibTable[CAPACITY];
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

    /** How many packets the burst holds. */
    public int size() {
        return size;
    }

    /** Whether the burst holds {@link #CAPACITY} packets (further adds are ignored until {@link #run}). */
    public boolean isFull() {
        return size == CAPACITY;
    }

    /** Adds an IPv6 packet of flow {@code src6#src6Port -> dst4#dst4Port} of {@code table}'s protocol. */
    public void add6(BibTable table, long src6High, long src6Low, int src6Port, int dst4Addr, int dst4Port) {
        if (size == CAPACITY) {
            return;
        }
        int i = size++;
        tables[i] = table;
        from6[i] = true;
        this.src6High[i] = src6High;
        this.src6Low[i] = src6Low;
        this.port[i] = src6Port;
        this.dst4Addr[i] = dst4Addr;
        this.dst4Port[i] = dst4Port;
    }

    /** Adds an IPv4 packet from {@code dst4#dst4Port} to the mask {@code src4#src4Port}. */
    public void add4(BibTable table, int src4Addr, int src4Port, int dst4Addr, int dst4Port) {
        if (size == CAPACITY) {
            return;
        }
        int i = size++;
        tables[i] = table;
        from6[i] = false;
        this.src4Addr[i] = src4Addr;
        this.port[i] = src4Port;
        this.dst4Addr[i] = dst4Addr;
        this.dst4Port[i] = dst4Port;
    }

    /**
     * Reads the burst's table memory in stages and empties it. Returns a value to fold into something kept, or the reads may be optimised away.
     */
    public long run() {
        int n = size;
        long sink = 0;
        // Stages 1 and 2 compare no key: a branch on a missed load would make the next packet's loads wait.
        for (int i = 0; i < n; i++) {
            FlowTable f = tables[i].flows;
            long h = from6[i]
                    ? f.hash6(src6High[i], src6Low[i], port[i], dst4Addr[i], dst4Port[i])
                    : f.hash4(src4Addr[i], port[i], dst4Addr[i], dst4Port[i]);
            hash[i] = h;
            int at = FlowTable.home(h, f.indexCapacity());
            first[i] = at;
            sink += from6[i] ? f.touchIndex6(at) : f.touchIndex4(at);
        }
        for (int i = 0; i < n; i++) {
            FlowTable f = tables[i].flows;
            int s = from6[i] ? f.slotOfIndex6(first[i], hash[i]) : f.slotOfIndex4(first[i], hash[i]);
            sink += f.touchSlot(s);
        }
        for (int i = 0; i < n; i++) {
            sink += touchNext(i);
        }
        size = 0; // the tables stay referenced until overwritten: they are the owner's own, as long-lived
        return sink;
    }

    /** Stage 3 for packet {@code i}: what its processing reads after its slot. */
    private long touchNext(int i) {
        BibTable t = tables[i];
        FlowTable f = t.flows;
        int s = from6[i]
                ? f.lookup6(hash[i], src6High[i], src6Low[i], port[i], dst4Addr[i], dst4Port[i])
                : f.lookup4(hash[i], src4Addr[i], port[i], dst4Addr[i], dst4Port[i]);
        if (s == FlowTable.NIL) {
            TabledBib b = from6[i] ? t.bibs.get6(src6High[i], src6Low[i], port[i]) : t.bibs.get4(src4Addr[i], port[i]);
            return b == null ? 0 : b.head == FlowTable.NIL ? b.src6Low : f.touchSlot(b.head);
        }
        ExpiryQueue q = t.queueOf(s);
        if (f.isLate(s) || q == null || !q.notYetAnnounced(s)) {
            // Its refresh may unlink it from its expiry queue: read its neighbours too.
            int prev = f.queuePrev(s);
            int next = f.queueNext(s);
            return (prev == FlowTable.NIL ? 0 : f.updateTime(prev)) + (next == FlowTable.NIL ? 0 : f.updateTime(next));
        }
        return f.updateTime(s);
    }
}
