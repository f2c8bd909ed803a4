package io.nat64.core.session;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The two O(1) indexes over one protocol's BIB entries, by IPv6 transport address and by IPv4 transport
 * address (Jool keeps two red-black trees). Chained hashing through the entries' own {@code next6} and
 * {@code next4} links, so an entry costs no extra node; the bucket arrays double at load factor 1.
 * Owner thread only.
 */
final class BibIndex {
    private final long seed;
    private TabledBib[] buckets6 = new TabledBib[16];
    private TabledBib[] buckets4 = new TabledBib[16];
    private int size;

    BibIndex(long seed) {
        this.seed = seed;
    }

    int size() {
        return size;
    }

    @Nullable
    TabledBib get6(long high, long low, int port) {
        TabledBib b = buckets6[Hashing.hash6(seed, high, low, port) & (buckets6.length - 1)];
        while (b != null && (b.src6High != high || b.src6Low != low || b.src6Port != port)) {
            b = b.next6;
        }
        return b;
    }

    @Nullable
    TabledBib get4(int addr, int port) {
        TabledBib b = buckets4[Hashing.hash4(seed, addr, port) & (buckets4.length - 1)];
        while (b != null && (b.src4Addr != addr || b.src4Port != port)) {
            b = b.next4;
        }
        return b;
    }

    /** Adds an entry whose two keys are both absent (the caller checked). */
    void add(TabledBib b) {
        if (size >= buckets6.length) {
            grow();
        }
        int i6 = Hashing.hash6(seed, b.src6High, b.src6Low, b.src6Port) & (buckets6.length - 1);
        b.next6 = buckets6[i6];
        buckets6[i6] = b;
        int i4 = Hashing.hash4(seed, b.src4Addr, b.src4Port) & (buckets4.length - 1);
        b.next4 = buckets4[i4];
        buckets4[i4] = b;
        size++;
    }

    void remove(TabledBib b) {
        int i6 = Hashing.hash6(seed, b.src6High, b.src6Low, b.src6Port) & (buckets6.length - 1);
        if (buckets6[i6] == b) {
            buckets6[i6] = b.next6;
        } else {
            TabledBib p = buckets6[i6];
            while (p != null && p.next6 != b) {
                p = p.next6;
            }
            if (p == null) {
                return;
            }
            p.next6 = b.next6;
        }
        int i4 = Hashing.hash4(seed, b.src4Addr, b.src4Port) & (buckets4.length - 1);
        if (buckets4[i4] == b) {
            buckets4[i4] = b.next4;
        } else {
            TabledBib p = buckets4[i4];
            while (p != null && p.next4 != b) {
                p = p.next4;
            }
            if (p != null) {
                p.next4 = b.next4;
            }
        }
        b.next6 = null;
        b.next4 = null;
        size--;
    }

    void forEach(Consumer<TabledBib> action) {
        for (TabledBib head : buckets6) {
            for (TabledBib b = head; b != null; ) {
                TabledBib next = b.next6; // the action may remove b
                action.accept(b);
                b = next;
            }
        }
    }

    private void grow() {
        int n = buckets6.length << 1;
        TabledBib[] new6 = new TabledBib[n];
        TabledBib[] new4 = new TabledBib[n];
        for (TabledBib head : buckets6) {
            for (TabledBib b = head; b != null; ) {
                TabledBib next = b.next6;
                int i = Hashing.hash6(seed, b.src6High, b.src6Low, b.src6Port) & (n - 1);
                b.next6 = new6[i];
                new6[i] = b;
                b = next;
            }
        }
        for (TabledBib head : buckets4) {
            for (TabledBib b = head; b != null; ) {
                TabledBib next = b.next4;
                int i = Hashing.hash4(seed, b.src4Addr, b.src4Port) & (n - 1);
                b.next4 = new4[i];
                new4[i] = b;
                b = next;
            }
        }
        buckets6 = new6;
        buckets4 = new4;
    }
}
