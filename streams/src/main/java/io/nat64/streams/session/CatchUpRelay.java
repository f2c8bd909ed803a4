package io.nat64.streams.session;

import io.nat64.core.instance.Instance;
import io.nat64.core.session.Session;
import io.nat64.core.session.SessionMutation;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Operators;

/**
 * The whole database, then the live mutations, with none lost: subscribes to the mutations first, then
 * pages through the tables. A live mutation is kept only if its session lies at or before the dump's cursor
 * (its table already read, or its key already passed); one further ahead is dropped, because the dump will
 * read that session later in a state at least as new (and a session removed before the cursor reaches it
 * was never sent). Both the cursor and the mutations live on the owner thread, so the test is exact, and the
 * order downstream is the owner's order.
 *
 * <p>A live mutation that finds the buffer full restarts the dump from the first table (a resync: the copy
 * is brought up to date by reading everything again, so nothing is lost; a removal that happened meanwhile
 * is not sent, the copy expires on its own, as Jool's copies always do). After {@code maxResyncs} resyncs
 * without one complete dump, the subscriber is too slow for the churn and the stream ends with an overflow
 * error ({@link Exceptions#isOverflow}).
 */
final class CatchUpRelay extends PagedRelay<SessionMutation> implements CoreSubscriber<SessionMutation> {
    private static final AtomicReferenceFieldUpdater<CatchUpRelay, @Nullable Subscription> UPSTREAM =
            AtomicReferenceFieldUpdater.newUpdater(CatchUpRelay.class, Subscription.class, "upstream");

    private final int maxResyncs;
    private final Runnable onResync;
    /** Owner thread: whether packets came lately. */
    private final PacketWatch packets;

    private volatile @Nullable Subscription upstream;
    private volatile boolean live;
    /** Owner thread: resyncs since the last complete dump. */
    private int resyncsInARow;

    private CatchUpRelay(
            Subscriber<? super SessionMutation> actual,
            Instance instance,
            AdvertiseOptions options,
            Runnable onResync) {
        super(
                actual,
                instance,
                SessionAdvertise.ORDER,
                options.pageSize(),
                options.pageInterval(),
                options.bufferSize(),
                options.deliverOn(),
                SessionAdvertise::replayed);
        this.maxResyncs = options.maxResyncs();
        this.onResync = onResync;
        this.packets = new PacketWatch(instance.counters());
    }

    /** Subscribes {@code actual}: live mutations first, then the dump starts on demand. */
    static void start(
            Subscriber<? super SessionMutation> actual,
            Instance instance,
            AdvertiseOptions options,
            Runnable onResync) {
        CatchUpRelay relay = new CatchUpRelay(actual, instance, options, onResync);
        actual.onSubscribe(relay);
        if (!relay.isCancelled()) {
            instance.mutations().subscribe(relay);
        }
    }

    /**
     * The options' interval while the translator is busy, none otherwise: busy when it translated any packet
     * ({@link PacketWatch}), when packets waited behind a batch or a merge changed the table ({@link
     * io.nat64.core.instance.PacketPath#busy}), within the last few ms. A catch-up on a node that carries traffic is
     * thus always paced, and one on an idle node runs as fast as the peer takes it, as Linux md's resync runs at
     * speed_limit_min while the disk has other I/O and up to speed_limit_max otherwise. Counting every packet, not
     * only a backlog, matters because a backlog forms only once the dump has already taken the owner's time; yielding
     * to merges matters when a restarted node catches up: its dump of its peer's own sessions back to the peer (the
     * echo) would otherwise take its owner from the merge.
     */
    @Override
    long pageIntervalNanos() {
        long now = instance.now();
        boolean busy = packets.recent(now) | instance.packets().busy(now); // both, so that the watch keeps its count
        return busy ? super.pageIntervalNanos() : 0;
    }

    @Override
    boolean readyToPage() {
        return live;
    }

    @Override
    public void onSubscribe(Subscription s) {
        if (Operators.setOnce(UPSTREAM, this, s)) {
            s.request(Long.MAX_VALUE);
            live = true; // from here on, no mutation can slip between two pages unseen
            signal();
        }
    }

    @Override
    public void onNext(SessionMutation m) {
        if (isDone() || m.fromPeer() || !covered(m.session())) {
            return;
        }
        if (!tryOffer(m)) {
            resync();
        }
    }

    /** Owner thread: whether the dump has already passed {@code s} (so it will not read it again). */
    private boolean covered(Session s) {
        if (!isReplaying()) {
            return true;
        }
        int p = protocolIndexOf(s.protocol());
        if (p != protocolIndex) {
            return p < protocolIndex;
        }
        long src4 = key(s.src4(), s.src4Port());
        return src4 < afterSrc4 || (src4 == afterSrc4 && key(s.dst4(), s.dst4Port()) <= afterDst4);
    }

    private void resync() {
        if (++resyncsInARow > maxResyncs) {
            Operators.terminate(UPSTREAM, this);
            fail(
                    Exceptions.failWithOverflow("session advertise: subscriber too slow for the live updates;"
                            + " its buffer of " + capacity + " filled " + resyncsInARow + " times before a full"
                            + " dump; subscribe again"),
                    true);
            return;
        }
        onResync.run();
        restart();
    }

    @Override
    void replayed() {
        resyncsInARow = 0; // and stay live
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
        super.onCancel();
        Operators.terminate(UPSTREAM, this);
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
