package io.nat64.bench;

import java.util.Locale;

/**
 * A neighbour that loads the memory system: 16 independent random pointer chases (as {@link MemoryLatency}'s
 * chains) over a working set far larger than the caches, until killed. Pinned to the other CPU while a benchmark
 * runs on this one, it shows how a lookup figure holds up when something else keeps the memory busy. Usage:
 * {@code taskset -c 0 java -Xmx1g -cp benchmarks.jar io.nat64.bench.MemoryHog [MiB]} (default 512); it prints its
 * own load rate every 10 seconds.
 */
public final class MemoryHog {
    private static final int CHAINS = 16;
    private static final int ROUNDS = 1 << 20;

    private MemoryHog() {}

    public static void main(String[] args) {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int[] next = MemoryLatency.cycle(mib * 1024 * 1024 / Integer.BYTES);
        int[] p = MemoryLatency.starts(next, CHAINS);
        long loads = 0;
        long since = System.nanoTime();
        while (true) {
            for (int i = 0; i < ROUNDS; i++) {
                for (int c = 0; c < CHAINS; c++) {
                    p[c] = next[p[c]];
                }
            }
            loads += (long) ROUNDS * CHAINS;
            long now = System.nanoTime();
            if (now - since >= 10_000_000_000L) {
                System.out.printf(
                        Locale.ROOT,
                        "hog: %.1f ns per load (%d MiB, %d chains)%n",
                        (now - since) / (double) loads,
                        mib,
                        CHAINS);
                loads = 0;
                since = now;
            }
        }
    }
}
