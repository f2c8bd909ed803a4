package io.nat64.core.session;

import java.util.Arrays;
import java.util.Objects;

/**
 * The sessions of one protocol table laid out flat ({@link BibTable} keeps its sessions here): one
 * session per 64-byte slot of a {@code long[]}, in a slot that never moves while the session lives; found
 * from either side through a linear-probing index ({@code long[]} of {@code fingerprint << 32 | slot + 1},
 * twice as many entries as slots, so load at most 1/2); three expiry queues and the per-BIB session lists are
 * int links inside the slots. No allocation but {@link #grow} and {@link #reserve}, and no reference stored, so
 * G1's post-write barrier never runs.
 *
 * <p>Slot layout (longs; slot {@code s} starts at index {@code 6 + 8 s}: a humongous {@code long[]} starts at
 * a G1 region boundary and its data 16 bytes in, so every slot is one cache line):
 *
 * <table>
 * <caption>slot words</caption>
 * <tr><th>word</th><th>bits</th></tr>
 * <tr><td>0</td><td>src6 high</td></tr>
 * <tr><td>1</td><td>src6 low</td></tr>
 * <tr><td>2</td><td>63 occupied, 60 queued, 59 stored SYN, 58 late, 56-57 timer, 48-55 TCP state, 32-47 src4
 * port, 16-31 dst4 port, 0-15 src6 port</td></tr>
 * <tr><td>3</td><td>dst4 address (high 32), src4 address (low 32)</td></tr>
 * <tr><td>4</td><td>update time (ms)</td></tr>
 * <tr><td>5</td><td>update time minus announced update (high 32, saturating), {@code inPlace} (low 32)</td></tr>
 * <tr><td>6</td><td>expiry queue: previous slot (high 32), next slot (low 32); {@link #NIL} at the ends</td></tr>
 * <tr><td>7</td><td>BIB list: previous slot (high 32), next slot (low 32); {@link #NIL} at the ends</td></tr>
 * </table>
 *
 * <p>A slot number stays valid until its session is removed: removal drops its two index entries
 * (backward-shift deletion in each index, which reads no slot) and returns the slot to a free stack. The owner
 * keeps each BIB entry's first slot; when it removes that first session, the list's new first is
 * {@link #bibNext} of it, read before {@link #remove}.
 *
 * <p>Size: every slot is usable. A full table doubles ({@link #grow}: O(size), the owner pauses, about 70 ms
 * from 524,288 to 1,048,576 slots); {@link #reserve} grows it ahead, while it is small, to what the owner expects
 * to hold. A slot and its share of the indexes (two entries in each) take 96 bytes of heap, plus 4 in the free
 * stack.
 *
 * <pre>{@code
 * int s = table.insert(src6High, src6Low, src6Port, dst4Addr, dst4Port, src4Addr, src4Port, state, now, head);
 * table.append(s, TimerType.EST.code());
 * int found = table.lookup4(src4Addr, src4Port, dst4Addr, dst4Port); // == s
 * }</pre>
 *
 * <p>Not thread-safe: the instance's owner thread only, as every table of core.
 */
final class FlowTable {
    /** No slot: the end of a list, an empty queue. */
    static final int NIL = -1;
    /** {@link #insert} when the IPv6 key or the IPv4 key is there already. */
    static final int EXISTS = -2;
    /** {@link #insert} when every slot is taken ({@link #grow} may make room). */
    static final int FULL = -3;
    /** The number of expiry queues (timer codes 0 to 2, {@link TimerType}). */
    static final int QUEUES = 3;

    /** The long index of slot 0: the array data starts 16 bytes after a 64-byte boundary. */
    static final int BASE = 6;

    static final int SLOT_LONGS = 8;
    private static final int W_SRC6_HIGH = 0;
    private static final int W_SRC6_LOW = 1;
    private static final int W_PORTS = 2;
    private static final int W_ADDRS4 = 3;
    private static final int W_UPDATE = 4;
    private static final int W_TIMES = 5;
    private static final int W_QUEUE = 6;
    private static final int W_BIB = 7;

    private static final long OCCUPIED = 1L << 63;
    private static final long QUEUED = 1L << 60;
    private static final long STORED = 1L << 59;
    private static final long LATE = 1L << 58;
    private static final int TIMER_SHIFT = 56;
    private static final int STATE_SHIFT = 48;
    /** The IPv6 key's bits of the ports word: occupied, dst4 port, src6 port. */
    private static final long KEY6_PORTS = OCCUPIED | 0xffff_ffffL;
    /** The IPv4 key's bits of the ports word: occupied, src4 port, dst4 port. */
    private static final long KEY4_PORTS = OCCUPIED | 0xffff_ffff_0000L;

    private static final long HIGH = 0xffff_ffff_0000_0000L;
    private static final long LOW = 0xffff_ffffL;

