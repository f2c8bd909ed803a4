package io.nat64.core.session;

import org.jspecify.annotations.Nullable;

/**
 * The O(1) index of one protocol's sessions by (BIB entry, IPv4 peer transport address), which is how
 * Jool identifies a session. Serves both directions: the BIB entry is found first by src6 or by src4.
 * Chained through the sessions' own {@code nextInIndex} links.
 *
 * <p>It doubles at load factor 1 incrementally: the old bucket array stays readable while every later insert
 * or removal moves {@link #MIGRATE_STEP} of its buckets over, so no packet pays for rehashing the whole table.
 * Owner thread only.
 */
final class SessionIndex {
    /** Old buckets moved per insert or removal while growing. */
    static final int MIGRATE_STEP = 32;

    private final long seed;
    private TabledSession[] buckets = new TabledSession[16];
    /** The bucket array being emptied into {@link #buckets}, or null. */
    private TabledSession @Nullable [] old;
    /** Buckets of {@link #old} below this index are already moved. */
    private int migrated;

    private int size;

    SessionIndex(long seed) {
        this.seed = seed;
    }

    int size() {
        return size;
    }

    @Nullable
    TabledSession get(TabledBib bib, int dst4Addr, int dst4Port) {
        int h = Hashing.hashSession(seed, bib.salt, dst4Addr, dst4Port);
        TabledSession[] o = old;
        if (o != null && (h & (o.length - 1)) >= migrated) {
            TabledSession s = find(o[h & (o.length - 1)], bib, dst4Addr, dst4Port);
            if (s != null) {
                return s;
            }
        }
        return find(buckets[h & (buckets.length - 1)], bib, dst4Addr, dst4Port);
    }

    private static @Nullable TabledSession find(@Nullable TabledSession s, TabledBib bib, int dst4Addr, int dst4Port) {
        while (s != null && (s.bib != bib || s.dst4Addr != dst4Addr || s.dst4Port != dst4Port)) {
            s = s.nextInIndex;
        }
        return s;
    }

    void add(TabledSession s) {
        if (old != null) {
            migrate();
        } else if (size >= buckets.length && buckets.length < (1 << 30)) {
            old = buckets;
            buckets = new TabledSession[buckets.length << 1];
            migrated = 0;
            migrate();
        }
        int i = hash(s) & (buckets.length - 1);
        s.nextInIndex = buckets[i];
        buckets[i] = s;
        size++;
    }

    void remove(TabledSession s) {
        int h = hash(s);
        TabledSession[] o = old;
        boolean removed = o != null && (h & (o.length - 1)) >= migrated && unlink(o, h & (o.length - 1), s);
        if (!removed && !unlink(buckets, h & (buckets.length - 1), s)) {
            return;
        }
        s.nextInIndex = null;
        size--;
        if (old != null) {
            migrate();
        }
    }

    private static boolean unlink(TabledSession[] table, int i, TabledSession s) {
        if (table[i] == s) {
            table[i] = s.nextInIndex;
            return true;
        }
        TabledSession p = table[i];
        while (p != null && p.nextInIndex != s) {
            p = p.nextInIndex;
        }
        if (p == null) {
            return false;
        }
        p.nextInIndex = s.nextInIndex;
        return true;
    }

    /** Moves the next {@link #MIGRATE_STEP} old buckets into the new array. */
    private void migrate() {
        TabledSession[] o = old;
        if (o == null) {
            return;
        }
        int end = Math.min(o.length, migrated + MIGRATE_STEP);
        for (; migrated < end; migrated++) {
            for (TabledSession s = o[migrated]; s != null; ) {
                TabledSession next = s.nextInIndex;
                int i = hash(s) & (buckets.length - 1);
                s.nextInIndex = buckets[i];
                buckets[i] = s;
                s = next;
            }
            o[migrated] = null;
        }
        if (migrated == o.length) {
            old = null;
        }
    }

    private int hash(TabledSession s) {
        return Hashing.hashSession(seed, s.bib.salt, s.dst4Addr, s.dst4Port);
    }
}
