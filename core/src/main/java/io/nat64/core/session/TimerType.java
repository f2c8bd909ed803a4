package io.nat64.core.session;

/**
 * The expiry queue a session sits on, as Jool numbers them: EST (established timeout of its protocol),
 * TRANS (tcp-trans-timeout) and SYN4 (the fixed 6-second simultaneous-open hold).
 */
public enum TimerType {
    EST,
    TRANS,
    SYN4;

    private static final TimerType[] VALUES = values();

    /** Jool's number for this timer (0 to 2). */
    public int code() {
        return ordinal();
    }

    /** The timer with Jool's number {@code code}, or an {@link IllegalArgumentException}. */
    public static TimerType fromCode(int code) {
        if (code < 0 || code >= VALUES.length) {
            throw new IllegalArgumentException("unknown timer code " + code);
        }
        return VALUES[code];
    }
}
