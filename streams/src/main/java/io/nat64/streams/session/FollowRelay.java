package io.nat64.streams.session;

import io.nat64.core.instance.Instance;
import io.nat64.core.session.SessionMutation;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;

/**
 * One follow subscription: takes every mutation of the instance (unbounded demand, so the best-effort sink
 * never skips it), filters on the owner thread, and buffers what passes; a full buffer drops and counts, or
 * disconnects (see {@link FollowOptions.Overflow}).
 *
 * <p>Threading: {@code onNext} runs on the owner thread and never waits; delivery is {@link OwnerRelay}'s.
 */
final class FollowRelay extends OwnerRelay<SessionMutation> implements CoreSubscriber<SessionMutation> {
    private static final AtomicReferenceFieldUpdater<FollowRelay, @Nullable Subscription> UPSTREAM =
            AtomicReferenceFieldUpdater.newUpdater(FollowRelay.class, Subscription.class, "upstream");

    private final BooleanSupplier ssEnabled;
    private final FollowOptions options;
    private final FollowStats stats;
    private volatile @Nullable Subscription upstream;

    private FollowRelay(
            Subscriber<? super SessionMutation> actual,
            Scheduler owner,
            BooleanSupplier ssEnabled,
            FollowOptions options,
            FollowStats stats) {
        super(actual, owner, options.deliverOn(), options.bufferSize());
        this.ssEnabled = ssEnabled;
        this.options = options;
        this.stats = stats;
    }

    /** Subscribes {@code actual} to {@code instance}'s mutations through a new relay. */
    static void start(
            Subscriber<? super SessionMutation> actual, Instance instance, FollowOptions options, FollowStats stats) {
        start(
                actual,
                instance.mutations(),
                instance.owner(),
                () -> instance.globals().ssEnabled(),
                options,
                stats);
    }

    /** Subscribes {@code actual} to {@code source} (mutations published on {@code owner}) through a new relay. */
    static void start(
            Subscriber<? super SessionMutation> actual,
            Flux<SessionMutation> source,
            Scheduler owner,
            BooleanSupplier ssEnabled,
            FollowOptions options,
            FollowStats stats) {
        FollowRelay relay = new FollowRelay(actual, owner, ssEnabled, options, stats);
        stats.opened();
        actual.onSubscribe(relay);
        if (!relay.isCancelled()) {
            source.subscribe(relay);
        }
    }

    @Override
    public void onSubscribe(Subscription s) {
        if (Operators.setOnce(UPSTREAM, this, s)) {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(SessionMutation m) {
        if (isDone() || !wanted(m)) {
            return;
        }
        if (tryOffer(m)) {
            return;
        }
        if (options.overflow() == FollowOptions.Overflow.DROP) {
            stats.addDropped(1);
            return;
        }
        long lost = buffered() + 1L;
        stats.addDropped(lost);
        Operators.terminate(UPSTREAM, this);
        fail(new FollowOverflowException(capacity, lost), true);
    }

    /** What Jool's follow prints: no peer copies, no deaths unless asked, nothing while ss is off. */
    private boolean wanted(SessionMutation m) {
        return !m.fromPeer()
                && (options.events() || m.kind() != SessionMutation.Kind.REMOVED)
                && options.filter().matches(m.session())
                && ssEnabled.getAsBoolean();
    }

    @Override
    public void onError(Throwable t) {
        fail(t, false);
    }

    @Override
    public void onComplete() {
        finish();
    }

    @Override
    void onCancel() {
        Operators.terminate(UPSTREAM, this);
    }

    @Override
    void delivered(long count) {
        stats.addDelivered(count);
    }

    @Override
    void released() {
        stats.closed();
    }

    @Override
    @SuppressWarnings("rawtypes") // Scannable declares it with the raw type
    public @Nullable Object scanUnsafe(Attr key) {
        if (key == Attr.PARENT) {
            return upstream;
        }
        return super.scanUnsafe(key);
    }
}
