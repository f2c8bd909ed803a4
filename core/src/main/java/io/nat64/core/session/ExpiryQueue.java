package io.nat64.core.session;

import org.jspecify.annotations.Nullable;

/**
 * One expiry queue (Jool's "timer" lists: EST, TRANS, SYN4 of a protocol): sessions in order of their
 * last refresh, so the ones due to expire are always at the head and an expiry pass costs only what
 * expires. Refresh is an O(1) move to the tail. The timeout is not stored per session: it is read from
 * the globals when checked, so a changed timeout applies to every session at once, as in Jool. A refresh
 * within {@link BibTable#IN_PLACE_MILLIS} of a session's last move updates its time without moving it.
 *
 * <p>An announcement cursor walks the same order behind the head: it marks how far idle sessions have
 * been examined for the refresh announcement (see {@link BibTable}). Owner thread only.
 */
final class ExpiryQueue {
    final TimerType type;
    private @Nullable TabledSession head;
    private @Nullable TabledSession tail;
    /** The first session not yet examined by the announcement pass; null when all were. */
    private @Nullable TabledSession cursor;

    private int size;

    ExpiryQueue(TimerType type) {
        this.type = type;
    }

    int size() {
        return size;
    }

    @Nullable
    TabledSession head() {
        return head;
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

    /** Links {@code s} at the position its update time sorts to, walking from the tail (synced sessions). */
    void insertSorted(TabledSession s) {
        TabledSession after = tail;
        s.inPlace = 0;
        while (after != null && after.position() > s.updateTime) {
            after = after.prev;
        }
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
        // sessions between are examined again, which announces nothing twice).
        if (cursor == null || s.updateTime < cursor.position()) {
            cursor = s;
        }
        size++;
    }

    void unlink(TabledSession s) {
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
}
