package io.nat64.streams.session;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.Session;
import io.nat64.core.session.SessionMutation;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;

/**
 * {@code nat64 session advertise}: the whole session database (TCP, then UDP, then ICMP, each in Jool's
 * order) as mutations, for the replication sink and peer catch-up. Each session comes as an {@code ADDED}
 * mutation stamped with the time its page was read, so {@code expiresAt - at} is its remaining lifetime.
 * Like Jool, it needs ss-enabled at subscription.
 *
 * <p>Pacing: one page ({@link AdvertiseOptions#pageSize()} sessions) per owner task, read only when the
 * subscriber's demand exceeds what is buffered, and pages at least {@link AdvertiseOptions#pageInterval()}
 * apart (by default 1024 sessions per millisecond at most); between pages the owner translates, expires
 * and runs commands as usual. Consistency per table as {@link SessionSnapshot}'s.
 *
 * <p>{@link #replayThenLive()} adds the live mutations with no loss (duplicates are possible, and harmless to
 * a consumer that keeps the copy with the later expiry): see {@code CatchUpRelay}. Backpressure: one bounded
 * buffer per subscriber ({@link AdvertiseOptions#bufferSize()}); pages wait for demand; live updates that
 * overflow it restart the dump (a resync, counted by {@link #resyncs()}), and too many resyncs in a row end
 * the subscription with an overflow error. Delivery on a worker of {@link AdvertiseOptions#deliverOn()}.
 *
 * <pre>{@code
 * SessionAdvertise.catchUpThenLive(instance).subscribe(sink::send);
 * }</pre>
 */
public final class SessionAdvertise {
    /** The order Jool advertises tables in. */
    static final L4Protocol[] ORDER = {L4Protocol.TCP, L4Protocol.UDP, L4Protocol.ICMP};

    private final Instance instance;
    private final AdvertiseOptions options;
    private final AtomicLong resyncs = new AtomicLong();

    private SessionAdvertise(Instance instance, AdvertiseOptions options) {
        this.instance = instance;
        this.options = options;
    }

    /** Advertises {@code instance} with {@link AdvertiseOptions#defaults()}. */
    public static SessionAdvertise of(Instance instance) {
        return new SessionAdvertise(instance, AdvertiseOptions.defaults());
    }

    /** Advertises {@code instance} with {@code options}. */
    public static SessionAdvertise of(Instance instance, AdvertiseOptions options) {
        return new SessionAdvertise(instance, options);
    }

    /** {@code of(instance).replay()}: the database once, with the default options. */
    public static Flux<SessionMutation> advertise(Instance instance) {
        return Flux.defer(() -> of(instance).replay());
    }

    /** {@code of(instance).replayThenLive()}: the database, then every live mutation, with the default options. */
    public static Flux<SessionMutation> catchUpThenLive(Instance instance) {
        return Flux.defer(() -> of(instance).replayThenLive());
    }

    /** Every session once, then completes. */
    public Flux<SessionMutation> replay() {
        return SsEnabled.require(
                instance,
                "advertise",
                () -> PagedRelay.flux(s -> new PagedRelay<>(
                        s,
                        instance,
                        ORDER,
                        options.pageSize(),
                        options.pageInterval(),
                        2 * options.pageSize(),
                        options.deliverOn(),
                        SessionAdvertise::replayed)));
    }

    /**
     * Every session, then the live mutations (removals included, copies from peers excluded), with none lost
     * in between; completes when the instance closes.
     */
    public Flux<SessionMutation> replayThenLive() {
        return SsEnabled.require(
                instance,
                "advertise",
                () -> Flux.<SessionMutation>from(
                        s -> CatchUpRelay.start(s, instance, options, resyncs::incrementAndGet)));
    }

    /** How many times a subscriber's live updates overflowed and the dump restarted. */
    public long resyncs() {
        return resyncs.get();
    }

    /** The mutation that carries {@code s} as read by a page at {@code at}. */
    static SessionMutation replayed(Session s, long at) {
        return new SessionMutation(SessionMutation.Kind.ADDED, s, at, null, false);
    }
}