    /** The most slots a table can have: its slot array's length is an int. */
    static final int MAX_CAPACITY = (Integer.MAX_VALUE - BASE - SLOT_LONGS) / SLOT_LONGS / 2;

    private long[] slots;
    private int capacity;
    private long[] index4;
    /** Entries of each index: twice the slot count. */
    private int indexCapacity;
    /** The IPv6 side's index, like {@link #index4}. */
    private long[] index6;
    /** The free slots, a stack ({@link #freeTop} of them). */
    private int[] free;

    private int freeTop;
    /** The most slots {@link #grow} and {@link #reserve} reach: {@link #MAX_CAPACITY} but in tests. */
    private int maxCapacity;

    private final long seed;
    /** Keeps the hash's top bits only: all ones but in tests, which force collisions with it. */
    private final long hashMask;

    private final int[] head = new int[QUEUES];
    private final int[] tail = new int[QUEUES];
    /** Per queue, the first slot the announcement pass has not examined ({@link ExpiryQueue#cursor}). */
    private final int[] cursor = new int[QUEUES];

    private final int[] queued = new int[QUEUES];
    private int size;

    /** A table of {@code capacity} slots, each index of {@code 2 capacity} entries; {@code seed} salts its hashes. */
    FlowTable(int capacity, long seed) {
        this(capacity, seed, 64, MAX_CAPACITY);
    }

    /**
     * As {@link #FlowTable(int, long)}, hashes cut to their top {@code hashBits} bits and growth stopped at
     * {@code maxCapacity} slots (tests: collisions and a full table without gigabytes).
     */
    FlowTable(int capacity, long seed, int hashBits, int maxCapacity) {
        if (maxCapacity < 8 || maxCapacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("maxCapacity out of range: " + maxCapacity);
        }
        if (capacity < 8 || capacity > maxCapacity) {
            throw new IllegalArgumentException("capacity out of range: " + capacity);
        }
        if (hashBits < 1 || hashBits > 64) {
            throw new IllegalArgumentException("hashBits out of range: " + hashBits);
        }
        this.capacity = capacity;
        this.slots = new long[BASE + capacity * SLOT_LONGS + 2];
        this.indexCapacity = 2 * capacity;
        this.index4 = new long[indexCapacity];
        this.index6 = new long[indexCapacity];
        this.free = new int[capacity];
        this.maxCapacity = maxCapacity;
        this.seed = seed;
        this.hashMask = -1L << (64 - hashBits);
        clear();
    }

    /** How many slots the table has. */
    int capacity() {
        return capacity;
    }

    /** How many entries each index has (twice {@link #capacity()}). */
    int indexCapacity() {
        return indexCapacity;
    }

    /** How many sessions it holds (at most {@link #capacity()}). */
    int size() {
        return size;
    }

    /** The most slots it can grow to. */
    int maxCapacity() {
        return maxCapacity;
    }

    /** Stops growth at {@code maxCapacity} slots, at least the current capacity (tests fill a table this way). */
    void limitCapacity(int maxCapacity) {
        if (maxCapacity < capacity || maxCapacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("maxCapacity out of range: " + maxCapacity);
        }
        this.maxCapacity = maxCapacity;
    }

    /**
     * Doubles the table (at most to {@link #maxCapacity()}): the slots are copied where they were, so every slot
     * number, queue, cursor and BIB list stays valid; both indexes are rebuilt from the slots. O(size) in one go:
     * the owner pauses about 70 ms at 524,288 sessions ({@link #reserve} avoids it below the reservation).
     * Returns false, changing nothing, when it cannot grow.
     */
    boolean grow() {
        return capacity < maxCapacity && growTo((int) Math.min((long) capacity * 2, maxCapacity));
    }

    /**
     * Grows the table ahead to hold {@code sessions} without a {@link #grow}: to {@code sessions} rounded up to a
     * power of two, at most {@link #maxCapacity()}. Never shrinks it; O(size) as {@link #grow}, so call it while
     * the table is small. Returns whether it grew.
     */
    boolean reserve(int sessions) {
        if (sessions <= capacity) {
            return false;
        }
        long rounded = Long.highestOneBit(sessions - 1L) << 1;
        return growTo((int) Math.min(rounded, maxCapacity));
    }

