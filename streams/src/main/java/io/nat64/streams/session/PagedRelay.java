package io.nat64.streams.session;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.Session;
import io.nat64.core.session.SessionDb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.reactivestreams.Subscriber;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Reads one or more tables in Jool's dump order, a page per owner task ({@link
 * io.nat64.core.session.BibTable#page}), and relays the sessions. A page is read only when the downstream
 * demand exceeds what is buffered, never more than the buffer has room for, and at least {@code interval}
 * after the previous one; between two pages the owner runs whatever else is queued (packets, expiry,
 * commands), so a dump of any size never holds the owner longer than one page.
 *
 * <p>Threading: the cursor fields are the owner thread's; {@link #refill} runs on the delivery worker.
 */
class PagedRelay<T> extends OwnerRelay<T> {
    /** Makes the relayed item of a session read at {@code at}. */
    @FunctionalInterface
    interface Item<T> {
        T of(Session session, long at);
    }

    final Instance instance;
    private final L4Protocol[] protocols;
    private final int pageSize;
    private final long intervalNanos;
    private final Item<T> item;
    private final List<Session> page = new ArrayList<>();

    /** Owner thread: the table being read ({@code protocols.length} once all are done) and the last key read. */
    int protocolIndex;

    long afterSrc4 = -1;
    long afterDst4 = -1;

    private volatile long nextPageAt;
    private volatile boolean replaying = true;
    private volatile boolean fetching;
    private volatile Disposable pending = Disposables.disposed();

    PagedRelay(
            Subscriber<? super T> actual,
            Instance instance,
            L4Protocol[] protocols,
            int pageSize,
            Duration interval,
            int capacity,
            Scheduler deliverOn,
            Item<T> item) {
        super(actual, instance.owner(), deliverOn, capacity);
        this.instance = instance;
        this.protocols = protocols.clone();
        this.pageSize = pageSize;
        this.intervalNanos = interval.toNanos();
        this.item = item;
        this.nextPageAt = nanoTime();
    }

    /** A cold stream whose subscribers each get a relay made by {@code relay}; pages start on demand. */
    static <T> Flux<T> flux(Function<Subscriber<? super T>, PagedRelay<T>> relay) {
        return Flux.from(s -> s.onSubscribe(relay.apply(s)));
    }

    /** The cursor key of an IPv4 transport address: {@code addr << 16 | port}, unsigned. */
    static long key(Ipv4Address addr, int port) {
        return ((addr.bits() & 0xffffffffL) << 16) | port;
    }

    /** Owner thread: the least time (ns) from this page's start to the next one's; the options' interval by default. */
    long pageIntervalNanos() {
        return intervalNanos;
    }

    /** The owner clock in nanoseconds (virtual in tests): pages of 256 at 100,000/s are 2.56 ms apart, not 2 or 3. */
    private long nanoTime() {
        return instance.owner().now(TimeUnit.NANOSECONDS);
    }

    /** Whether pages may be read yet (a subclass may wait for its live subscription). */
    boolean readyToPage() {
        return true;
    }

    /** Owner thread: every table has been read; completes by default. */
    void replayed() {
        finish();
    }

    /** Owner thread: starts reading from the first table again. */
    final void restart() {
        protocolIndex = 0;
        afterSrc4 = -1;
        afterDst4 = -1;
        replaying = true;
        signal();
    }

    final boolean isReplaying() {
        return replaying;
    }

    final int protocolIndexOf(L4Protocol p) {
        for (int i = 0; i < protocols.length; i++) {
            if (protocols[i] == p) {
                return i;
            }
        }
        return -1;
    }

    @Override
    final void refill() {
        if (!replaying || fetching || isDone() || isCancelled() || !readyToPage() || requested() <= buffered()) {
            return;
        }
        fetching = true;
        Mono<Boolean> read = instance.call(this::readPage);
        long delay = nextPageAt - nanoTime();
        if (delay > 0) {
            read = read.delaySubscription(Duration.ofNanos(delay), instance.owner());
        }
        pending = read.subscribe(ignored -> {}, e -> fail(e, false));
    }

    /** Owner thread: reads up to one page into the buffer (going on to the next table if one ends). */
    private boolean readPage(SessionDb db) {
        if (isCancelled() || !replaying) {
            fetching = false;
            return false;
        }
        long now = instance.now();
        int room = Math.min(pageSize, capacity - buffered());
        if (room > 0) {
            nextPageAt = nanoTime() + pageIntervalNanos();
        }
        while (room > 0 && replaying) {
            int n = db.table(protocols[protocolIndex]).page(afterSrc4, afterDst4, room, page);
            for (int i = 0; i < n; i++) {
                tryOfferQuietly(item.of(page.get(i), now)); // room checked above; the owner is the only producer
            }
            if (n == room) {
                Session last = page.get(n - 1);
                afterSrc4 = key(last.src4(), last.src4Port());
                afterDst4 = key(last.dst4(), last.dst4Port());
            } else {
                nextTable();
            }
            page.clear();
            room -= n;
        }
        fetching = false;
        signal();
        return true;
    }

    private void nextTable() {
        protocolIndex++;
        afterSrc4 = -1;
        afterDst4 = -1;
        if (protocolIndex == protocols.length) {
            replaying = false;
            replayed();
        }
    }

    @Override
    void onCancel() {
        pending.dispose();
    }
}
