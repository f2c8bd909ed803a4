package io.nat64.core.session;

import static io.nat64.core.session.FlowTable.NIL;

import java.util.Map;
import java.util.TreeMap;

/**
 * One expiry queue (Jool's "timer" lists: EST, TRANS, SYN4 of a protocol) over the slots of a {@link
 * FlowTable}: sessions in order of their last refresh, so the ones due to expire are always at the head and an
 * expiry pass costs only what expires. Refresh is an O(1) move to the tail. The timeout is not stored per
 * session: it is read from the globals when checked, so a changed timeout applies to every session at once,
 * as in Jool. The ordered list, its cursor and its size are the table's queue {@code type.code()}; this class
 * adds the late buckets and the ordering policy.
 *
 * <p>A refresh usually updates a session's time without moving it ({@link BibTable#refresh}): the list is
 * ordered by each session's <em>position</em> (its time when last placed), not by its update time. When a
 * session's position comes due (at the head, or at the announcement cursor) and it was refreshed since, it
 * is moved to the place of its update time ({@link #requeue}) instead of expiring: once per timeout or per
 * announcement quarter, not once per packet.
 *
 * <p>Peers' copies (session synchronisation) arrive out of order. One that sorts within {@link #NEAR_STEPS}
 * of the tail is linked in its place; any other goes to a late bucket of {@link #LATE_BUCKET_MILLIS} (a
 * coarse timer wheel in a sorted map of first slots, unordered inside a bucket, linked through the slots'
 * queue word with the late flag set), so inserting any update time costs O(log buckets), never a walk of the
 * queue. A bucket expires whole once its last millisecond is due, so its sessions live at most {@code
 * LATE_BUCKET_MILLIS - 1} ms past their deadline, and never less.
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
    /** {@code type.code()}: the table's queue it views. */
    final int code;

    private final FlowTable flows;
    /** Late buckets: {@code updateTime >> LATE_SHIFT} to the first slot of an unordered list. */
    private final TreeMap<Long, Integer> late = new TreeMap<>();

    private int lateSize;
    /** Sessions stepped over by inserts (tests bound it: inserting must never walk the queue). */
    long insertSteps;

    ExpiryQueue(TimerType type, FlowTable flows) {
        this.type = type;
        this.code = type.code();
        this.flows = flows;
    }

    int size() {
        return flows.queueSize(code) + lateSize;
    }

    /** Sessions in late buckets (included in {@link #size()}). */
    int lateSize() {
        return lateSize;
    }

    /** The first slot of the ordered list, or {@link FlowTable#NIL}. */
    int head() {
        return flows.head(code);
    }

    /**
     * The slot to expire next if one is due at {@code now} under {@code timeout}, else {@link FlowTable#NIL}:
     * the head of the ordered list, or a session of the first late bucket once that whole bucket is due.
     */
    int due(long timeout, long now) {
        int h = flows.head(code);
        if (h != NIL && flows.position(h) + timeout > now) {
            h = NIL;
        }
        if (lateSize == 0) {
            return h;
        }
        Map.Entry<Long, Integer> first = late.firstEntry();
        long lastOfBucket = ((first.getKey() + 1) << LATE_SHIFT) - 1;
        if (lastOfBucket + timeout > now) {
            return h;
        }
        int l = first.getValue();
        return h != NIL && flows.position(h) <= flows.updateTime(l) ? h : l;
    }

    /**
     * Moves {@code s}, refreshed since it was placed, to the place of its update time: near the tail, or in
     * its late bucket (then returns true: the caller publishes it if its last refresh was not).
     */
    boolean requeue(int s, long now) {
        unlink(s);
        insertSorted(s, now);
        return flows.isLate(s);
    }

    /** The first slot the announcement pass has not examined, or {@link FlowTable#NIL}. */
    int cursor() {
        return flows.cursor(code);
    }

    void advanceCursor() {
        flows.advanceCursor(code);
    }

    /** Links {@code s} at the tail (its update time is the newest). */
    void append(int s) {
        flows.append(s, code);
    }

    /**
     * Links {@code s}, whose update time may be anywhere (a peer's copy), in its place if that is near the
     * tail, else in its late bucket; the caller publishes it. O(log buckets). An update time after
     * {@code now} (a peer with a longer timeout) always goes late: the ordered list holds only times up to
     * now, so that appending at {@code now} keeps it sorted.
     */
    void insertSorted(int s, long now) {
        int tail = flows.tail(code);
        int after = tail;
        flows.setInPlace(s, 0);
        long updateTime = flows.updateTime(s);
        if (updateTime > now) {
            addLate(s);
            return;
        }
        int steps = 0;
        while (after != NIL && flows.position(after) > updateTime) {
            if (++steps > NEAR_STEPS) {
                insertSteps += NEAR_STEPS;
                addLate(s);
                return;
            }
            after = flows.queuePrev(after);
        }
        insertSteps += steps;
        if (after == tail) {
            append(s);
            return;
        }
        flows.insertAfter(s, code, after);
        // A session inserted before the cursor must still be examined: rewind the cursor to it (the
        // sessions between, at most NEAR_STEPS, are examined again, which announces nothing twice).
        int c = flows.cursor(code);
        if (c == NIL || updateTime < flows.position(c)) {
            flows.setCursor(code, s);
        }
    }

    private void addLate(int s) {
        flows.setTimer(s, code);
        flows.setLate(s, true);
        Integer first = late.put(flows.updateTime(s) >> LATE_SHIFT, s);
        int next = first == null ? NIL : first;
        flows.setLateLinks(s, NIL, next);
        if (next != NIL) {
            flows.setLateLinks(next, s, flows.queueNext(next));
        }
        lateSize++;
    }

    /** Unlinks {@code s} from the ordered list or its late bucket. */
    void unlink(int s) {
        if (flows.isLate(s)) {
            unlinkLate(s);
        } else {
            flows.unlink(s);
        }
    }

    /** Its update time is the one it was bucketed by: late sessions are never refreshed in place. */
    private void unlinkLate(int s) {
        int prev = flows.queuePrev(s);
        int next = flows.queueNext(s);
        long key = flows.updateTime(s) >> LATE_SHIFT;
        if (prev != NIL) {
            flows.setLateLinks(prev, flows.queuePrev(prev), next);
        } else if (next != NIL) {
            late.put(key, next);
        } else {
            late.remove(key);
        }
        if (next != NIL) {
            flows.setLateLinks(next, prev, flows.queueNext(next));
        }
        flows.setLate(s, false);
        flows.setLateLinks(s, NIL, NIL);
        lateSize--;
    }
}
