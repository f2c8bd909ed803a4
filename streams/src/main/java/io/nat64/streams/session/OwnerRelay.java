package io.nat64.streams.session;

import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Scannable;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.util.concurrent.Queues;

/**
 * A bounded hand-off from an instance's owner thread to one downstream subscriber served on a delivery
 * worker: the owner {@linkplain #tryOffer offers} without ever waiting, the worker drains up to the
 * downstream's demand. What to do when the buffer is full is the subclass's policy. The worker is woken about
 * once per owner task, after it, so a busy owner hands over batches.
 *
 * <p>Threading: {@link #tryOffer}, {@link #finish} and {@link #fail} are called by one producer at a time
 * (the owner thread; a terminal signal may come from the thread closing the instance). The drain runs on
 * {@link #worker} only, serialised by {@code wip}. {@link #request} and {@link #cancel} may come from any
 * thread.
 */
abstract class OwnerRelay<T> implements Subscription, Scannable, Runnable {
    @SuppressWarnings("rawtypes")
    private static final AtomicLongFieldUpdater<OwnerRelay> REQUESTED =
            AtomicLongFieldUpdater.newUpdater(OwnerRelay.class, "requested");

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<OwnerRelay> WIP =
            AtomicIntegerFieldUpdater.newUpdater(OwnerRelay.class, "wip");

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<OwnerRelay> RELEASED =
            AtomicIntegerFieldUpdater.newUpdater(OwnerRelay.class, "released");

    final Subscriber<? super T> actual;
    final Scheduler.Worker worker;
    private final Scheduler owner;
    private final Runnable flush = this::flush;
    final int capacity;
    private final int halfCapacity;
    private final Queue<T> queue;

    private volatile long requested;
    private volatile int wip;
    private volatile boolean done;
    private volatile boolean cancelled;
    /** Whether an error skips what is still buffered (a disconnect) or comes after it. */
    private volatile boolean discardOnError;

    private volatile int released;

    private @Nullable Throwable error;
    /** Owner thread: whether a wake-up of the worker is queued behind the current owner task. */
    private boolean flushQueued;

    OwnerRelay(Subscriber<? super T> actual, Scheduler owner, Scheduler deliverOn, int capacity) {
        this.actual = actual;
        this.owner = owner;
        this.worker = deliverOn.createWorker();
        this.capacity = capacity;
        this.halfCapacity = Math.max(1, capacity / 2);
        this.queue = Queues.<T>get(capacity).get();
    }

    // ---------------------------------------------------------------- producer side (owner thread)

    /** Buffers {@code item} unless the buffer holds {@link #capacity} items already; never waits. */
    final boolean tryOffer(T item) {
        int size = queue.size();
        if (size >= capacity) {
            return false;
        }
        queue.offer(item);
        wake(size + 1);
        return true;
    }

    /** {@link #tryOffer} without waking the worker: call {@link #signal()} after a batch. */
    final boolean tryOfferQuietly(T item) {
        if (queue.size() >= capacity) {
            return false;
        }
        queue.offer(item);
        return true;
    }

    /**
     * Wakes the worker if the subscriber wants something: once the current owner task is over, and at once
     * when the buffer reaches half full. So a busy owner hands over batches, with one wake-up per owner task (a
     * packet batch, a page) rather than per item, and a stalled subscriber costs it no wake-up of the worker.
     * The demand is read once per owner task, after the task, not per item: reading it takes a full fence, which
     * waits for every store of the packet path still in flight (a new session's are cache misses).
     */
    private void wake(int size) {
        if (size == halfCapacity) {
            signalIfWanted(); // start draining now; the flush queued before still covers what comes after
        } else if (!flushQueued) {
            flushQueued = true;
            try {
                owner.schedule(flush);
            } catch (RejectedExecutionException e) { // the owner is shutting down: wake now
                flush();
            }
        }
    }

    private void flush() {
        flushQueued = false;
        signalIfWanted();
    }

    private void signalIfWanted() {
        // The fence pairs with the one in request(): one of the two sides sees the other's write.
        VarHandle.fullFence();
        if (requested != 0) {
            signal();
        }
    }

    /** How many items wait in the buffer (exact on the producer side, a snapshot elsewhere). */
    final int buffered() {
        return queue.size();
    }

