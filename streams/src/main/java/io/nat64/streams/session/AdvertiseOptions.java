package io.nat64.streams.session;

import java.time.Duration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * How {@link SessionAdvertise} reads and paces the database.
 *
 * @param pageSize sessions per page, i.e. per owner task (1 to {@link SessionSnapshot#MAX_PAGE_SIZE})
 * @param pageInterval the least time between the starts of two pages (zero: as fast as demand allows)
 * @param bufferSize sessions and live updates buffered per subscriber (at least twice {@code pageSize})
 * @param maxResyncs how many times in a row the live updates may overflow the buffer, each time restarting
 *     the dump, before the subscriber is ended as too slow
 * @param deliverOn where subscribers are served (one worker each); never the owner
 */
public record AdvertiseOptions(
        int pageSize, Duration pageInterval, int bufferSize, int maxResyncs, Scheduler deliverOn) {

    /** The default page: 1024 sessions. */
    public static final int DEFAULT_PAGE_SIZE = SessionSnapshot.DEFAULT_PAGE_SIZE;
    /** The default pacing: at most one page per millisecond, about a million sessions a second. */
    public static final Duration DEFAULT_PAGE_INTERVAL = Duration.ofMillis(1);
    /** The default buffer: 16 pages. */
    public static final int DEFAULT_BUFFER = 16 * DEFAULT_PAGE_SIZE;

    /** Validates every field; the message names it. */
    public AdvertiseOptions {
        SessionSnapshot.checkPageSize(pageSize);
        if (pageInterval.isNegative()) {
            throw new IllegalArgumentException("advertise page interval cannot be negative: " + pageInterval);
        }
        if (bufferSize < 2 * pageSize || bufferSize > FollowOptions.MAX_BUFFER) {
            throw new IllegalArgumentException("advertise buffer must be 2 pages (" + 2 * pageSize + ") to "
                    + FollowOptions.MAX_BUFFER + " sessions, not " + bufferSize);
        }
        if (maxResyncs < 0) {
            throw new IllegalArgumentException("advertise max resyncs cannot be negative: " + maxResyncs);
        }
    }

    /** 1024-session pages at most one per millisecond, a 16-page buffer, 3 resyncs, on {@link Schedulers#parallel()}. */
    public static AdvertiseOptions defaults() {
        return new AdvertiseOptions(DEFAULT_PAGE_SIZE, DEFAULT_PAGE_INTERVAL, DEFAULT_BUFFER, 3, Schedulers.parallel());
    }

    /** These options with pages of {@code size} sessions (and a buffer at least two pages long). */
    public AdvertiseOptions withPageSize(int size) {
        return new AdvertiseOptions(size, pageInterval, Math.max(bufferSize, 2 * size), maxResyncs, deliverOn);
    }

    /** These options with pages at least {@code interval} apart. */
    public AdvertiseOptions withPageInterval(Duration interval) {
        return new AdvertiseOptions(pageSize, interval, bufferSize, maxResyncs, deliverOn);
    }

    /**
     * These options paced at about {@code sessionsPerSecond} (pages of {@link #pageSize()} at most every
     * {@code pageSize / sessionsPerSecond} seconds); 0 means as fast as demand allows.
     */
    public AdvertiseOptions withRate(long sessionsPerSecond) {
        if (sessionsPerSecond < 0) {
            throw new IllegalArgumentException("advertise rate cannot be negative: " + sessionsPerSecond);
        }
        return withPageInterval(
                sessionsPerSecond == 0
                        ? Duration.ZERO
                        : Duration.ofNanos(Math.max(1, pageSize * 1_000_000_000L / sessionsPerSecond)));
    }

    /** The pace in sessions per second these options allow at most; 0 when unpaced. */
    public long rate() {
        long nanos = pageInterval.toNanos();
        return nanos == 0 ? 0 : pageSize * 1_000_000_000L / nanos;
    }

    /** These options with a buffer of {@code size}. */
    public AdvertiseOptions withBufferSize(int size) {
        return new AdvertiseOptions(pageSize, pageInterval, size, maxResyncs, deliverOn);
    }

    /** These options allowing {@code n} resyncs in a row. */
    public AdvertiseOptions withMaxResyncs(int n) {
        return new AdvertiseOptions(pageSize, pageInterval, bufferSize, n, deliverOn);
    }

    /** These options delivering on {@code s}. */
    public AdvertiseOptions withDeliverOn(Scheduler s) {
        return new AdvertiseOptions(pageSize, pageInterval, bufferSize, maxResyncs, s);
    }
}
