package io.nat64.streams.session;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one {@link SessionFollow}, summed over its subscriptions (normally one per client). Drops have
 * one writer, the instance's owner thread (so a plain ordered store, no atomic instruction per drop);
 * deliveries are added by the delivery workers, once per drain pass. Read from any thread.
 */
public final class FollowStats {
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicInteger subscribers = new AtomicInteger();

    /** Updates handed to subscribers. */
    public long delivered() {
        return delivered.get();
    }

    /** Updates lost because a subscriber's buffer was full (including those discarded by a disconnect). */
    public long dropped() {
        return dropped.get();
    }

    /** Subscriptions currently open. */
    public int subscribers() {
        return subscribers.get();
    }

    void addDelivered(long n) {
        delivered.addAndGet(n);
    }

    /** Owner thread only. */
    void addDropped(long n) {
        dropped.lazySet(dropped.get() + n);
    }

    void opened() {
        subscribers.incrementAndGet();
    }

    void closed() {
        subscribers.decrementAndGet();
    }

    @Override
    public String toString() {
        return "FollowStats[delivered=" + delivered() + ", dropped=" + dropped() + ", subscribers=" + subscribers()
                + "]";
    }
}
