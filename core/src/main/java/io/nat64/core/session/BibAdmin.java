package io.nat64.core.session;

import io.nat64.core.session.SessionMutation.RemovalReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Operations on a {@link BibTable} that come from the operator rather than from packets: static BIB
 * entries ({@code bib add/remove}), eviction after a pool4 change, flush, and ordered listings. Owner thread.
 */
final class BibAdmin {
    /** Jool's order: by src4 address (unsigned), then port. */
    static final Comparator<TabledBib> BY_SRC4 =
            Comparator.<TabledBib>comparingLong(b -> b.src4Addr & 0xffffffffL).thenComparingInt(b -> b.src4Port);
    /** Jool's order inside a BIB entry: by dst4 address (unsigned), then port. */
    static final Comparator<TabledSession> BY_DST4 = Comparator.<TabledSession>comparingLong(
                    s -> s.dst4Addr & 0xffffffffL)
            .thenComparingInt(s -> s.dst4Port);

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
        TabledBib by6 = t.bibs.get6(e.src6().high(), e.src6().low(), e.src6Port());
        TabledBib by4 = t.bibs.get4(addr4, e.src4Port());
        if (by6 != null && by6 == by4) {
            by6.isStatic = true; // Jool upgrades an identical dynamic entry
            return t.toBibEntry(by6);
        }
        if (by6 != null) {
            throw new IllegalArgumentException("'" + e.src6() + "#" + e.src6Port() + "' is already mapped to '"
                    + t.toBibEntry(by6).src4() + "#" + (int) by6.src4Port + "'");
        }
        if (by4 != null) {
            throw new IllegalArgumentException("'" + e.src4() + "#" + e.src4Port() + "' is already mapped to '"
                    + t.toBibEntry(by4).src6() + "#" + (int) by4.src6Port + "'");
        }
        t.type1.discardFor(addr4, e.src4Port());
        return t.toBibEntry(t.addBib(e.src6().high(), e.src6().low(), e.src6Port(), addr4, e.src4Port(), true));
    }

    static @Nullable BibEntry remove(BibTable t, @Nullable TabledBib b, long now) {
        if (b == null) {
            return null;
        }
        BibEntry removed = t.toBibEntry(b);
        b.isStatic = false; // so that removing the last session takes the entry along
        evict(t, b, RemovalReason.EVICTED, now);
        if (t.bibs.get4(b.src4Addr, b.src4Port) == b) {
            t.removeBib(b); // it had no sessions
        }
        return removed;
    }

    /** Removes every session of {@code b}; stored simultaneous-open SYNs are answered with port unreachable. */
    static void evict(BibTable t, TabledBib b, RemovalReason reason, long now) {
        while (b.head != FlowTable.NIL) {
            TabledSession s = t.bySlot[b.head];
            byte[] stored = s.hasStored ? t.storedPackets.get(s) : null;
            t.remove(s, reason, now, false);
            if (stored != null) {
                t.listener.onSimultaneousOpenTimeout(stored);
            }
        }
    }

    /** Removes the entries (and their sessions) whose mask left pool4; returns how many. */
    static int evictOutsidePool4(BibTable t, long now) {
        List<TabledBib> outside = new ArrayList<>();
        t.bibs.forEach(b -> {
            if (!t.pool4.contains(b.src4Addr, b.src4Port)) {
                outside.add(b);
            }
        });
        for (TabledBib b : outside) {
            remove(t, b, now);
        }
        return outside.size();
    }

    static void flush(BibTable t, long now) {
        List<TabledBib> all = new ArrayList<>(t.bibs.size());
        t.bibs.forEach(all::add);
        for (TabledBib b : all) {
            b.isStatic = false;
            evict(t, b, RemovalReason.FLUSHED, now);
            if (t.bibs.get4(b.src4Addr, b.src4Port) == b) {
                t.removeBib(b);
            }
        }
        t.type1.clear();
    }

    static int page(BibTable t, long afterSrc4, long afterDst4, int max, List<Session> out) {
        int added = 0;
        List<TabledSession> ofBib = new ArrayList<>();
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
                ahead.add4(t, (int) (m >>> 16), (int) (m & 0xffff), 0, 0);
            }
            t.pageSunk ^= ahead.run();
            for (int k = 0; k < n && added < max; k++) {
                mask = masks[k];
                TabledBib b = t.bibs.get4((int) (mask >>> 16), (int) (mask & 0xffff));
                if (b != null) {
                    ofBib.clear();
                    for (int slot = b.head; slot != FlowTable.NIL; slot = t.flows.bibNext(slot)) {
                        TabledSession s = t.bySlot[slot];
                        if (!first || packed(s.dst4Addr, s.dst4Port) > afterDst4) {
                            ofBib.add(s);
                        }
                    }
                    ofBib.sort(BY_DST4);
                    for (int i = 0; i < ofBib.size() && added < max; i++, added++) {
                        out.add(t.toSession(ofBib.get(i)));
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

    static List<TabledBib> sortedBibs(BibTable t) {
        List<TabledBib> all = new ArrayList<>(t.bibs.size());
        t.bibs.forEach(all::add);
        all.sort(BY_SRC4);
        return all;
    }

    static List<Session> sessions(BibTable t) {
        List<Session> out = new ArrayList<>(t.sessionCount());
        List<TabledSession> ofBib = new ArrayList<>();
        for (TabledBib b : sortedBibs(t)) {
            ofBib.clear();
            for (int slot = b.head; slot != FlowTable.NIL; slot = t.flows.bibNext(slot)) {
                ofBib.add(t.bySlot[slot]);
            }
            ofBib.sort(BY_DST4);
            for (TabledSession s : ofBib) {
                out.add(t.toSession(s));
            }
        }
        return out;
    }

    static List<BibEntry> bibEntries(BibTable t) {
        List<BibEntry> out = new ArrayList<>(t.bibs.size());
        for (TabledBib b : sortedBibs(t)) {
            out.add(t.toBibEntry(b));
        }
        return out;
    }
}
