package io.nat64.streams.session;

/** Ends a follow subscription whose buffer overflowed under {@link FollowOptions.Overflow#DISCONNECT}. */
public final class FollowOverflowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long lost;

    /** A disconnect of a subscriber with a buffer of {@code bufferSize} that lost {@code lost} updates. */
    public FollowOverflowException(int bufferSize, long lost) {
        super("session follow: subscriber too slow, its buffer of " + bufferSize + " updates is full;"
                + " disconnected, " + lost + " updates lost");
        this.lost = lost;
    }

    /** How many updates the subscriber lost. */
    public long lost() {
        return lost;
    }
}
