package io.nat64.streams.session;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.Session;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * {@code nat64 session display}: one table's sessions in Jool's order (src4 address and port, then dst4
 * address and port), read in pages on the owner thread as Jool's dump pages them ({@code jool-session.md}
 * 4.6, 4.7).
 *
 * <p>Consistency (that of {@link io.nat64.core.session.BibTable#page}): not an atomic snapshot, the table
 * keeps translating between pages. A session alive for the whole dump appears exactly once; one created or
 * removed during the dump may or may not appear; each appears in the state it had when its page was read.
 *
 * <p>Backpressure: cold, one dump per subscription. A page ({@code pageSize} sessions, one owner task) is
 * read only when the subscriber's outstanding demand exceeds what is buffered, and the buffer holds at most
 * two pages, so memory stays bounded whatever the table size; a subscriber that stops requesting holds no
 * owner time. Delivery is on a worker of {@code deliverOn}, never the owner. Any thread.
 *
 * <pre>{@code
 * SessionSnapshot.display(instance, L4Protocol.UDP)
 *     .map(s -> s + " expires in " + Timeouts.format(SessionSnapshot.remaining(instance, s)))
 * }</pre>
 */
public final class SessionSnapshot {
    /** The default page: 1024 sessions. */
    public static final int DEFAULT_PAGE_SIZE = 1024;
    /** The largest page. */
    public static final int MAX_PAGE_SIZE = 65_536;

    private SessionSnapshot() {}

    /** The TCP table (Jool's default), 1024 sessions per page, delivered on {@link Schedulers#parallel()}. */
    public static Flux<Session> display(Instance instance) {
        return display(instance, L4Protocol.TCP);
    }

    /** The table of {@code protocol}, 1024 sessions per page, delivered on {@link Schedulers#parallel()}. */
    public static Flux<Session> display(Instance instance, L4Protocol protocol) {
        return Flux.defer(() -> display(instance, protocol, DEFAULT_PAGE_SIZE, Schedulers.parallel()));
    }

    /** The table of {@code protocol} in pages of {@code pageSize}, delivered on {@code deliverOn}. */
    public static Flux<Session> display(Instance instance, L4Protocol protocol, int pageSize, Scheduler deliverOn) {
        checkPageSize(pageSize);
        L4Protocol[] table = {protocol};
        return PagedRelay.flux(s -> new PagedRelay<>(
                s, instance, table, pageSize, Duration.ZERO, 2 * pageSize, deliverOn, (session, at) -> session));
    }

    /** What display shows as "expires in": the time {@code s} has left now, on the instance's clock (ms). */
    public static long remaining(Instance instance, Session s) {
        return s.remaining(instance.now());
    }

    static void checkPageSize(int pageSize) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be 1 to " + MAX_PAGE_SIZE + ", not " + pageSize);
        }
    }
}
