package io.nat64.core.pool;

import io.nat64.core.addr.Ipv4Prefix;
import java.util.Arrays;

/**
 * One protocol's pool4: sorted, fused (address, port range) rows, one or more per address, plus the running
 * count of transport addresses before each row so that the n-th transport address is found in O(log n).
 *
 * <p>A row is two packed transport addresses ({@link Pool4#pack}): its first and its last. Packing orders rows
 * by address (unsigned) then port, and rows never overlap, so lookups are binary searches over {@code first}.
 * Rows of one address that overlap or touch are fused, as Jool's {@code fix_collisions} does; rows of
 * different addresses never are. Mutations rebuild the arrays (they are rare); reads allocate nothing.
 * Owner thread only, like {@link Pool4}.
 */
final class Pool4Table {

    private static final long[] NONE = {};

    private long[] first = NONE;
    private long[] last = NONE;
    private long[] before = NONE;
    private long count;

    int rows() {
        return first.length;
    }

    long count() {
        return count;
    }

    long first(int row) {
        return first[row];
    }

    long last(int row) {
        return last[row];
    }

    /** Adds ports {@code min..max} of every address of {@code prefix}; whether any transport address is new. */
    boolean add(Ipv4Prefix prefix, int min, int max) {
        int rows = rows();
        int added = (int) prefix.size();
        long base = prefix.first() & 0xffffffffL;
        long[] newFirst = new long[rows + added];
        long[] newLast = new long[rows + added];
        int n = 0;
        int i = 0;
        int k = 0;
        while (i < rows || k < added) {
            long f;
            long l;
            if (k == added || (i < rows && first[i] <= ((base + k) << 16 | min))) {
                f = first[i];
                l = last[i++];
            } else {
                f = (base + k) << 16 | min;
                l = (base + k) << 16 | max;
                k++;
            }
            if (n > 0 && (f >>> 16) == (newLast[n - 1] >>> 16) && f <= newLast[n - 1] + 1) {
                newLast[n - 1] = Math.max(newLast[n - 1], l);
            } else {
                newFirst[n] = f;
                newLast[n++] = l;
            }
        }
        long old = count;
        install(newFirst, newLast, n);
        return count != old;
    }

    /** Removes ports {@code min..max} of every address of {@code prefix}; whether anything was removed. */
    boolean remove(Ipv4Prefix prefix, int min, int max) {
        int rows = rows();
        long[] newFirst = new long[2 * rows];
        long[] newLast = new long[2 * rows];
        int n = 0;
        for (int i = 0; i < rows; i++) {
            long f = first[i];
            long l = last[i];
            int lo = Pool4.portOf(f);
            int hi = Pool4.portOf(l);
            if (!prefix.contains(Pool4.addressOf(f)) || hi < min || lo > max) {
                newFirst[n] = f;
                newLast[n++] = l;
                continue;
            }
            long addressBits = f & ~0xffffL;
            if (lo < min) {
                newFirst[n] = f;
                newLast[n++] = addressBits | (min - 1);
            }
            if (hi > max) {
                newFirst[n] = addressBits | (max + 1);
                newLast[n++] = l;
            }
        }
        long old = count;
        install(newFirst, newLast, n);
        return count != old;
    }

    void flush() {
        install(NONE, NONE, 0);
    }

    private void install(long[] newFirst, long[] newLast, int n) {
        first = Arrays.copyOf(newFirst, n);
        last = Arrays.copyOf(newLast, n);
        before = new long[n];
        long sum = 0;
        for (int i = 0; i < n; i++) {
            before[i] = sum;
            sum += last[i] - first[i] + 1;
        }
        count = sum;
    }

    /** The row whose first transport address is the greatest not above {@code taddr}, or -1. */
    int floor(long taddr) {
        int at = Arrays.binarySearch(first, taddr);
        return at >= 0 ? at : -at - 2;
    }

    boolean contains(long taddr) {
        int row = floor(taddr);
        return row >= 0 && taddr <= last[row];
    }

    /** The first transport address after {@code after} (any negative: the first of all), or -1 past the last. */
    long next(long after) {
        if (after < 0) {
            return rows() == 0 ? -1 : first[0];
        }
        if (after >= Pool4.MAX_TRANSPORT_ADDRESS) {
            return -1;
        }
        long taddr = after + 1;
        int row = floor(taddr);
        if (row >= 0 && taddr <= last[row]) {
            return taddr;
        }
        return row + 1 < rows() ? first[row + 1] : -1;
    }

    /** The row that holds the {@code index}-th transport address (0-based, {@code index < count}). */
    int rowOf(long index) {
        // Branch-free: a new flow's index is random, so a branching search mispredicts about half its steps.
        long[] b = before;
        int lo = 0;
        for (int n = b.length; n > 1; ) {
            int half = n >>> 1;
            lo = b[lo + half] <= index ? lo + half : lo;
            n -= half;
        }
        return lo;
    }

    /** The {@code index}-th transport address (0-based, {@code index < count}) of row {@link #rowOf}. */
    long at(int row, long index) {
        return first[row] + (index - before[row]);
    }
}
