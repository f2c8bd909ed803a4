package io.nat64.core.session;

import java.util.Arrays;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * One protocol's BIB entries (Jool's {@code struct tabled_bib}) and their two O(1) indexes, by IPv6 transport
 * address and by IPv4 transport address (Jool keeps two red-black trees). An entry is a number, not an object:
 * its fields are {@link #STRIDE} words of a {@code long[]} page of {@link #PAGE} entries, so a new entry stores
 * no reference (no G1 barrier) and a chain step is one load of the entry itself. Pages are allocated as numbers
 * reach them and never copied: no memory is taken ahead for entries, and growing them never pauses.
 *
 * <table>
 * <caption>The words of entry {@code e}, at {@code STRIDE * (e % PAGE)} in page {@code e / PAGE}</caption>
 * <tr><th>word</th><th>holds</th></tr>
 * <tr><td>0</td><td>src6 address, high half</td></tr>
 * <tr><td>1</td><td>src6 address, low half</td></tr>
 * <tr><td>2</td><td>src4 address (high 32), src4 port (bits 16-31), src6 port (low 16)</td></tr>
 * <tr><td>3</td><td>chain links, entry number + 1 (0 at the end): IPv6 next (high 32), IPv4 next (low 32)</td></tr>
 * <tr><td>4</td><td>flags {@link #LIVE} and {@link #STATIC} (high 32); the first slot of its session list in the
 * table's {@link FlowTable}, or {@link FlowTable#NIL} (low 32)</td></tr>
 * </table>
 *
 * <p>Chained hashing through the entries' own links, buckets holding entry numbers + 1; an IPv6 bucket also
 * holds two {@link #fingerprint} bits per entry of its chain, so that looking up an absent key, which every new
 * flow does, mostly reads no entry (measured: docs/benchmarks.md, "Seventh pass"). Numbers are handed out
 * in order ({@link #remove}d ones first, from a stack), so new entries are written sequentially. Both bucket
 * arrays double at load factor 1 incrementally: the old arrays stay readable while each later insert or removal
 * moves {@link #MIGRATE_STEP} of their buckets. Owner thread only.
 */
final class BibIndex {
    /** Old buckets moved per insert or removal while growing. */
    static final int MIGRATE_STEP = 32;

    /** No entry: what a lookup returns when the key is absent. */
    static final int NONE = -1;

    /** The words per entry. */
    static final int STRIDE = 5;

    private static final int PAGE_SHIFT = 10;
    /** The entries per page (40 KiB). */
    static final int PAGE = 1 << PAGE_SHIFT;

    private static final int IN_PAGE = PAGE - 1;

    private static final long LIVE = 1L << 32;
    private static final long STATIC = 1L << 33;
    private static final long LOW = 0xffffffffL;

    private final long seed;
    /** Chain heads (low 32) and the chain's fingerprint bits (high 32, see {@link #fingerprint}). */
    private long[] buckets6 = new long[16];

    private int[] buckets4 = new int[16];
    /** The arrays being emptied into the current ones (same length), or null. */
    private long @Nullable [] old6;

    private int @Nullable [] old4;
    /** The pages of entries, {@link #STRIDE} words each (see the class comment); null until a number reaches it. */
    private long[][] pages = new long[1][];
    /** Numbers freed by {@link #remove}, reused first (a stack of {@link #freeCount}). */
    private int[] freeIds = new int[16];

    private int freeCount;
    /** The numbers below it have been handed out. */
    private int nextId;

    private int migrated;
    private int size;

    BibIndex(long seed) {
        this.seed = seed;
    }

    int size() {
        return size;
    }

    // ---------------------------------------------------------------- an entry's fields

    long src6High(int e) {
        return pages[e >>> PAGE_SHIFT][STRIDE * (e & IN_PAGE)];
    }

    long src6Low(int e) {
        return pages[e >>> PAGE_SHIFT][STRIDE * (e & IN_PAGE) + 1];
    }

    int src6Port(int e) {
        return (int) pages[e >>> PAGE_SHIFT][STRIDE * (e & IN_PAGE) + 2] & 0xffff;
    }

    int src4Addr(int e) {
        return (int) (pages[e >>> PAGE_SHIFT][STRIDE * (e & IN_PAGE) + 2] >>> 32);
    }

    int src4Port(int e) {
        return (int) (pages[e >>> PAGE_SHIFT][STRIDE * (e & IN_PAGE) + 2] >>> 16) & 0xffff;
    }

    boolean isStatic(int e) {
        return (pages[e >>> PAGE_SHIFT][STRIDE * (e & IN_PAGE) + 4] & STATIC) != 0;
    }

    void setStatic(int e, boolean isStatic) {
        long[] w = pages[e >>> PAGE_SHIFT];
        int at = STRIDE * (e & IN_PAGE) + 4;
        w[at] = isStatic ? w[at] | STATIC : w[at] & ~STATIC;
    }

    /** The first slot of its session list in the table's {@link FlowTable}, or {@link FlowTable#NIL}. */
    int head(int e) {
        return (int) pages[e >>> PAGE_SHIFT][STRIDE * (e & IN_PAGE) + 4];
    }

    void setHead(int e, int slot) {
        long[] w = pages[e >>> PAGE_SHIFT];
        int at = STRIDE * (e & IN_PAGE) + 4;
        w[at] = (w[at] & ~LOW) | (slot & LOW);
    }

    private int next6(int e) {
        return (int) (pages[e >>> PAGE_SHIFT][STRIDE * (e & IN_PAGE) + 3] >>> 32);
    }

    private int next4(int e) {
        return (int) pages[e >>> PAGE_SHIFT][STRIDE * (e & IN_PAGE) + 3];
    }

    private void setNext6(int e, int link) {
        long[] w = pages[e >>> PAGE_SHIFT];
        int at = STRIDE * (e & IN_PAGE) + 3;
        w[at] = (long) link << 32 | (w[at] & LOW);
    }

    private void setNext4(int e, int link) {
        long[] w = pages[e >>> PAGE_SHIFT];
        int at = STRIDE * (e & IN_PAGE) + 3;
        w[at] = (w[at] & ~LOW) | (link & LOW);
    }

    // ---------------------------------------------------------------- lookups

    /** The entry of {@code high:low#port}, or {@link #NONE}. */
    int get6(long high, long low, int port) {
        return get6(hash6(high, low, port), high, low, port);
    }

    /** As {@link #get6(long, long, int)} when the key's hash {@code h} ({@link #hash6}) is already known. */
    int get6(long h, long high, long low, int port) {
        long fp = fingerprint(h);
        long[] o = old6;
        if (o != null && ((int) h & (o.length - 1)) >= migrated) {
            int e = find6(o[(int) h & (o.length - 1)], fp, high, low, port);
            if (e != NONE) {
                return e;
            }
        }
        return find6(buckets6[(int) h & (buckets6.length - 1)], fp, high, low, port);
    }

    /**
     * The two bits (of the high 32) that an entry of IPv6 hash {@code h} sets in its bucket word: a lookup whose
     * bits are not all set there finds no entry without reading one (every new flow's lookup). They come from the
     * hash's high half, which the bucket number (its low bits) does not use.
     */
    private static long fingerprint(long h) {
        return (1L << 32) << ((int) (h >>> 32) & 31) | (1L << 32) << ((int) (h >>> 40) & 31);
    }

    /** The entry of mask {@code addr#port}, or {@link #NONE}. */
    int get4(int addr, int port) {
        return get4(hash4(addr, port), addr, port);
    }

    /** As {@link #get4(int, int)} when the key's hash {@code h} ({@link #hash4}) is already known. */
    int get4(int h, int addr, int port) {
        int[] o = old4;
        if (o != null && (h & (o.length - 1)) >= migrated) {
            int e = find4(o[h & (o.length - 1)], addr, port);
            if (e != NONE) {
                return e;
            }
        }
        return find4(buckets4[h & (buckets4.length - 1)], addr, port);
    }

    /** The hash {@link #get6} starts from, for a staged lookup ({@link BurstPrefetch}). */
    long hash6(long high, long low, int port) {
        return Hashing.hash6(seed, high, low, port);
    }

    /** The hash {@link #get4} starts from. */
    int hash4(int addr, int port) {
        return Hashing.hash4(seed, addr, port);
    }

    /**
     * Reads the IPv4 bucket that a lookup of hash {@code h} ({@link #hash4}) reads first, and returns 1 if it holds
     * an entry: a staged lookup's first, independent load.
     */
    int touch4(int h) {
        int[] o = old4;
        int head = o != null && (h & (o.length - 1)) >= migrated
                ? o[h & (o.length - 1)]
                : buckets4[h & (buckets4.length - 1)];
        return head == 0 ? 0 : 1;
    }

    /** Reads the current IPv6 bucket of hash {@code h} ({@link #hash6}) without using it: a read-ahead. */
    int touchBucket6(long h) {
        return (int) buckets6[(int) h & (buckets6.length - 1)];
    }

    /** Reads the current IPv4 bucket of hash {@code h} without using it: a read-ahead of {@link #add}'s store. */
    int touchBucket4(int h) {
        return buckets4[h & (buckets4.length - 1)];
    }

    /** The entry of the chain of bucket word {@code bucket} whose IPv6 key (fingerprint {@code fp}) matches. */
    private int find6(long bucket, long fp, long high, long low, int port) {
        if ((bucket & fp) != fp) {
            return NONE;
        }
        int link = (int) bucket;
        while (link != 0) {
            long[] w = pages[(link - 1) >>> PAGE_SHIFT];
            int at = STRIDE * ((link - 1) & IN_PAGE);
            if (w[at + 1] == low && w[at] == high && ((int) w[at + 2] & 0xffff) == port) {
                return link - 1;
            }
            link = (int) (w[at + 3] >>> 32);
        }
        return NONE;
    }

    private int find4(int link, int addr, int port) {
        long key = (addr & LOW) << 32 | (long) port << 16;
        while (link != 0) {
            long[] w = pages[(link - 1) >>> PAGE_SHIFT];
            int at = STRIDE * ((link - 1) & IN_PAGE);
            if ((w[at + 2] & 0xffffffffffff0000L) == key) {
                return link - 1;
            }
            link = (int) w[at + 3];
        }
        return NONE;
    }

    // ---------------------------------------------------------------- growth

    /** The number of buckets of each side (entries it holds at load factor 1 without growing). */
    int capacity() {
        return buckets6.length;
    }

    /**
     * Grows, incrementally as usual, to hold {@code entries} at load factor 1, unless it already does; false
     * (try again later) while it is still growing. A table that knows how many entries it will hold stops
     * paying for doublings.
     */
    boolean reserve(int entries) {
        int target = Hashing.capacityFor(entries);
        if (target <= buckets6.length) {
            return true;
        }
        if (old6 != null) {
            return false;
        }
        old6 = buckets6;
        old4 = buckets4;
        buckets6 = new long[target];
        buckets4 = new int[target];
        migrated = 0;
        migrate();
        return true;
    }

    // ---------------------------------------------------------------- changes

    /** Adds an entry, with no session yet, whose two keys are both absent (the caller checked); returns its number. */
    int add(long src6High, long src6Low, int src6Port, int src4Addr, int src4Port, boolean isStatic) {
        return add(
                hash6(src6High, src6Low, src6Port),
                hash4(src4Addr, src4Port),
                src6High,
                src6Low,
                src6Port,
                src4Addr,
                src4Port,
                isStatic);
    }

    /** As {@link #add(long, long, int, int, int, boolean)} with the keys' {@link #hash6} and {@link #hash4}. */
    int add(long h6, int h4, long src6High, long src6Low, int src6Port, int src4Addr, int src4Port, boolean isStatic) {
        if (old6 != null) {
            migrate();
        } else if (size >= buckets6.length && buckets6.length < (1 << 30)) {
            old6 = buckets6;
            old4 = buckets4;
            buckets6 = new long[buckets6.length << 1];
            buckets4 = new int[buckets4.length << 1];
            migrated = 0;
            migrate();
        }
        int e;
        if (freeCount > 0) {
            e = freeIds[--freeCount];
        } else {
            if ((nextId & IN_PAGE) == 0) {
                newPage(nextId >>> PAGE_SHIFT);
            }
            e = nextId++;
        }
        long[] w = pages[e >>> PAGE_SHIFT];
        int at = STRIDE * (e & IN_PAGE);
        w[at] = src6High;
        w[at + 1] = src6Low;
        w[at + 2] = (src4Addr & LOW) << 32 | (long) (src4Port & 0xffff) << 16 | (src6Port & 0xffff);
        w[at + 4] = LIVE | (isStatic ? STATIC : 0) | (FlowTable.NIL & LOW);
        link6(e, h6);
        link4(e, h4);
        size++;
        return e;
    }

    private void newPage(int page) {
        if (page == pages.length) {
            pages = Arrays.copyOf(pages, 2 * pages.length);
        }
        pages[page] = new long[STRIDE * PAGE];
    }

    /** Removes entry {@code e} from both indexes and frees its number; nothing if it is not indexed. */
    void remove(int e) {
        if (e < 0 || e >= nextId || (pages[e >>> PAGE_SHIFT][STRIDE * (e & IN_PAGE) + 4] & LIVE) == 0) {
            return;
        }
        int h6 = (int) hash6(e);
        long[] o6 = old6;
        boolean removed = o6 != null && (h6 & (o6.length - 1)) >= migrated && unlink6(o6, h6 & (o6.length - 1), e);
        if (!removed && !unlink6(buckets6, h6 & (buckets6.length - 1), e)) {
            return;
        }
        int h4 = hash4(e);
        int[] o4 = old4;
        if (!(o4 != null && (h4 & (o4.length - 1)) >= migrated && unlink4(o4, h4 & (o4.length - 1), e))) {
            unlink4(buckets4, h4 & (buckets4.length - 1), e);
        }
        long[] w = pages[e >>> PAGE_SHIFT];
        w[STRIDE * (e & IN_PAGE) + 3] = 0;
        w[STRIDE * (e & IN_PAGE) + 4] = FlowTable.NIL & LOW;
        if (freeCount == freeIds.length) {
            freeIds = Arrays.copyOf(freeIds, 2 * freeIds.length);
        }
        freeIds[freeCount++] = e;
        size--;
        if (old6 != null) {
            migrate();
        }
    }

    /** Hands every entry's number to {@code action}, which must not add or remove entries (collect them instead). */
    void forEach(IntConsumer action) {
        long[] o = old6;
        if (o != null) {
            forEachIn(o, action);
        }
        forEachIn(buckets6, action);
    }

    private void forEachIn(long[] heads, IntConsumer action) {
        for (long head : heads) {
            for (int link = (int) head; link != 0; link = next6(link - 1)) {
                action.accept(link - 1);
            }
        }
    }

    private void migrate() {
        long[] o6 = old6;
        int[] o4 = old4;
        if (o6 == null || o4 == null) {
            return;
        }
        int end = Math.min(o6.length, migrated + MIGRATE_STEP);
        for (; migrated < end; migrated++) {
            for (int link = (int) o6[migrated]; link != 0; ) {
                int e = link - 1;
                link = next6(e);
                link6(e, hash6(e));
            }
            for (int link = o4[migrated]; link != 0; ) {
                int e = link - 1;
                link = next4(e);
                link4(e, hash4(e));
            }
            o6[migrated] = 0;
            o4[migrated] = 0;
        }
        if (migrated == o6.length) {
            old6 = null;
            old4 = null;
        }
    }

    private void link6(int e, long h) {
        int i = (int) h & (buckets6.length - 1);
        long bucket = buckets6[i];
        setNext6(e, (int) bucket);
        buckets6[i] = (bucket & ~LOW | fingerprint(h)) | (e + 1);
    }

    private void link4(int e, int h) {
        int i = h & (buckets4.length - 1);
        setNext4(e, buckets4[i]);
        buckets4[i] = e + 1;
    }

    /** Unlinks {@code e} from the chain of {@code table[i]}, whose fingerprint bits are then those of the rest. */
    private boolean unlink6(long[] table, int i, int e) {
        int first = (int) table[i];
        if (first == e + 1) {
            first = next6(e);
        } else {
            int p = first;
            while (p != 0 && next6(p - 1) != e + 1) {
                p = next6(p - 1);
            }
            if (p == 0) {
                return false;
            }
            setNext6(p - 1, next6(e));
        }
        long bits = 0;
        for (int link = first; link != 0; link = next6(link - 1)) {
            bits |= fingerprint(hash6(link - 1));
        }
        table[i] = bits | (first & LOW);
        return true;
    }

    private boolean unlink4(int[] table, int i, int e) {
        if (table[i] == e + 1) {
            table[i] = next4(e);
            return true;
        }
        int p = table[i];
        while (p != 0 && next4(p - 1) != e + 1) {
            p = next4(p - 1);
        }
        if (p == 0) {
            return false;
        }
        setNext4(p - 1, next4(e));
        return true;
    }

    private long hash6(int e) {
        return hash6(src6High(e), src6Low(e), src6Port(e));
    }

    private int hash4(int e) {
        return hash4(src4Addr(e), src4Port(e));
    }
}
