package io.nat64.bench;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.BibTable;
import io.nat64.core.session.Mapping;
import io.nat64.core.session.SessionListener;
import java.util.Arrays;
import java.util.Locale;

/**
 * The longest single packets of a creation run: {@code sessions} new IPv6 SYN flows into an empty TCP table,
 * each call timed, reporting the slowest calls with the table size they happened at (the index doublings
 * run inside them) and the 99.99th percentile. Repeated {@code rounds} times in one JVM.
 *
 * <p>Usage: {@code CreationLatency [sessions] [rounds]}; defaults 1,000,000 and 3.
 */
public final class CreationLatency {
    private static final int SLOWEST = 4;

    private CreationLatency() {}

    public static void main(String[] args) {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        for (int r = 1; r <= rounds; r++) {
            System.gc();
            System.out.printf(Locale.ROOT, "creation: round %d: %s%n", r, round(sessions));
        }
    }

    private static String round(int sessions) {
        BibTable table = Flows.newDb(SessionListener.NONE).table(L4Protocol.TCP);
        Mapping m = new Mapping();
        long[] nanos = new long[sessions];
        long start = System.nanoTime();
        for (int b = 0; b < sessions; b++) {
            long t0 = System.nanoTime();
            Flows.expect(Flows.syn6(table, b, Flows.dst4(b, 0), Flows.START, m));
            nanos[b] = System.nanoTime() - t0;
        }
        long total = System.nanoTime() - start;
        Flows.expectCounts(table, sessions, sessions);
        StringBuilder out = new StringBuilder(
                String.format(Locale.ROOT, "%,d creations in %.0f ms; slowest calls:", sessions, total / 1e6));
        for (int i : slowest(nanos)) {
            out.append(String.format(Locale.ROOT, " %.1f ms (#%,d)", nanos[i] / 1e6, i + 1));
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double p9999 = sorted[(int) Math.ceil(sessions * 0.9999) - 1] / 1e3;
        return out.append(String.format(Locale.ROOT, "; p99.99 %.1f us", p9999)).toString();
    }

    /** The indexes of the {@value #SLOWEST} largest values, largest first. */
    private static int[] slowest(long[] nanos) {
        int[] top = new int[Math.min(SLOWEST, nanos.length)];
        boolean[] taken = new boolean[nanos.length];
        for (int t = 0; t < top.length; t++) {
            int best = -1;
            for (int i = 0; i < nanos.length; i++) {
                if (!taken[i] && (best < 0 || nanos[i] > nanos[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            top[t] = best;
        }
        return top;
    }
}
