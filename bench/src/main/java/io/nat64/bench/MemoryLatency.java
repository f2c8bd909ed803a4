package io.nat64.bench;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The machine's latency of one dependent load, by working-set size: a pointer chase through a random single
 * cycle of 64-byte lines (Sattolo's shuffle), the access pattern of a hash-table lookup over a table larger
 * than the caches. Usage: {@code MemoryLatency [largest MiB]} (default 256).
 */
public final class MemoryLatency {
    private static final int INTS_PER_LINE = 16;
    private static final int STEPS = 5_000_000;

    private MemoryLatency() {}

    public static void main(String[] args) {
        int largest = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        for (int mib = 1; mib <= largest; mib *= 4) {
            int[] next = cycle(mib * 1024 * 1024 / Integer.BYTES);
            chase(next); // warm-up
            System.out.printf(
                    Locale.ROOT, "memory: %4d MiB working set: %6.1f ns per dependent load%n", mib, chase(next));
        }
    }

    /** A single random cycle over the first int of every line of an array of {@code ints}. */
    private static int[] cycle(int ints) {
        int lines = ints / INTS_PER_LINE;
        int[] order = new int[lines];
        for (int i = 0; i < lines; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(1);
        for (int i = lines - 1; i > 0; i--) {
            int j = random.nextInt(i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] next = new int[ints];
        for (int i = 0; i < lines; i++) {
            next[order[i] * INTS_PER_LINE] = order[(i + 1) % lines] * INTS_PER_LINE;
        }
        return next;
    }

    private static double chase(int[] next) {
        int p = 0;
        long start = System.nanoTime();
        for (int i = 0; i < STEPS; i++) {
            p = next[p];
        }
        long took = System.nanoTime() - start;
        if (p < 0) {
            throw new AssertionError(); // keeps p alive
        }
        return took / (double) STEPS;
    }
}
