package io.nat64.streams.sync;

import io.nat64.core.session.MergeResult;
import io.nat64.streams.sync.codec.SyncRecord;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What became of one datagram's records on the receiving instance: a count per {@link MergeResult}, how many
 * lifetimes were cut to the local timeout, and the first record whose mask clashed (for the log).
 */
public final class MergeTally {
    private static final MergeResult[] RESULTS = MergeResult.values();
    /** The tally of a datagram refused because ss-enabled is false on the receiver. */
    public static final MergeTally DISABLED = new MergeTally(true);

    private final boolean disabled;
    private final int[] counts = new int[RESULTS.length];
    private int clamped;
    private @Nullable SyncRecord firstClash;

    private MergeTally(boolean disabled) {
        this.disabled = disabled;
    }

    /** An empty tally, to fill on the owner thread. */
    public static MergeTally empty() {
        return new MergeTally(false);
    }

    /** Counts one record's result. */
    public void add(MergeResult result, SyncRecord record) {
        counts[result.ordinal()]++;
        if (result == MergeResult.MASK_CLASH && firstClash == null) {
            firstClash = record;
        }
    }

    /** Counts one lifetime cut to the local timeout. */
    public void clamped() {
        clamped++;
    }

    /** Whether the receiver refused the whole datagram (ss-enabled false). */
    public boolean disabled() {
        return disabled;
    }

    /** How many records ended in {@code result}. */
    public int count(MergeResult result) {
        return counts[result.ordinal()];
    }

    /** How many lifetimes were cut to the local timeout. */
    public int clampedCount() {
        return clamped;
    }

    /** The first record whose mask clashed, if any. */
    public @Nullable SyncRecord firstClash() {
        return firstClash;
    }

    @Override
    public String toString() {
        return disabled ? "MergeTally{disabled}" : "MergeTally" + Arrays.toString(counts) + " clamped " + clamped;
    }
}
