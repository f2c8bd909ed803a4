package io.nat64.core.session;

import java.util.Arrays;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The two O(1) indexes over one protocol's BIB entries, by IPv6 transport address and by IPv4 transport
 * address (Jool keeps two red-black trees). Chained hashing through the entries' own {@code next6} and
 * {@code next4} links, so an entry costs no extra node.
 *
 * <p>The buckets and chain links hold entry numbers ({@code id + 1}, 0 for none) into {@link #byId}, not
 * references, so linking a new entry reads no other entry: a new
 * (young) entry stored into a long-lived bucket array at a random place ran G1's post-write barrier and then
 * refinement of a random card per store, about 700 ns of CPU per new entry (measured); numbers are handed
 * out in order, so {@link #byId} is written sequentially and a card is dirtied once per 128 entries.
 *
 * <p>Both bucket arrays double at load factor 1 incrementally: the old arrays
 * stay readable while each later insert or removal moves {@link #MIGRATE_STEP} of their buckets.
 * Owner thread only.
 */
final class BibIndex {
    /** Old buckets moved per insert or removal while growing. */
    static final int MIGRATE_STEP = 32;

    private final long seed;
    private int[] buckets6 = new int[16];
    private int[] buckets4 = new int[16];
    /** The arrays being emptied into the current ones (same length), or null. */
    private int @Nullable [] old6;

    private int @Nullable [] old4;
    /** The entries by number ({@link TabledBib#id}); null where the number is free. */
    private @Nullable TabledBib[] byId = new TabledBib[16];
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

    @Nullable
    TabledBib get6(long high, long low, int port) {
        return get6(hash6(high, low, port), high, low, port);
    }

    /** As {@link #get6(long, long, int)} when the key's hash {@code h} ({@link #hash6}) is already known. */
    @Nullable
    TabledBib get6(int h, long high, long low, int port) {
        int[] o = old6;
        if (o != null && (h & (o.length - 1)) >= migrated) {
            TabledBib b = find6(entry(o[h & (o.length - 1)]), high, low, port);
            if (b != null) {
                return b;
            }
        }
        return find6(entry(buckets6[h & (buckets6.length - 1)]), high, low, port);
    }

    /** The entry a bucket names ({@code id + 1}), or null for 0. */
    private @Nullable TabledBib entry(int bucket) {
        return bucket == 0 ? null : byId[bucket - 1];
    }

    @Nullable
    TabledBib get4(int addr, int port) {
        return get4(hash4(addr, port), addr, port);
    }

    /** As {@link #get4(int, int)} when the key's hash {@code h} ({@link #hash4}) is already known. */
    @Nullable
    TabledBib get4(int h, int addr, int port) {
        int[] o = old4;
        if (o != null && (h & (o.length - 1)) >= migrated) {
            TabledBib b = find4(entry(o[h & (o.length - 1)]), addr, port);
            if (b != null) {
                return b;
            }
        }
        return find4(entry(buckets4[h & (buckets4.length - 1)]), addr, port);
    }

    /** The first entry of the bucket of hash {@code h} on side 6 or 4, in the array a lookup reads now. */
    private @Nullable TabledBib head(int h, boolean side6) {
        int[] o = side6 ? old6 : old4;
        int[] b = side6 ? buckets6 : buckets4;
        return entry(o != null && (h & (o.length - 1)) >= migrated ? o[h & (o.length - 1)] : b[h & (b.length - 1)]);
    }

    /** The hash {@link #get6} starts from, for a staged lookup ({@link BurstPrefetch}). */
    int hash6(long high, long low, int port) {
        return Hashing.hash6(seed, high, low, port);
    }

    /** The hash {@link #get4} starts from. */
    int hash4(int addr, int port) {
        return Hashing.hash4(seed, addr, port);
    }

    /**
     * Reads the bucket slot that a lookup of hash {@code h} ({@link #hash6} or {@link #hash4}) of side 6 or
     * 4 reads first, and returns 1 if it holds an entry: a staged lookup's first, independent load.
     */
    int touch(int h, boolean side6) {
        TabledBib head = head(h, side6);
        return head == null ? 0 : 1;
    }

    /** Reads the current IPv6 bucket of hash {@code h} ({@link #hash6}) without using it: a read-ahead. */
    int touchBucket6(int h) {
        return buckets6[h & (buckets6.length - 1)];
    }

    /** Reads the current IPv4 bucket of hash {@code h} without using it: a read-ahead of {@link #add}'s store. */
    int touchBucket4(int h) {
        return buckets4[h & (buckets4.length - 1)];
    }

    private @Nullable TabledBib find6(@Nullable TabledBib b, long high, long low, int port) {
        while (b != null && (b.src6High != high || b.src6Low != low || b.src6Port != port)) {
            b = entry(b.next6);
        }
        return b;
    }

    private @Nullable TabledBib find4(@Nullable TabledBib b, int addr, int port) {
        while (b != null && (b.src4Addr != addr || b.src4Port != port)) {
            b = entry(b.next4);
        }
        return b;
    }

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
        buckets6 = new int[target];
        buckets4 = new int[target];
        migrated = 0;
        migrate();
        if (byId.length < entries / 2) { // entries: twice what the table expects to hold (BibTable.reserveAhead)
            byId = Arrays.copyOf(byId, Hashing.capacityFor(entries / 2));
        }
        return true;
    }

    /** Adds an entry whose two keys are both absent (the caller checked). */
    void add(TabledBib b) {
        if (old6 != null) {
            migrate();
        } else if (size >= buckets6.length && buckets6.length < (1 << 30)) {
            old6 = buckets6;
            old4 = buckets4;
            buckets6 = new int[buckets6.length << 1];
            buckets4 = new int[buckets4.length << 1];
            migrated = 0;
            migrate();
        }
        int id;
        if (freeCount > 0) {
            id = freeIds[--freeCount];
        } else {
            if (nextId == byId.length) {
                byId = Arrays.copyOf(byId, 2 * byId.length);
            }
            id = nextId++;
        }
        b.id = id;
        byId[id] = b;
        link6(b);
        link4(b);
        size++;
    }

    void remove(TabledBib b) {
        if (b.id >= byId.length || byId[b.id] != b) {
            return; // not indexed
        }
        int h6 = hash6(b);
        int[] o6 = old6;
        boolean removed = o6 != null && (h6 & (o6.length - 1)) >= migrated && unlink6(o6, h6 & (o6.length - 1), b);
        if (!removed && !unlink6(buckets6, h6 & (buckets6.length - 1), b)) {
            return;
        }
        int h4 = hash4(b);
        int[] o4 = old4;
        if (!(o4 != null && (h4 & (o4.length - 1)) >= migrated && unlink4(o4, h4 & (o4.length - 1), b))) {
            unlink4(buckets4, h4 & (buckets4.length - 1), b);
        }
        b.next6 = 0;
        b.next4 = 0;
        byId[b.id] = null;
        if (freeCount == freeIds.length) {
            freeIds = Arrays.copyOf(freeIds, 2 * freeIds.length);
        }
        freeIds[freeCount++] = b.id;
        size--;
        if (old6 != null) {
            migrate();
        }
    }

    /** Hands every entry to {@code action}, which must not add or remove entries (collect them instead). */
    void forEach(Consumer<TabledBib> action) {
        int[] o = old6;
        if (o != null) {
            forEachIn(o, action);
        }
        forEachIn(buckets6, action);
    }

    private void forEachIn(int[] heads, Consumer<TabledBib> action) {
        for (int head : heads) {
            for (TabledBib b = entry(head); b != null; b = entry(b.next6)) {
                action.accept(b);
            }
        }
    }

    private void migrate() {
        int[] o6 = old6;
        int[] o4 = old4;
        if (o6 == null || o4 == null) {
            return;
        }
        int end = Math.min(o6.length, migrated + MIGRATE_STEP);
        for (; migrated < end; migrated++) {
            for (TabledBib b = entry(o6[migrated]); b != null; ) {
                TabledBib next = entry(b.next6);
                link6(b);
                b = next;
            }
            for (TabledBib b = entry(o4[migrated]); b != null; ) {
                TabledBib next = entry(b.next4);
                link4(b);
                b = next;
            }
            o6[migrated] = 0;
            o4[migrated] = 0;
        }
        if (migrated == o6.length) {
            old6 = null;
            old4 = null;
        }
    }

    private void link6(TabledBib b) {
        int i = hash6(b) & (buckets6.length - 1);
        b.next6 = buckets6[i];
        buckets6[i] = b.id + 1;
    }

    private void link4(TabledBib b) {
        int i = hash4(b) & (buckets4.length - 1);
        b.next4 = buckets4[i];
        buckets4[i] = b.id + 1;
    }

    private boolean unlink6(int[] table, int i, TabledBib b) {
        if (table[i] == b.id + 1) {
            table[i] = b.next6;
            return true;
        }
        TabledBib p = entry(table[i]);
        while (p != null && p.next6 != b.id + 1) {
            p = entry(p.next6);
        }
        if (p == null) {
            return false;
        }
        p.next6 = b.next6;
        return true;
    }

    private boolean unlink4(int[] table, int i, TabledBib b) {
        if (table[i] == b.id + 1) {
            table[i] = b.next4;
            return true;
        }
        TabledBib p = entry(table[i]);
        while (p != null && p.next4 != b.id + 1) {
            p = entry(p.next4);
        }
        if (p == null) {
            return false;
        }
        p.next4 = b.next4;
        return true;
    }

    private int hash6(TabledBib b) {
        return Hashing.hash6(seed, b.src6High, b.src6Low, b.src6Port);
    }

    private int hash4(TabledBib b) {
        return Hashing.hash4(seed, b.src4Addr, b.src4Port);
    }
}
