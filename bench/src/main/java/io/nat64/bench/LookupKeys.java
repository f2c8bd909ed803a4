package io.nat64.bench;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.BibTable;
import io.nat64.core.session.Mapping;
import java.util.SplittableRandom;

/**
 * The keys of existing flows, drawn at random (with replacement) into flat arrays that a lookup benchmark
 * walks in order: the arrays stream through the cache, so the misses measured are the table's own.
 * Fields are read directly by the benchmarks in this package. Not thread-safe.
 */
final class LookupKeys {
    /** A power of two, so the benchmark wraps with a mask; four times the L2 working set of any machine. */
    static final int COUNT = 1 << 20;

    final long[] src6Low = new long[COUNT];
    final int[] src6Port = new int[COUNT];
    final long[] dst6Low = new long[COUNT];
    final int[] dst4 = new int[COUNT];
    final int[] src4Addr = new int[COUNT];
    final int[] src4Port = new int[COUNT];

    private LookupKeys() {}

    /**
     * Fills {@code t} (TCP: ESTABLISHED sessions; UDP) with {@code sessions} flows, one per BIB entry, to
     * {@code servers} servers, at {@link Flows#START}, and draws {@link #COUNT} keys among them with {@code seed}.
     */
    static LookupKeys fill(BibTable t, int sessions, int servers, long seed) {
        int[] maskAddr = new int[sessions];
        int[] maskPort = new int[sessions];
        Mapping m = new Mapping();
        for (int b = 0; b < sessions; b++) {
            int dst4 = Flows.dst4(b, 0, servers);
            if (t.protocol() == L4Protocol.TCP) {
                Flows.openTcp(t, b, dst4, Flows.START, m);
            } else {
                Flows.openUdp(t, b, dst4, Flows.START, m);
            }
            maskAddr[b] = m.src4Addr();
            maskPort[b] = m.src4Port();
        }
        Flows.expectCounts(t, sessions, sessions);
        LookupKeys keys = new LookupKeys();
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k < COUNT; k++) {
            keys.set(k, random.nextInt(sessions), servers, maskAddr, maskPort);
        }
        return keys;
    }

    private void set(int k, int bib, int servers, int[] maskAddr, int[] maskPort) {
        src6Low[k] = Flows.src6Low(bib);
        src6Port[k] = Flows.src6Port(bib);
        dst4[k] = Flows.dst4(bib, 0, servers);
        dst6Low[k] = Flows.dst6Low(dst4[k]);
        src4Addr[k] = maskAddr[bib];
        src4Port[k] = maskPort[bib];
    }
}
