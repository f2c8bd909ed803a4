package io.nat64.core.session;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One expiry queue (Jool's "timer" lists: EST, TRANS, SYN4 of a protocol): sessions in order of their
 * last refresh, so the ones due to expire are always at the head and an expiry pass costs only what
 * expires. Refresh is an O(1) move to the tail. The timeout is not stored per session: it is read from
 * the globals when checked, so a changed timeout applies to every session at once, as in Jool.
 *
 * <p>A refresh usually updates a session's time without moving it ({@link BibTable#refresh}): the list is
 * ordered by each session's <em>position</em> (its time when last placed), not by its update time. When a
 * session's position comes due (at the head, or at the announcement cursor) and it was refreshed since, it
 * is moved to the place of its update time ({@link #requeue}) instead of expiring: once per timeout or per
 * announcement quarter, not once per packet.
 *
 * <p>Peers' copies (session synchronisation) arrive out of order. One that sorts within {@link #NEAR_STEPS}
 * of the tail is linked in its place; any other goes to a late bucket of {@link #LATE_BUCKET_MILLIS} (a
 * coarse timer wheel in a sorted map, unordered inside a bucket), so inserting any update time costs O(log
 * buckets), never a walk of the queue. A bucket expires whole once its last millisecond is due, so its
 * sessions live at most {@code LATE_BUCKET_MILLIS - 1} ms past their deadline, and never less.
 *
 * <p>An announcement cursor walks the ordered list behind the head: it marks how far idle sessions have
 * been examined for the refresh announcement (see {@link BibTable}). Late sessions need no examination: they
 * are published when inserted, their update time does not change while they are late (a refresh moves them
 * to the tail), so their last publication is always current. Owner thread only.
 */
final class ExpiryQueue {
    /** How far from the tail an out-of-order insert looks for its exact place before going late. */
    static final int NEAR_STEPS = 16;

    private static final int LATE_SHIFT = 8;
    /** The width of a late bucket (ms). */
    static final long LATE_BUCKET_MILLIS = 1L << LATE_SHIFT;

    final TimerType type;
    private @Nullable TabledSession head;
    private @Nullable TabledSession tail;
    /** The first session not yet examined by the announcement pass; null when all were. */
    private @Nullable TabledSession cursor;
    /** Late buckets: {@code updateTime >> LATE_SHIFT} to the first of an unordered list (prev/next links). */
    private final TreeMap<Long, TabledSession> late = new TreeMap<>();

    private int size;
    private int lateSize;
    /** Sessions stepped over by inserts (tests bound it: inserting must never walk the queue). */
    long insertSteps;

    ExpiryQueue(TimerType type) {
        this.type = type;
    }

    int size() {
        return size;
    }

    /** Sessions in late buckets (included in {@link #size()}). */
    int lateSize() {
        return lateSize;
    }

    @Nullable
    TabledSession head() {
        return head;
    }

    /**
     * The session to expire next if one is due at {@code now} under {@code timeout}, else null: the head of
     * the ordered list, or a session of the first late bucket once that whole bucket is due.
     */
    @Nullable
    TabledSession due(long timeout, long now) {
        TabledSession h = head;
        if (h != null && h.position() + timeout > now) {
            h = null;
        }
        if (lateSize == 0) {
            return h;
        }
        Map.Entry<Long, TabledSession> first = late.firstEntry();
        long lastOfBucket = ((first.getKey() + 1) << LATE_SHIFT) - 1;
        if (lastOfBucket + timeout > now) {
            return h;
        }
        TabledSession l = first.getValue();
        return h != null && h.position() <= l.updateTime ? h : l;
    }

    /** Whether the announcement cursor has not reached {@code s} yet (false when unsure: equal positions). */
    boolean notYetAnnounced(TabledSession s) {
        TabledSession c = cursor;
        return c != null && s.position() > c.position();
    }

    /**
     * Moves {@code s}, refreshed since it was placed, to the place of its update time: near the tail, or in
     * its late bucket (then returns true: the caller publishes it if its last refresh was not).
     */
    boolean requeue(TabledSession s, long now) {
        unlink(s);
        insertSorted(s, now);
        return s.late;
    }

    @Nullable
    TabledSession cursor() {
        return cursor;
    }

    void advanceCursor() {
        TabledSession c = cursor;
        if (c != null) {
            cursor = c.next;
        }
    }

    /** Links {@code s} at the tail (its update time is the newest). */
    void append(TabledSession s) {
        s.inPlace = 0;
        s.queue = this;
        s.timer = (byte) type.ordinal();
        s.next = null;
        s.prev = tail;
        if (tail != null) {
            tail.next = s;
        } else {
            head = s;
        }
        tail = s;
        if (cursor == null) {
            cursor = s;
        }
        size++;
    }

    /**
     * Links {@code s}, whose update time may be anywhere (a peer's copy), in its place if that is near the
     * tail, else in its late bucket; the caller publishes it. O(log buckets). An update time after
     * {@code now} (a peer with a longer timeout) always goes late: the ordered list holds only times up to
     * now, so that appending at {@code now} keeps it sorted.
     */
    void insertSorted(TabledSession s, long now) {
        TabledSession after = tail;
        s.inPlace = 0;
        if (s.updateTime > now) {
            addLate(s);
            return;
        }
        int steps = 0;
        while (after != null && after.position() > s.updateTime) {
            if (++steps > NEAR_STEPS) {
                insertSteps += NEAR_STEPS;
                addLate(s);
                return;
            }
            after = after.prev;
        }
        insertSteps += steps;
        if (after == tail) {
            append(s);
            return;
        }
        s.queue = this;
        s.timer = (byte) type.ordinal();
        s.prev = after;
        s.next = after == null ? head : after.next;
        if (after == null) {
            head = s;
        } else {
            after.next = s;
        }
        if (s.next != null) {
            s.next.prev = s;
        }
        // A session inserted before the cursor must still be examined: rewind the cursor to it (the
        // sessions between, at most NEAR_STEPS, are examined again, which announces nothing twice).
        if (cursor == null || s.updateTime < cursor.position()) {
            cursor = s;
        }
        size++;
    }

    private void addLate(TabledSession s) {
        s.queue = this;
        s.timer = (byte) type.ordinal();
        s.late = true;
        Long key = s.updateTime >> LATE_SHIFT;
        TabledSession first = late.put(key, s);
        s.prev = null;
        s.next = first;
        if (first != null) {
            first.prev = s;
        }
        lateSize++;
        size++;
    }

    void unlink(TabledSession s) {
        if (s.late) {
            unlinkLate(s);
            return;
        }
        if (cursor == s) {
            cursor = s.next;
        }
        if (s.prev != null) {
            s.prev.next = s.next;
        } else {
            head = s.next;
        }
        if (s.next != null) {
            s.next.prev = s.prev;
        } else {
            tail = s.prev;
        }
        s.prev = null;
        s.next = null;
        s.queue = null;
        size--;
    }

    /** Its update time is the one it was bucketed by: late sessions are never refreshed in place. */
    private void unlinkLate(TabledSession s) {
        TabledSession next = s.next;
        if (s.prev != null) {
            s.prev.next = next;
        } else if (next != null) {
            late.put(s.updateTime >> LATE_SHIFT, next);
        } else {
            late.remove(s.updateTime >> LATE_SHIFT);
        }
        if (next != null) {
            next.prev = s.prev;
        }
        s.late = false;
        s.prev = null;
        s.next = null;
        s.queue = null;
        lateSize--;
        size--;
    }
}
