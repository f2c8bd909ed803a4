package io.nat64.streams.session;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * How one {@link SessionFollow} serves its subscribers.
 *
 * <pre>{@code
 * FollowOptions.defaults().withBufferSize(16_384).withOverflow(FollowOptions.Overflow.DISCONNECT)
 * }</pre>
 *
 * @param filter which sessions, applied on the owner thread before buffering
 * @param events whether removals are followed too (and lines get the event column), {@code --events}
 * @param bufferSize updates buffered per subscriber before the overflow policy applies (1 to {@link
 *     #MAX_BUFFER})
 * @param overflow what happens to a subscriber whose buffer is full
 * @param deliverOn where subscribers are served (one worker each); never the owner
 */
public record FollowOptions(
        FollowFilter filter, boolean events, int bufferSize, Overflow overflow, Scheduler deliverOn) {

    /** The default buffer per subscriber, in updates (about 200 bytes each). */
    public static final int DEFAULT_BUFFER = 4096;
    /** The largest buffer per subscriber. */
    public static final int MAX_BUFFER = 1 << 22;

    /** What a full buffer does to its subscriber. */
    public enum Overflow {
        /** The update is dropped for this subscriber and counted ({@link FollowStats#dropped()}). */
        DROP,
        /**
         * The subscriber is disconnected at once with a {@link FollowOverflowException} that says how many
         * updates it lost (the one that overflowed and those it had not read yet).
         */
        DISCONNECT
    }

    /** Validates the buffer size. */
    public FollowOptions {
        if (bufferSize < 1 || bufferSize > MAX_BUFFER) {
            throw new IllegalArgumentException(
                    "follow buffer must be 1 to " + MAX_BUFFER + " updates, not " + bufferSize);
        }
    }

    /** Everything followed, no removals, {@value #DEFAULT_BUFFER} updates, drops counted, on {@link Schedulers#parallel()}. */
    public static FollowOptions defaults() {
        return new FollowOptions(FollowFilter.all(), false, DEFAULT_BUFFER, Overflow.DROP, Schedulers.parallel());
    }

    /** These options with {@code f}. */
    public FollowOptions withFilter(FollowFilter f) {
        return new FollowOptions(f, events, bufferSize, overflow, deliverOn);
    }

    /** These options with removals followed or not. */
    public FollowOptions withEvents(boolean e) {
        return new FollowOptions(filter, e, bufferSize, overflow, deliverOn);
    }

    /** These options with a buffer of {@code size} updates per subscriber. */
    public FollowOptions withBufferSize(int size) {
        return new FollowOptions(filter, events, size, overflow, deliverOn);
    }

    /** These options with overflow policy {@code o}. */
    public FollowOptions withOverflow(Overflow o) {
        return new FollowOptions(filter, events, bufferSize, o, deliverOn);
    }

    /** These options delivering on {@code s}. */
    public FollowOptions withDeliverOn(Scheduler s) {
        return new FollowOptions(filter, events, bufferSize, overflow, s);
    }
}
