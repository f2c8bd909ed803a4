package io.nat64.core.session;

import io.nat64.core.session.SessionMutation.RemovalReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/**
 * Operations on a {@link BibTable} that come from the operator rather than from packets: static BIB
 * entries ({@code bib add/remove}), eviction after a pool4 change, flush, and ordered listings. Owner thread.
 */
final class BibAdmin {
    private BibAdmin() {}

    static BibEntry addStatic(BibTable t, BibEntry e) {
        if (e.protocol() != t.protocol) {
            throw new IllegalArgumentException(
                    "a " + e.protocol() + " entry does not go in the " + t.protocol + " table");
        }
        int addr4 = e.src4().bits();
        if (!t.pool4.contains(addr4, e.src4Port())) {
            throw new IllegalArgumentException("the transport address '" + e.src4() + "#" + e.src4Port()
                    + "' does not belong to pool4;" + " add it to pool4 first");
        }
        int by6 = t.bibs.get6(e.src6().high(), e.src6().low(), e.src6Port());
        int by4 = t.bibs.get4(addr4, e.src4Port());
        if (by6 != BibIndex.NONE && by6 == by4) {
            t.bibs.setStatic(by6, true); // Jool upgrades an identical dynamic entry
            return t.toBibEntry(by6);
        }
        if (by6 != BibIndex.NONE) {
            throw new IllegalArgumentException("'" + e.src6() + "#" + e.src6Port() + "' is already mapped to '"
                    + t.toBibEntry(by6).src4() + "#" + t.bibs.src4Port(by6) + "'");
        }
        if (by4 != BibIndex.NONE) {
            throw new IllegalArgumentException("'" + e.src4() + "#" + e.src4Port() + "' is already mapped to '"
                    + t.toBibEntry(by4).src6() + "#" + t.bibs.src6Port(by4) + "'");
        }
        t.type1.discardFor(addr4, e.src4Port());
        return t.toBibEntry(t.addBib(e.src6().high(), e.src6().low(), e.src6Port(), addr4, e.src4Port(), true));
    }

    /** Removes entry {@code b} ({@link BibIndex#NONE}: none, returns null) and its sessions; returns what it was. */
    static @Nullable BibEntry remove(BibTable t, int b, long now) {
        if (b == BibIndex.NONE) {
            return null;
        }
        BibEntry removed = t.toBibEntry(b);
        t.bibs.setStatic(b, false); // so that removing the last session takes the entry along
        evict(t, b, RemovalReason.EVICTED, now);
        if (t.bibs.get4(removed.src4().bits(), removed.src4Port()) == b) {
            t.removeBib(b); // it had no sessions
        }
        return removed;
    }

    /** Removes every session of {@code b}; stored simultaneous-open SYNs are answered with port unreachable. */
    static void evict(BibTable t, int b, RemovalReason reason, long now) {
        int s;
        while ((s = t.bibs.head(b)) != FlowTable.NIL) { // a removed entry reads NIL
            byte[] stored = t.flows.hasStored(s) ? t.storedPackets.get(s) : null;
            t.remove(s, reason, now, false);
            if (stored != null) {
                t.listener.onSimultaneousOpenTimeout(stored);
            }
        }
    }

    /** Removes the entries (and their sessions) whose mask left pool4; returns how many. */
    static int evictOutsidePool4(BibTable t, long now) {
        long[] masks = masks(t, b -> !t.pool4.contains(t.bibs.src4Addr(b), t.bibs.src4Port(b)));
        for (long mask : masks) {
            remove(t, entry(t, mask), now);
        }
        return masks.length;
    }

    static void flush(BibTable t, long now) {
        for (long mask : masks(t, b -> true)) {
            int b = entry(t, mask);
            t.bibs.setStatic(b, false);
            evict(t, b, RemovalReason.FLUSHED, now);
            if (entry(t, mask) == b) {
                t.removeBib(b);
            }
        }
        t.type1.clear();
    }

