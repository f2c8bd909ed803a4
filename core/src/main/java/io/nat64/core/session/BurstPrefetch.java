package io.nat64.core.session;

import io.nat64.core.addr.L4Protocol;

/**
 * Reads ahead, changing nothing, the table memory that a burst of packets will read, one level of the
 * tables at a time: every packet's index bucket, then the first entries of every bucket with their sessions,
 * then each packet's own entry and session, and the expiry
 * neighbours of those whose refresh will relink them. Each stage's loads are independent of one another, so
 * their cache misses overlap (a lookup is a chain of three or four dependent misses; read packet by packet,
 * the processor overlaps only a few such chains). A data plane adds the packets of a burst, runs it, then
 * processes them while their lines are in the cache.
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
    private final int[] hash = new int[CAPACITY];
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
        for (int i = 0; i < n; i++) {
            BibIndex index = tables[i].bibs;
            hash[i] = from6[i] ? index.hash6(src6High[i], src6Low[i], port[i]) : index.hash4(src4Addr[i], port[i]);
        }
        // Stages 1 to 3 compare no key and store no reference: a branch on a missed load, or a reference
        // store with its GC barrier, would make the next packet's loads wait for this one's.
        long sink = 0;
        for (int i = 0; i < n; i++) {
            sink += tables[i].bibs.touch(hash[i], from6[i]);
        }
        for (int i = 0; i < n; i++) {
            sink += tables[i].bibs.touchHead(hash[i], from6[i]);
        }
        for (int i = 0; i < n; i++) {
            sink += tables[i].bibs.touchSecond(hash[i], from6[i]);
        }
        for (int i = 0; i < n; i++) {
            BibTable t = tables[i];
            TabledBib b = from6[i]
                    ? t.bibs.get6(hash[i], src6High[i], src6Low[i], port[i])
                    : t.bibs.get4(hash[i], src4Addr[i], port[i]);
            if (b == null) {
                continue;
            }
            int s = t.session(b, dst4Addr[i], t.protocol == L4Protocol.ICMP ? b.src4Port : dst4Port[i]);
            if (s == FlowTable.NIL) {
                sink += b.src6Low;
                continue;
            }
            FlowTable f = t.flows;
            ExpiryQueue q = t.queueOf(s);
            if (f.isLate(s) || q == null || !q.notYetAnnounced(s)) {
                // Its refresh may unlink it from its expiry queue: read its neighbours too.
                int prev = f.queuePrev(s);
                int next = f.queueNext(s);
                sink += (prev == FlowTable.NIL ? 0 : f.updateTime(prev))
                        + (next == FlowTable.NIL ? 0 : f.updateTime(next));
            } else {
                sink += f.updateTime(s);
            }
        }
        size = 0; // the tables stay referenced until overwritten: they are the owner's own, as long-lived
        return sink;
    }
}
