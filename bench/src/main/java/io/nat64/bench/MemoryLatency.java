package io.nat64.bench;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The machine's latency of one dependent load, by working-set size: a pointer chase through a random single
 * cycle of 64-byte lines (Sattolo's shuffle), the access pattern of a hash-table lookup over a table larger
 * than the caches; then, at the largest size, the same chase with {@code k} independent chains interleaved, whose
 * time per load is the best a lookup that reads {@code k} lines at once can get: the machine's memory-level
 * parallelism (a burst read ahead in stages relies on it). Usage: {@code MemoryLatency [largest MiB]} (default 256).
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
        int[] next = cycle(largest * 1024 * 1024 / Integer.BYTES);
        for (int k : new int[] {1, 2, 4, 8, 12, 16, 24, 32}) {
            int[] starts = starts(next, k);
            chase(next, starts); // warm-up
            System.out.printf(
                    Locale.ROOT,
                    "memory: %4d MiB, %2d chains in flight: %6.1f ns per load%n",
                    largest,
                    k,
                    chase(next, starts));
        }
    }

    /** A single random cycle over the first int of every line of an array of {@code ints}. */
    static int[] cycle(int ints) {
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

    /** {@code k} points evenly spaced along the cycle of {@code next}, where the chains start. */
    static int[] starts(int[] next, int k) {
        int[] p = new int[k];
        int spacing = Math.max(1, next.length / INTS_PER_LINE / k);
        int at = 0;
        for (int step = 0, c = 0; c < k; step++) {
            if (step % spacing == 0) {
                p[c++] = at;
            }
            at = next[at];
        }
        return p;
    }

    /** As {@link #chase(int[])} with a chain from each of {@code starts}, interleaved; the starts are not changed. */
    private static double chase(int[] next, int[] starts) {
        int k = starts.length;
        int[] p = starts.clone();
        int rounds = STEPS / k;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            for (int c = 0; c < k; c++) {
                p[c] = next[p[c]];
            }
        }
        long took = System.nanoTime() - start;
        int sink = 0;
        for (int c = 0; c < k; c++) {
            sink |= p[c];
        }
        if (sink < 0) {
            throw new AssertionError();
        }
        return took / (double) (rounds * k);
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
