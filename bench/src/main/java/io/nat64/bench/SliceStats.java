package io.nat64.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * The durations of the expiry slices of one pass, in wall-clock time (what the owner thread's other work
 * waits) and in the thread's CPU time (what the slice itself costs, without the time the thread was
 * descheduled on a shared machine): total, count, maximum and 99th percentile.
 */
record SliceStats(int work, int slices, Percentiles wall, Percentiles cpu, long gcCount, long gcMillis) {

    /** Total, maximum and 99th percentile (nearest rank) of some durations, in ns. */
    record Percentiles(long total, long max, long p99) {
        static Percentiles of(long[] nanos, int count) {
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            long total = 0;
            for (long n : sorted) {
                total += n;
            }
            int p99 = Math.max(0, (int) Math.ceil(count * 0.99) - 1);
            return count == 0 ? new Percentiles(0, 0, 0) : new Percentiles(total, sorted[count - 1], sorted[p99]);
        }

        Percentiles worst(Percentiles o) {
            return new Percentiles(Math.max(total, o.total), Math.max(max, o.max), Math.max(p99, o.p99));
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "total %.1f ms, max slice %.2f ms, p99 slice %.2f ms",
                    total / 1e6,
                    max / 1e6,
                    p99 / 1e6);
        }
    }

    /**
     * Summarises slices {@code [0, count)}; {@code work} is the units they used, {@code gcCount} and
     * {@code gcMillis} the collections that ran during the pass.
     */
    static SliceStats of(long[] wallNanos, long[] cpuNanos, int count, int work, long gcCount, long gcMillis) {
        return new SliceStats(
                work, count, Percentiles.of(wallNanos, count), Percentiles.of(cpuNanos, count), gcCount, gcMillis);
    }

    /** The worse of two passes, field by field. */
    SliceStats worst(SliceStats o) {
        return new SliceStats(
                Math.max(work, o.work),
                Math.max(slices, o.slices),
                wall.worst(o.wall),
                cpu.worst(o.cpu),
                Math.max(gcCount, o.gcCount),
                Math.max(gcMillis, o.gcMillis));
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%,d units in %d slices; wall: %s; thread CPU: %s; GC during the pass: %d pauses, %d ms",
                work,
                slices,
                wall,
                cpu,
                gcCount,
                gcMillis);
    }
}
