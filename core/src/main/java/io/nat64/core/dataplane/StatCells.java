package io.nat64.core.dataplane;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One thread's {@link DataPlaneStat} counters: a single writer adds with release stores (no lock, no CAS, no
 * allocation); any thread reads.
 */
final class StatCells {
    private final AtomicLongArray values = new AtomicLongArray(DataPlaneStat.values().length);

    /** Adds one; writer thread only. */
    void inc(DataPlaneStat stat) {
        add(stat, 1);
    }

    /** Adds {@code n}; writer thread only. */
    void add(DataPlaneStat stat, long n) {
        int i = stat.ordinal();
        values.lazySet(i, values.get(i) + n);
    }

    /** The current value; any thread. */
    long get(DataPlaneStat stat) {
        return values.get(stat.ordinal());
    }
}
