package io.nat64.core.stats;

import java.util.EnumMap;
import java.util.Map;

/**
 * An instance's {@link Stat} counters. Written only by the owner thread with plain increments (the packet
 * path pays one array store); read consistently through {@link #snapshot()} on that same thread.
 */
public final class Counters {
    private final long[] values = new long[Stat.values().length];

    /** Adds one to {@code stat}. */
    public void inc(Stat stat) {
        values[stat.ordinal()]++;
    }

    /** Adds {@code n} to {@code stat}. */
    public void add(Stat stat, long n) {
        values[stat.ordinal()] += n;
    }

    /** Sets a gauge such as {@link Stat#SESSIONS}. */
    public void set(Stat stat, long value) {
        values[stat.ordinal()] = value;
    }

    /** The current value of {@code stat}. */
    public long get(Stat stat) {
        return values[stat.ordinal()];
    }

    /** A copy of every counter. */
    public Map<Stat, Long> snapshot() {
        Map<Stat, Long> copy = new EnumMap<>(Stat.class);
        for (Stat s : Stat.values()) {
            copy.put(s, values[s.ordinal()]);
        }
        return copy;
    }
}
