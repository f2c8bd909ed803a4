package io.nat64.streams.sync;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The {@link SyncCounter}s of one node. Written by the sink (owner thread), the source (receiving thread and
 * owner thread) and read by anyone, hence atomic: one uncontended add per event.
 */
public final class SyncStats {
    private static final SyncCounter[] ALL = SyncCounter.values();
    private final AtomicLongArray values = new AtomicLongArray(ALL.length);

    /** Adds one to {@code counter}. */
    public void inc(SyncCounter counter) {
        values.incrementAndGet(counter.ordinal());
    }

    /** Adds {@code n} to {@code counter}. */
    public void add(SyncCounter counter, long n) {
        if (n != 0) {
            values.addAndGet(counter.ordinal(), n);
        }
    }

    /** The current value of {@code counter}. */
    public long get(SyncCounter counter) {
        return values.get(counter.ordinal());
    }

    /** A copy of every counter. */
    public Map<SyncCounter, Long> snapshot() {
        Map<SyncCounter, Long> copy = new EnumMap<>(SyncCounter.class);
        for (SyncCounter c : ALL) {
            copy.put(c, values.get(c.ordinal()));
        }
        return copy;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("SyncStats{");
        for (SyncCounter c : ALL) {
            long v = values.get(c.ordinal());
            if (v != 0) {
                b.append(b.length() > 10 ? ", " : "").append(c).append('=').append(v);
            }
        }
        return b.append('}').toString();
    }
}