    static int page(BibTable t, long afterSrc4, long afterDst4, int max, List<Session> out) {
        int added = 0;
        long[] masks = t.pageMasks;
        BurstPrefetch ahead = t.pageAhead;
        long mask = afterSrc4 < 0 ? t.maskOrder.next(-1) : afterSrc4;
        boolean first = afterSrc4 >= 0;
        while (mask >= 0 && added < max) {
            // The next few masks' entries and sessions are read ahead together: the dump's order (by mask) has
            // nothing to do with where they sit in memory, so each is a few cache misses, overlapped this way.
            int n = 0;
            for (long m = mask; m >= 0 && n < masks.length; m = t.maskOrder.next(m)) {
                masks[n++] = m;
                ahead.addMask(t, (int) (m >>> 16), (int) (m & 0xffff));
            }
            t.pageSunk ^= ahead.run();
            for (int k = 0; k < n && added < max; k++) {
                mask = masks[k];
                int b = entry(t, mask);
                if (b != BibIndex.NONE) {
                    long[] keys = sortedPeers(t, b, first ? afterDst4 : -1);
                    for (int i = 0; i < keys.length && added < max; i++, added++) {
                        out.add(t.toSession(slotOf(t, b, keys[i])));
                    }
                }
                first = false;
            }
            mask = added < max ? t.maskOrder.next(masks[n - 1]) : -1;
        }
        return added;
    }

    private static long packed(int addr, int port) {
        return ((addr & 0xffffffffL) << 16) | port;
    }

    /**
     * The masks of the entries {@code which} accepts, packed as {@code addr << 16 | port} (unsigned), sorted:
     * Jool's order (by src4 address, then port). A mask names its entry while the entries do not change.
     */
    static long[] masks(BibTable t, IntPredicate which) {
        long[] masks = new long[t.bibs.size()];
        int[] n = {0};
        IntConsumer collect = b -> {
            if (which.test(b)) {
                masks[n[0]++] = packed(t.bibs.src4Addr(b), t.bibs.src4Port(b));
            }
        };
        t.bibs.forEach(collect);
        long[] out = n[0] == masks.length ? masks : Arrays.copyOf(masks, n[0]);
        Arrays.sort(out);
        return out;
    }

    /** The entry of mask {@code mask} ({@link #masks}). */
    private static int entry(BibTable t, long mask) {
        return t.bibs.get4((int) (mask >>> 16), (int) (mask & 0xffff));
    }

    static List<Session> sessions(BibTable t) {
        List<Session> out = new ArrayList<>(t.sessionCount());
        for (long mask : masks(t, b -> true)) {
            int b = entry(t, mask);
            for (long key : sortedPeers(t, b, -1)) {
                out.add(t.toSession(slotOf(t, b, key)));
            }
        }
        return out;
    }

    /**
     * The IPv4 peers of {@code b}'s sessions after {@code after}, packed as {@code addr << 16 | port} (unsigned),
     * sorted: Jool's order inside a BIB entry. Packed keys are unique per entry, so no slot needs carrying.
     */
    private static long[] sortedPeers(BibTable t, int b, long after) {
        FlowTable f = t.flows;
        int n = 0;
        for (int s = t.bibs.head(b); s != FlowTable.NIL; s = f.bibNext(s)) {
            n++;
        }
        long[] keys = new long[n];
        int k = 0;
        for (int s = t.bibs.head(b); s != FlowTable.NIL; s = f.bibNext(s)) {
            long key = packed(f.dst4Addr(s), f.dst4Port(s));
            if (key > after) {
                keys[k++] = key;
            }
        }
        keys = k == n ? keys : Arrays.copyOf(keys, k);
        Arrays.sort(keys);
        return keys;
    }

    private static int slotOf(BibTable t, int b, long key) {
        return t.flows.lookup4(t.bibs.src4Addr(b), t.bibs.src4Port(b), (int) (key >>> 16), (int) (key & 0xffff));
    }

    static List<BibEntry> bibEntries(BibTable t) {
        List<BibEntry> out = new ArrayList<>(t.bibs.size());
        for (long mask : masks(t, b -> true)) {
            out.add(t.toBibEntry(entry(t, mask)));
        }
        return out;
    }
}
