package io.nat64.streams.session;

import io.nat64.core.instance.PacketPath;
import io.nat64.core.stats.Counters;
import io.nat64.core.stats.Stat;

/**
 * Whether an instance translated packets lately, read from its packet counters ({@link Stat#RECEIVED6}, {@link
 * Stat#RECEIVED4}): any packet at all counts, not only a backlog, as Linux md counts any other I/O on a disk to
 * hold its resync at speed_limit_min. The counters are sampled when asked, so packets are dated at the first look
 * that sees them (never earlier than they came); the first look compares with a count of zero, so a node that
 * ever carried traffic starts busy and turns idle {@link PacketPath#BUSY_MILLIS} after its last packet was seen.
 *
 * <p>Threading: owner thread only (the counters are the owner's plain fields).
 */
final class PacketWatch {
    private final Counters counters;
    private long seen;
    private long seenAt = Long.MIN_VALUE / 2;

    PacketWatch(Counters counters) {
        this.counters = counters;
    }

    /** Whether the packet count moved within the last {@link PacketPath#BUSY_MILLIS} (ms, the instance's clock). */
    boolean recent(long now) {
        long count = counters.get(Stat.RECEIVED6) + counters.get(Stat.RECEIVED4);
        if (count != seen) {
            seen = count;
            seenAt = now;
        }
        return now - seenAt < PacketPath.BUSY_MILLIS;
    }
}
