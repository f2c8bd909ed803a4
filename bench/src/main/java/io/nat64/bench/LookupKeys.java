package io.nat64.bench;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.BibTable;
import io.nat64.core.session.Mapping;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The keys of existing flows, drawn at random (with replacement) into flat arrays that a lookup benchmark
 * walks in order: the arrays stream through the cache, so the misses measured are the table's own. Flows
 * are drawn uniformly (every flow equally busy: the worst case for the caches) or by a Zipf law of exponent
 * {@code skew} (flow of rank r carries a share proportional to 1 / r^skew, as real traffic's few elephant
 * and many mice flows do); rank and flow are unrelated.
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
        return fill(t, sessions, servers, 0, seed);
    }

    /** As {@link #fill(BibTable, int, int, long)}, flows drawn by a Zipf law of exponent {@code skew} (0: uniform). */
    static LookupKeys fill(BibTable t, int sessions, int servers, double skew, long seed) {
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
        double[] cdf = skew > 0 ? zipfCdf(sessions, skew) : null;
        int[] flowOfRank = shuffled(sessions, random);
        for (int k = 0; k < COUNT; k++) {
            int flow = cdf == null ? random.nextInt(sessions) : flowOfRank[rank(cdf, random.nextDouble())];
            keys.set(k, flow, servers, maskAddr, maskPort);
        }
        return keys;
    }

    private static double[] zipfCdf(int n, double skew) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum += 1 / Math.pow(r + 1, skew);
            cdf[r] = sum;
        }
        for (int r = 0; r < n; r++) {
            cdf[r] /= sum;
        }
        return cdf;
    }

    /** The rank whose cumulative share first reaches {@code u}. */
    private static int rank(double[] cdf, double u) {
        int at = Arrays.binarySearch(cdf, u);
        return Math.min(cdf.length - 1, at >= 0 ? at : -at - 1);
    }

    private static int[] shuffled(int n, SplittableRandom random) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
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