    private boolean growTo(int newCapacity) {
        if (newCapacity <= capacity) {
            return false;
        }
        int oldCapacity = capacity;
        long[] newSlots = new long[BASE + newCapacity * SLOT_LONGS + 2];
        System.arraycopy(slots, 0, newSlots, 0, BASE + oldCapacity * SLOT_LONGS);
        int[] newFree = new int[newCapacity];
        int top = 0;
        for (int i = newCapacity - 1; i >= oldCapacity; i--) {
            newFree[top++] = i;
        }
        System.arraycopy(free, 0, newFree, top, freeTop);
        top += freeTop;
        slots = newSlots;
        capacity = newCapacity;
        indexCapacity = 2 * newCapacity;
        index4 = new long[indexCapacity];
        long[] idx6 = new long[indexCapacity];
        index6 = idx6;
        free = newFree;
        freeTop = top;
        for (int s = 0; s < oldCapacity; s++) {
            if (isOccupied(s)) {
                putIndex(idx6, hash6(src6High(s), src6Low(s), src6Port(s), dst4Addr(s), dst4Port(s)), s);
                putIndex(index4, hash4(src4Addr(s), src4Port(s), dst4Addr(s), dst4Port(s)), s);
            }
        }
        return true;
    }

    /** Empties the table and its queues, keeping its capacity (a flush forgets the BIB entries too). */
    void clear() {
        Arrays.fill(slots, 0L);
        Arrays.fill(index4, 0L);
        Arrays.fill(index6, 0L);
        for (int i = 0; i < free.length; i++) {
            free[i] = free.length - 1 - i;
        }
        freeTop = free.length;
        Arrays.fill(head, NIL);
        Arrays.fill(tail, NIL);
        Arrays.fill(cursor, NIL);
        Arrays.fill(queued, 0);
        size = 0;
    }

    // ---------------------------------------------------------------- hashing

    /** The IPv6 key's hash: its top 32 bits place it, as {@link #home}. */
    long hash6(long src6High, long src6Low, int src6Port, int dst4Addr, int dst4Port) {
        long h = seed ^ src6High * 0x9e37_79b9_7f4a_7c15L;
        h = (h ^ src6Low) * 0xbf58_476d_1ce4_e5b9L;
        h ^= ((long) dst4Addr << 32 | (src6Port & 0xffffL) << 16 | (dst4Port & 0xffffL)) * 0x94d0_49bb_1331_11ebL;
        return fmix(h) & hashMask;
    }

    /** The IPv4 key's hash: its top 32 bits place the index entry and are its fingerprint. */
    long hash4(int src4Addr, int src4Port, int dst4Addr, int dst4Port) {
        long h = seed ^ ((long) src4Addr << 32 | (dst4Addr & LOW)) * 0x9e37_79b9_7f4a_7c15L;
        h ^= ((src4Port & 0xffffL) << 16 | (dst4Port & 0xffffL)) * 0xbf58_476d_1ce4_e5b9L;
        return fmix(h) & hashMask;
    }

