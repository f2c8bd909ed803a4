package io.nat64.core.pool;

/**
 * pool4's {@code max-iterations}: how many candidate transport addresses one allocation may probe before it
 * gives up. {@link #AUTO} (Jool's default), {@link #INFINITY} or a fixed number.
 *
 * <p>{@code limit} is the fixed number; 0 stands for {@code auto} and {@link Long#MAX_VALUE} for
 * {@code infinity}. {@code MaxIterations.parse("auto")}, {@code MaxIterations.of(2048)}.
 */
public record MaxIterations(long limit) {

    /** Jool's heuristic: a hundred-and-twenty-eighth of pool4's transport addresses, clamped to [1024, 8192]. */
    public static final MaxIterations AUTO = new MaxIterations(0);
    /** No cap: an allocation may probe every transport address of pool4. */
    public static final MaxIterations INFINITY = new MaxIterations(Long.MAX_VALUE);

    /** Rejects a negative limit. */
    public MaxIterations {
        if (limit < 0) {
            throw new IllegalArgumentException(
                    "max-iterations must be auto, infinity or a positive number, not " + limit);
        }
    }

    /** A fixed cap; zero is refused, as Jool refuses it. */
    public static MaxIterations of(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException(
                    "max-iterations must be auto, infinity or a positive number, not " + limit);
        }
        return new MaxIterations(limit);
    }

    /** Parses {@code auto}, {@code infinity} or a positive decimal number. */
    public static MaxIterations parse(String text) {
        if (text.equals("auto")) {
            return AUTO;
        }
        if (text.equals("infinity")) {
            return INFINITY;
        }
        try {
            return of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "max-iterations must be auto, infinity or a positive number, not '" + text + "'", e);
        }
    }

    /** Whether this is {@code auto}. */
    public boolean isAuto() {
        return limit == 0;
    }

    /** The most candidates one allocation may probe in a pool4 of {@code count} transport addresses. */
    public long candidates(long count) {
        long cap = isAuto() ? Math.min(Math.max(count >>> 7, 1024), 8192) : limit;
        return Math.min(cap, count);
    }

    @Override
    public String toString() {
        return isAuto() ? "auto" : limit == Long.MAX_VALUE ? "infinity" : Long.toString(limit);
    }
}