    /** Completes downstream once the buffer is drained. */
    final void finish() {
        if (done) {
            return;
        }
        done = true;
        signal();
    }

    /** Ends downstream with {@code e}: after what is buffered, or at once, discarding it. */
    final void fail(Throwable e, boolean discardBuffered) {
        if (done) {
            return;
        }
        error = e;
        discardOnError = discardBuffered;
        done = true;
        signal();
    }

    final boolean isCancelled() {
        return cancelled;
    }

    final boolean isDone() {
        return done;
    }

    /** Outstanding downstream demand. */
    final long requested() {
        return requested;
    }

    /** Schedules a drain on the worker unless one is running or queued. */
    final void signal() {
        if (WIP.getAndIncrement(this) == 0) {
            try {
                worker.schedule(this);
            } catch (RejectedExecutionException e) { // the delivery scheduler was shut down
                cancelled = true;
                onCancel();
                queue.clear();
                release();
                actual.onError(e);
            }
        }
    }

    // ---------------------------------------------------------------- hooks

    /** Cancels upstream work (a subscription, a queued page); called once, from the cancelling thread. */
    abstract void onCancel();

    /** Called once when this relay ends: cancelled, or its terminal signal delivered. */
    void released() {}

    /** Called on the worker before and after each drain pass; may ask for more input. */
    void refill() {}

    /** Counts items delivered by one drain pass. */
    void delivered(long count) {}

    private void release() {
        if (RELEASED.compareAndSet(this, 0, 1)) {
            released();
        }
    }

    // ---------------------------------------------------------------- consumer side (worker)

    @Override
    public final void request(long n) {
        if (Operators.validate(n)) {
            Operators.addCap(REQUESTED, this, n);
            VarHandle.fullFence();
            signal();
        }
    }

    @Override
    public final void cancel() {
        if (cancelled || released != 0) {
            return;
        }
        cancelled = true;
        onCancel();
        if (WIP.getAndIncrement(this) == 0) {
            queue.clear();
            worker.dispose();
        }
        release();
    }

    /** The drain loop: delivers up to the demand, then terminates once the buffer is empty and done. */
    @Override
    public final void run() {
        int missed = 1;
        for (; ; ) {
            if (!cancelled) {
                refill();
            }
            long r = requested;
            long e = 0;
            boolean over = false;
            while (e != r && !over) {
                boolean d = done;
                T item = queue.poll();
                over = terminated(d, item == null);
                if (item == null) {
                    break;
                }
                if (!over) {
                    actual.onNext(item);
                    e++;
                }
            }
            over = over || (e == r && terminated(done, queue.isEmpty()));
            if (e != 0) {
                Operators.produced(REQUESTED, this, e);
                delivered(e);
            }
            if (over) {
                return;
            }
            if (!cancelled) {
                refill();
            }
            missed = WIP.addAndGet(this, -missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private boolean terminated(boolean d, boolean empty) {
        if (cancelled) {
            queue.clear();
            worker.dispose();
            return true; // cancel() released it
        }
        if (!d) {
            return false;
        }
        Throwable e = error;
        if (e != null && (discardOnError || empty)) {
            queue.clear();
            worker.dispose();
            release();
            actual.onError(e);
            return true;
        }
        if (e == null && empty) {
            worker.dispose();
            release();
            actual.onComplete();
            return true;
        }
        return false;
    }

    @Override
    @SuppressWarnings("rawtypes") // Scannable declares it with the raw type
    public @Nullable Object scanUnsafe(Attr key) {
        if (key == Attr.BUFFERED) {
            return queue.size();
        }
        if (key == Attr.CAPACITY) {
            return capacity;
        }
        if (key == Attr.REQUESTED_FROM_DOWNSTREAM) {
            return requested;
        }
        if (key == Attr.CANCELLED) {
            return cancelled;
        }
        if (key == Attr.TERMINATED) {
            return done && queue.isEmpty();
        }
        if (key == Attr.ERROR) {
            return error;
        }
        if (key == Attr.ACTUAL) {
            return Scannable.from(actual);
        }
        if (key == Attr.RUN_ON) {
            return worker;
        }
        return null;
    }
}