    private static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xff51_afd7_ed55_8ccdL;
        h ^= h >>> 33;
        h *= 0xc4ce_b9fe_1a85_ec53L;
        return h ^ (h >>> 33);
    }

    /** The index entry a hash starts its probe at: its top 32 bits scaled to {@code n}. */
    static int home(long hash, int n) {
        return (int) (((hash >>> 32) * n) >>> 32);
    }

    private int nextIndex(int i) {
        return i + 1 == indexCapacity ? 0 : i + 1;
    }

    // ---------------------------------------------------------------- lookups

    /** The session's slot from its IPv6 side ({@code src6#src6Port -> dst4#dst4Port}), or {@link #NIL}. */
    int lookup6(long src6High, long src6Low, int src6Port, int dst4Addr, int dst4Port) {
        return lookup6(
                hash6(src6High, src6Low, src6Port, dst4Addr, dst4Port),
                src6High,
                src6Low,
                src6Port,
                dst4Addr,
                dst4Port);
    }

    /** As {@link #lookup6(long, long, int, int, int)} with the key's {@link #hash6} computed already. */
    int lookup6(long hash, long src6High, long src6Low, int src6Port, int dst4Addr, int dst4Port) {
        return (int) index6[probe6(hash, src6High, src6Low, src6Port, dst4Addr, dst4Port)] - 1;
    }

    /** The {@link #index6} entry of the IPv6 key, or the empty one that ends its probe (where it would go). */
    private int probe6(long hash, long src6High, long src6Low, int src6Port, int dst4Addr, int dst4Port) {
        long ports = OCCUPIED | (dst4Port & 0xffffL) << 16 | (src6Port & 0xffffL);
        long fp = hash & HIGH;
        long[] idx = index6;
        long[] a = slots;
        for (int i = home(hash, indexCapacity); ; i = nextIndex(i)) {
            long e = idx[i];
            if (e == 0) {
                return i;
            }
            if ((e & HIGH) == fp) {
                int at = BASE + ((int) e - 1) * SLOT_LONGS;
                if (a[at + W_SRC6_LOW] == src6Low
                        && (a[at + W_PORTS] & KEY6_PORTS) == ports
                        && a[at + W_SRC6_HIGH] == src6High
                        && (int) (a[at + W_ADDRS4] >>> 32) == dst4Addr) {
                    return i;
                }
            }
        }
    }

    /** The session's slot from its IPv4 side (from {@code dst4} to the mask {@code src4}), or {@link #NIL}. */
    int lookup4(int src4Addr, int src4Port, int dst4Addr, int dst4Port) {
        return lookup4(hash4(src4Addr, src4Port, dst4Addr, dst4Port), src4Addr, src4Port, dst4Addr, dst4Port);
    }

    /** As {@link #lookup4(int, int, int, int)} with the key's {@link #hash4} computed already. */
    int lookup4(long hash, int src4Addr, int src4Port, int dst4Addr, int dst4Port) {
        return (int) index4[probe4(hash, src4Addr, src4Port, dst4Addr, dst4Port)] - 1;
    }

    /** The {@link #index4} entry of the IPv4 key, or the empty one that ends its probe (where it would go). */
    private int probe4(long hash, int src4Addr, int src4Port, int dst4Addr, int dst4Port) {
        long fp = hash & HIGH;
        long addrs = (long) dst4Addr << 32 | (src4Addr & LOW);
        long ports = OCCUPIED | (src4Port & 0xffffL) << 32 | (dst4Port & 0xffffL) << 16;
        long[] idx = index4;
        long[] a = slots;
        for (int i = home(hash, indexCapacity); ; i = nextIndex(i)) {
            long e = idx[i];
            if (e == 0) {
                return i;
            }
            if ((e & HIGH) == fp) {
                int at = BASE + ((int) e - 1) * SLOT_LONGS;
                if (a[at + W_ADDRS4] == addrs && (a[at + W_PORTS] & KEY4_PORTS) == ports) {
                    return i;
                }
            }
        }
    }

    // ---------------------------------------------------------------- insert and remove

    /**
     * Adds a session {@code src6#src6Port -> dst4#dst4Port} through the mask {@code src4#src4Port}, first in its
     * BIB entry's list before {@code bibHead} (the list's current first slot, or {@link #NIL}), not yet queued.
     * Returns its slot, the list's new head, or {@link #EXISTS} if either side's key is taken, or {@link #FULL}.
     */
    int insert(
            long src6High,
            long src6Low,
            int src6Port,
            int dst4Addr,
            int dst4Port,
            int src4Addr,
            int src4Port,
            int state,
            long now,
            int bibHead) {
        return insert(src6High, src6Low, src6Port, dst4Addr, dst4Port, src4Addr, src4Port, state, now, bibHead, NIL);
    }

    /**
     * As {@link #insert(long, long, int, int, int, int, int, int, long, int)}, then linked at the tail of queue
     * {@code timer} as {@link #append} does, unless {@code timer} is {@link #NIL}: one write of the new slot.
     */
    int insert(
            long src6High,
            long src6Low,
            int src6Port,
            int dst4Addr,
            int dst4Port,
            int src4Addr,
            int src4Port,
            int state,
            long now,
            int bibHead,
            int timer) {
        if (timer != NIL) {
            Objects.checkIndex(timer, QUEUES);
        }
        long h6 = hash6(src6High, src6Low, src6Port, dst4Addr, dst4Port);
        long h4 = hash4(src4Addr, src4Port, dst4Addr, dst4Port);
        // One probe per index both checks the key is absent and finds the empty entry it then takes.
        int at6 = probe6(h6, src6High, src6Low, src6Port, dst4Addr, dst4Port);
        int at4 = probe4(h4, src4Addr, src4Port, dst4Addr, dst4Port);
        if (index6[at6] != 0 || index4[at4] != 0) {
            return EXISTS;
        }
        if (freeTop == 0) {
            return FULL;
        }
        if (bibHead != NIL
                && (!isOccupied(bibHead)
                        || bibPrev(bibHead) != NIL
                        || src4Addr(bibHead) != src4Addr
                        || src4Port(bibHead) != src4Port)) {
            throw new IllegalArgumentException("slot " + bibHead + " does not head the list of the mask");
        }
        long[] a = slots;
        int i = free[--freeTop];
        index6[at6] = (h6 & HIGH) | (i + 1L);
        int at = BASE + i * SLOT_LONGS;
        a[at + W_SRC6_HIGH] = src6High;
        a[at + W_SRC6_LOW] = src6Low;
        long ports = OCCUPIED
                | (state & 0xffL) << STATE_SHIFT
                | (src4Port & 0xffffL) << 32
                | (dst4Port & 0xffffL) << 16
                | (src6Port & 0xffffL);
        int prev = timer == NIL ? NIL : tail[timer];
        a[at + W_PORTS] = timer == NIL ? ports : ports | QUEUED | (long) timer << TIMER_SHIFT;
        a[at + W_ADDRS4] = (long) dst4Addr << 32 | (src4Addr & LOW);
        a[at + W_UPDATE] = now;
        a[at + W_TIMES] = 0;
        a[at + W_QUEUE] = (long) prev << 32 | LOW; // prev (NIL if none), NIL
        a[at + W_BIB] = HIGH | (bibHead & LOW);
        if (bibHead != NIL) {
            setBibPrev(bibHead, i);
        }
        if (timer != NIL) {
            if (prev != NIL) {
                setQueueNext(prev, i);
            } else {
                head[timer] = i;
            }
            tail[timer] = i;
            if (cursor[timer] == NIL) {
                cursor[timer] = i;
            }
            queued[timer]++;
        }
        index4[at4] = (h4 & HIGH) | (i + 1L);
        size++;
        return i;
    }

    private void putIndex(long[] idx, long hash, int s) {
        int j = home(hash, indexCapacity);
        while (idx[j] != 0) {
            j = nextIndex(j);
        }
        idx[j] = (hash & HIGH) | (s + 1L);
    }

    /**
     * Removes the session in slot {@code s} (occupied): unlinks it from its queue and its BIB list, drops its index
     * entries and frees the slot. If it was first in its BIB list, the list now starts at what {@link #bibNext}
     * returned before this call: the owner reads that first.
     */
    void remove(int s) {
        checkOccupied(s);
        if (isQueued(s)) {
            unlink(s);
        }
        int bp = bibPrev(s);
        int bn = bibNext(s);
        if (bn != NIL) {
            setBibPrev(bn, bp);
        }
        if (bp != NIL) {
            setBibNext(bp, bn);
        }
        removeIndex(index4, find(index4, hash4(src4Addr(s), src4Port(s), dst4Addr(s), dst4Port(s)), s));
        removeIndex(index6, find(index6, hash6(src6High(s), src6Low(s), src6Port(s), dst4Addr(s), dst4Port(s)), s));
        clearSlot(s);
        free[freeTop++] = s;
        size--;
    }

    /** Whether slot {@code s} (any int) holds a session. */
    boolean isOccupied(int s) {
        return s >= 0 && s < capacity && slots[BASE + s * SLOT_LONGS + W_PORTS] < 0;
    }

    private void checkOccupied(int s) {
        if (!isOccupied(s)) {
            throw new IllegalArgumentException("no session in slot " + s);
        }
    }

    private void clearSlot(int s) {
        Arrays.fill(slots, BASE + s * SLOT_LONGS, BASE + (s + 1) * SLOT_LONGS, 0L);
    }

    /** The position in {@code idx} that points at slot {@code s}; a missing one is a bug, reported, not a hang. */
    private int find(long[] idx, long hash, int s) {
        int i = home(hash, indexCapacity);
        for (int steps = 0; steps < indexCapacity && idx[i] != 0; steps++, i = nextIndex(i)) {
            if ((int) idx[i] == s + 1) {
                return i;
            }
        }
        throw new IllegalStateException("no index entry for slot " + s);
    }

    /** Backward-shift deletion in an index: its fingerprint places an entry, so no slot is read. */
    private void removeIndex(long[] idx, int hole) {
        idx[hole] = 0;
        int n = indexCapacity;
        for (int j = nextIndex(hole); idx[j] != 0; j = nextIndex(j)) {
            int home = home(idx[j], n);
            if (Math.floorMod(j - home, n) >= Math.floorMod(j - hole, n)) {
                idx[hole] = idx[j];
                idx[j] = 0;
                hole = j;
            }
        }
    }

    // ---------------------------------------------------------------- expiry queues

    /** The first (oldest) slot of queue {@code timer}, or {@link #NIL}. */
    int head(int timer) {
        return head[timer];
    }

    /** The last (newest) slot of queue {@code timer}, or {@link #NIL}. */
    int tail(int timer) {
        return tail[timer];
    }

    /** How many sessions queue {@code timer} holds. */
    int queueSize(int timer) {
        return queued[timer];
    }

    /** The first slot of queue {@code timer} the announcement pass has not examined, or {@link #NIL}. */
    int cursor(int timer) {
        return cursor[timer];
    }

    /** Moves queue {@code timer}'s announcement cursor one session on. */
    void advanceCursor(int timer) {
        int c = cursor[timer];
        if (c != NIL) {
            cursor[timer] = queueNext(c);
        }
    }

    /** Sets queue {@code timer}'s cursor to {@code s} (a slot of that queue) or {@link #NIL}. */
    void setCursor(int timer, int s) {
        if (s != NIL && (!isQueued(s) || timer(s) != timer)) {
            throw new IllegalArgumentException("slot " + s + " is not on queue " + timer);
        }
        cursor[timer] = s;
    }

    /** Links unqueued {@code s} at the tail of queue {@code timer}, with {@code inPlace} 0 ({@link ExpiryQueue#append}). */
    void append(int s, int timer) {
        insertAfter(s, timer, tail[timer]);
    }

    /**
     * Links unqueued {@code s} on queue {@code timer} right after {@code after} (a slot of that queue), or first
     * if {@code after} is {@link #NIL}; {@code inPlace} becomes 0. The cursor moves only from {@link #NIL} to
     * {@code s} when {@code s} is the tail: rewinding it is the caller's policy ({@link #setCursor}).
     */
    void insertAfter(int s, int timer, int after) {
        Objects.checkIndex(timer, QUEUES);
        checkOccupied(s);
        if (isQueued(s)) {
            throw new IllegalArgumentException("slot " + s + " is queued already");
        }
        if (after != NIL && (!isQueued(after) || timer(after) != timer)) {
            throw new IllegalArgumentException("slot " + after + " is not on queue " + timer);
        }
        int n = after == NIL ? head[timer] : queueNext(after);
        int at = BASE + s * SLOT_LONGS;
        slots[at + W_PORTS] = (slots[at + W_PORTS] & ~(3L << TIMER_SHIFT)) | QUEUED | (long) timer << TIMER_SHIFT;
        slots[at + W_TIMES] &= HIGH;
        slots[at + W_QUEUE] = (long) after << 32 | (n & LOW);
        if (after != NIL) {
            setQueueNext(after, s);
        } else {
            head[timer] = s;
        }
        if (n != NIL) {
            setQueuePrev(n, s);
        } else {
            tail[timer] = s;
            if (cursor[timer] == NIL) {
                cursor[timer] = s;
            }
        }
        queued[timer]++;
    }

    /** Unlinks queued {@code s} from its queue in O(1), moving the cursor on if it stood there. */
    void unlink(int s) {
        if (!isOccupied(s) || !isQueued(s)) {
            throw new IllegalArgumentException("slot " + s + " is not queued");
        }
        int t = timer(s);
        int p = queuePrev(s);
        int n = queueNext(s);
        if (cursor[t] == s) {
            cursor[t] = n;
        }
        if (p != NIL) {
            setQueueNext(p, n);
        } else {
            head[t] = n;
        }
        if (n != NIL) {
            setQueuePrev(n, p);
        } else {
            tail[t] = p;
        }
        int at = BASE + s * SLOT_LONGS;
        slots[at + W_PORTS] &= ~QUEUED;
        slots[at + W_QUEUE] = -1L;
        queued[t]--;
    }

    /**
     * Sets the links word of unqueued {@code s} (a late bucket's list, kept by {@link ExpiryQueue} through the
     * same word as the queues; {@link #queuePrev}/{@link #queueNext} read it back).
     */
    void setLateLinks(int s, int prev, int next) {
        if (isQueued(s)) {
            throw new IllegalArgumentException("slot " + s + " is queued");
        }
        slots[BASE + s * SLOT_LONGS + W_QUEUE] = (long) prev << 32 | (next & LOW);
    }

    /** Sets the timer code of unqueued {@code s} (a late session: {@link #insertAfter} sets a queued one's). */
    void setTimer(int s, int timer) {
        Objects.checkIndex(timer, QUEUES);
        if (isQueued(s)) {
            throw new IllegalArgumentException("slot " + s + " is queued");
        }
        int at = BASE + s * SLOT_LONGS + W_PORTS;
        slots[at] = (slots[at] & ~(3L << TIMER_SHIFT)) | (long) timer << TIMER_SHIFT;
    }

    /** Whether {@code s} is linked on queue {@code timer} (not late): one read of the slot's ports word. */
    boolean isQueuedOn(int s, int timer) {
        long mask = QUEUED | 3L << TIMER_SHIFT;
        return (slots[BASE + s * SLOT_LONGS + W_PORTS] & mask) == (QUEUED | (long) timer << TIMER_SHIFT);
    }

    /** Whether {@code s} is linked on a queue. */
    boolean isQueued(int s) {
        return (slots[BASE + s * SLOT_LONGS + W_PORTS] & QUEUED) != 0;
    }

    /** The slot before {@code s} on its queue (older), or {@link #NIL}. */
    int queuePrev(int s) {
        return high(s, W_QUEUE);
    }

    /** The slot after {@code s} on its queue (newer), or {@link #NIL}. */
    int queueNext(int s) {
        return low(s, W_QUEUE);
    }

    private void setQueuePrev(int s, int prev) {
        setHigh(s, W_QUEUE, prev);
    }

    private void setQueueNext(int s, int next) {
        setLow(s, W_QUEUE, next);
    }

    // ---------------------------------------------------------------- BIB lists

    /** The slot before {@code s} in its BIB entry's list, or {@link #NIL} if {@code s} is first. */
    int bibPrev(int s) {
        return high(s, W_BIB);
    }

    /** The slot after {@code s} in its BIB entry's list, or {@link #NIL}. */
    int bibNext(int s) {
        return low(s, W_BIB);
    }

    private void setBibPrev(int s, int prev) {
        setHigh(s, W_BIB, prev);
    }

    private void setBibNext(int s, int next) {
        setLow(s, W_BIB, next);
    }

    /** The high int of word {@code w} of slot {@code s} (a link word's previous slot). */
    private int high(int s, int w) {
        return (int) (slots[BASE + s * SLOT_LONGS + w] >> 32);
    }

    /** The low int of word {@code w} of slot {@code s} (a link word's next slot). */
    private int low(int s, int w) {
        return (int) slots[BASE + s * SLOT_LONGS + w];
    }

    private void setHigh(int s, int w, int v) {
        int at = BASE + s * SLOT_LONGS + w;
        slots[at] = (long) v << 32 | (slots[at] & LOW);
    }

    private void setLow(int s, int w, int v) {
        int at = BASE + s * SLOT_LONGS + w;
        slots[at] = (slots[at] & HIGH) | (v & LOW);
    }

    /**
     * Whether a session of the BIB list starting at {@code bibHead} talks to the IPv4 address {@code dst4Addr}
     * (address-dependent filtering); walks the list.
     */
    boolean talksTo(int bibHead, int dst4Addr) {
        for (int s = bibHead; s != NIL; s = bibNext(s)) {
            if (dst4Addr(s) == dst4Addr) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- hot state

    /** The session's TCP state code ({@link TcpState#code()}; the caller's encoding, 0 to 255). */
    int state(int s) {
        return (int) (slots[BASE + s * SLOT_LONGS + W_PORTS] >>> STATE_SHIFT) & 0xff;
    }

    /** Sets the session's TCP state code. */
    void setState(int s, int state) {
        int at = BASE + s * SLOT_LONGS + W_PORTS;
        slots[at] = (slots[at] & ~(0xffL << STATE_SHIFT)) | (state & 0xffL) << STATE_SHIFT;
    }

    /** The timer code of its queue ({@link TimerType#code()}), meaningful while {@link #isQueued} or late. */
    int timer(int s) {
        return (int) (slots[BASE + s * SLOT_LONGS + W_PORTS] >>> TIMER_SHIFT) & 3;
    }

    /** When the session's timer was last refreshed (ms). */
    long updateTime(int s) {
        return slots[BASE + s * SLOT_LONGS + W_UPDATE];
    }

    /** Sets the update time, keeping {@link #announcedUpdate} as it was (within the int delta's range). */
    void setUpdateTime(int s, long now) {
        int at = BASE + s * SLOT_LONGS;
        long announced = announcedUpdate(s);
        slots[at + W_UPDATE] = now;
        slots[at + W_TIMES] = (long) saturate(now - announced) << 32 | (slots[at + W_TIMES] & LOW);
    }

    /**
     * Whether {@code s} is in TCP state {@code state}, linked on queue {@code timer} and not late: one read of
     * its ports word (the hit path's test before {@link #refreshInPlace}).
     */
    boolean isOn(int s, int state, int timer) {
        long mask = 0xffL << STATE_SHIFT | QUEUED | LATE | 3L << TIMER_SHIFT;
        long want = (state & 0xffL) << STATE_SHIFT | QUEUED | (long) timer << TIMER_SHIFT;
        return (slots[BASE + s * SLOT_LONGS + W_PORTS] & mask) == want;
    }

    /**
     * Sets the update time to {@code now} with the place in the queue unchanged ({@link #inPlace} becomes {@code
     * now} minus {@link #position}), writing the two time words once, if that place is after {@code after} (the
     * announcement cursor's position). Returns how long ago (ms, at least 0) the update time of its last
     * publication was, or -1, changing nothing, when its place is not after {@code after}, or {@code now} is
     * before it or more than {@link Integer#MAX_VALUE} ms after it.
     */
    long refreshInPlace(int s, long now, long after) {
        int at = BASE + s * SLOT_LONGS;
        long update = slots[at + W_UPDATE];
        long times = slots[at + W_TIMES];
        long position = update - (int) times;
        long ahead = now - position;
        if (position <= after || ahead < 0 || ahead > Integer.MAX_VALUE) {
            return -1;
        }
        long age = now - (update - (int) (times >> 32));
        slots[at + W_UPDATE] = now;
        slots[at + W_TIMES] = (long) saturate(age) << 32 | (ahead & LOW);
        return Math.max(0, age);
    }

    /** A packet's refresh where the session stands: update time {@code now} and TCP state, in one line. */
    void refresh(int s, long now, int state) {
        setUpdateTime(s, now);
        setState(s, state);
    }

    /**
     * The update time carried by the last publication about it. Stored as an int delta below the update
     * time, saturating: a delta past 24 days reads as 24 days, which only makes a publication due sooner.
     */
    long announcedUpdate(int s) {
        int at = BASE + s * SLOT_LONGS;
        return slots[at + W_UPDATE] - (int) (slots[at + W_TIMES] >> 32);
    }

    /** Records the update time a publication carried (see {@link #announcedUpdate}). */
    void setAnnouncedUpdate(int s, long announced) {
        int at = BASE + s * SLOT_LONGS;
        slots[at + W_TIMES] = (long) saturate(slots[at + W_UPDATE] - announced) << 32 | (slots[at + W_TIMES] & LOW);
    }

    private static int saturate(long delta) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, delta));
    }

    /** How far (ms) its update time ran ahead of its place in the queue (see {@link BibTable#refresh}). */
    int inPlace(int s) {
        return (int) slots[BASE + s * SLOT_LONGS + W_TIMES];
    }

    /** Sets {@link #inPlace}; {@link #append} and {@link #insertAfter} reset it to 0. */
    void setInPlace(int s, int inPlace) {
        int at = BASE + s * SLOT_LONGS + W_TIMES;
        slots[at] = (slots[at] & HIGH) | (inPlace & LOW);
    }

    /** The time its place in the queue stands for: update time minus {@link #inPlace}. */
    long position(int s) {
        return updateTime(s) - inPlace(s);
    }

    /** Whether it waits in a late bucket (an out-of-order peer copy). */
    boolean isLate(int s) {
        return (slots[BASE + s * SLOT_LONGS + W_PORTS] & LATE) != 0;
    }

    /** Marks it as waiting in a late bucket, or not. */
    void setLate(int s, boolean late) {
        setFlag(s, LATE, late);
    }

    /** Whether a simultaneous-open IPv4 SYN is stored for it (Jool's {@code has_stored}). */
    boolean hasStored(int s) {
        return (slots[BASE + s * SLOT_LONGS + W_PORTS] & STORED) != 0;
    }

    /** Marks a stored simultaneous-open SYN, or its end. */
    void setStored(int s, boolean stored) {
        setFlag(s, STORED, stored);
    }

    private void setFlag(int s, long flag, boolean on) {
        int at = BASE + s * SLOT_LONGS + W_PORTS;
        slots[at] = on ? slots[at] | flag : slots[at] & ~flag;
    }

    // ---------------------------------------------------------------- keys

    /** The IPv6 source address's high 64 bits. */
    long src6High(int s) {
        return slots[BASE + s * SLOT_LONGS + W_SRC6_HIGH];
    }

    /** The IPv6 source address's low 64 bits. */
    long src6Low(int s) {
        return slots[BASE + s * SLOT_LONGS + W_SRC6_LOW];
    }

    /** The IPv6 source port (or ICMPv6 identifier). */
    int src6Port(int s) {
        return (int) slots[BASE + s * SLOT_LONGS + W_PORTS] & 0xffff;
    }

    /** The IPv4 peer's port (or the mask's ICMP identifier). */
    int dst4Port(int s) {
        return (int) (slots[BASE + s * SLOT_LONGS + W_PORTS] >>> 16) & 0xffff;
    }

    /** The mask's port. */
    int src4Port(int s) {
        return (int) (slots[BASE + s * SLOT_LONGS + W_PORTS] >>> 32) & 0xffff;
    }

    /** The mask's address. */
    int src4Addr(int s) {
        return (int) slots[BASE + s * SLOT_LONGS + W_ADDRS4];
    }

    /** The IPv4 peer's address (dst6 is pool6 plus it). */
    int dst4Addr(int s) {
        return (int) (slots[BASE + s * SLOT_LONGS + W_ADDRS4] >>> 32);
    }

    // ---------------------------------------------------------------- read-ahead (the data plane's bursts)

    /** Reads slot {@code i}'s ports word without using it: a read-ahead's touch of the line. */
    long touchSlot(int i) {
        return slots[slotWord(i)];
    }

    /** Where in {@link #slotArray} slot {@code i}'s ports word is: the word a read-ahead touches. */
    static int slotWord(int i) {
        return BASE + i * SLOT_LONGS + W_PORTS;
    }

    /** Reads IPv4 index entry {@code i} without using it. */
    long touchIndex4(int i) {
        return index4[i];
    }

    /** Reads IPv6 index entry {@code i} without using it. */
    long touchIndex6(int i) {
        return index6[i];
    }

    /** The IPv6 index itself: a burst's read-ahead loops over it ({@link BurstPrefetch#run}). */
    long[] index6Array() {
        return index6;
    }

    /** The IPv4 index itself, as {@link #index6Array}. */
    long[] index4Array() {
        return index4;
    }

    /** The slot array itself (the alignment test reads its address; a burst's read-ahead loops over it). */
    long[] slotArray() {
        return slots;
    }
}
