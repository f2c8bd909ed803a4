package io.nat64.core.session;

/**
 * Reads ahead, changing nothing, the table memory that a burst of packets will read, in two stages as
 * {@link FlowTable}'s benchmark does: every packet's line of its {@link FlowTable} index, then the slot that
 * index entry names. Each stage's loads are independent of one another, so their cache misses overlap (read
 * packet by packet, the processor overlaps only a few lookups' chains). A data plane adds the packets of a
 * burst, runs it, then processes them while their lines are in the cache. Not read ahead: the expiry
 * neighbours of a session whose refresh relinks it (rare once a flow is running: the refresh stays in place),
 * the BIB entry of a new flow, and an ICMPv6 echo's session (its key holds the mask's identifier, known only
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
    /** Whether entry {@code i} is a BIB entry's mask ({@link #addMask}) rather than a packet. */
    private final boolean[] mask = new boolean[CAPACITY];

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
        mask[i] = false;
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
        mask[i] = false;
        from6[i] = false;
        this.src4Addr[i] = src4Addr;
        this.port[i] = src4Port;
        this.dst4Addr[i] = dst4Addr;
        this.dst4Port[i] = dst4Port;
    }

    /** Adds the BIB entry of mask {@code src4#src4Port} and its first session (a dump's read-ahead). */
    void addMask(BibTable table, int src4Addr, int src4Port) {
        if (size == CAPACITY) {
            return;
        }
        int i = size++;
        tables[i] = table;
        mask[i] = true;
        from6[i] = false;
        this.src4Addr[i] = src4Addr;
        this.port[i] = src4Port;
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
            if (mask[i]) {
                sink += tables[i].bibs.touch(tables[i].bibs.hash4(src4Addr[i], port[i]), false);
                continue;
            }
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
            if (mask[i]) {
                TabledBib b = tables[i].bibs.get4(src4Addr[i], port[i]);
                sink += b == null || b.head == FlowTable.NIL ? 0 : f.touchSlot(b.head);
                continue;
            }
            int s = from6[i] ? f.slotOfIndex6(first[i], hash[i]) : f.slotOfIndex4(first[i], hash[i]);
            sink += f.touchSlot(s);
        }
        size = 0; // the tables stay referenced until overwritten: they are the owner's own, as long-lived
        return sink;
    }
}
