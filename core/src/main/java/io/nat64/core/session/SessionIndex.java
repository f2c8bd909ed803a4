package io.nat64.core.session;

import org.jspecify.annotations.Nullable;

/**
 * The O(1) index of one protocol's sessions by (BIB entry, IPv4 peer transport address), which is how
 * Jool identifies a session. Serves both directions: the BIB entry is found first by src6 or by src4.
 * Chained through the sessions' own {@code nextInIndex} links. Owner thread only.
 */
final class SessionIndex {
    private final long seed;
    private TabledSession[] buckets = new TabledSession[16];
    private int size;

    SessionIndex(long seed) {
        this.seed = seed;
    }

    int size() {
        return size;
    }

    @Nullable
    TabledSession get(TabledBib bib, int dst4Addr, int dst4Port) {
        TabledSession s = buckets[Hashing.hashSession(seed, bib.salt, dst4Addr, dst4Port) & (buckets.length - 1)];
        while (s != null && (s.bib != bib || s.dst4Addr != dst4Addr || s.dst4Port != dst4Port)) {
            s = s.nextInIndex;
        }
        return s;
    }

    void add(TabledSession s) {
        if (size >= buckets.length) {
            grow();
        }
        int i = index(s, buckets.length);
        s.nextInIndex = buckets[i];
        buckets[i] = s;
        size++;
    }

    void remove(TabledSession s) {
        int i = index(s, buckets.length);
        if (buckets[i] == s) {
            buckets[i] = s.nextInIndex;
        } else {
            TabledSession p = buckets[i];
            while (p != null && p.nextInIndex != s) {
                p = p.nextInIndex;
            }
            if (p == null) {
                return;
            }
            p.nextInIndex = s.nextInIndex;
        }
        s.nextInIndex = null;
        size--;
    }

    private int index(TabledSession s, int length) {
        return Hashing.hashSession(seed, s.bib.salt, s.dst4Addr, s.dst4Port) & (length - 1);
    }

    private void grow() {
        int n = buckets.length << 1;
        TabledSession[] grown = new TabledSession[n];
        for (TabledSession head : buckets) {
            for (TabledSession s = head; s != null; ) {
                TabledSession next = s.nextInIndex;
                int i = index(s, n);
                s.nextInIndex = grown[i];
                grown[i] = s;
                s = next;
            }
        }
        buckets = grown;
    }
}
