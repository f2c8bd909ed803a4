package io.nat64.streams.sync;

import io.nat64.core.config.Globals;
import io.nat64.core.session.Session;
import io.nat64.core.session.SessionMutation;
import io.nat64.streams.sync.codec.SyncRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;

/**
 * The sync queue of one {@link ReplicationSink#batches} subscription: distinct sessions in the order they were
 * first queued, each holding its latest copy. Owner thread ({@code scheduler}) only, except {@link #cancel}.
 */
final class SyncQueue {
    private static final Logger log = LoggerFactory.getLogger(SyncQueue.class);

    private final FluxSink<List<SyncRecord>> out;
    private final Scheduler scheduler;
    private final Supplier<Globals> globals;
    private final int maxRecords;
    private final SyncStats stats;
    private final LinkedHashMap<SessionKey, Queued> queue = new LinkedHashMap<>();

    private volatile @Nullable Disposable upstream;
    private volatile @Nullable Disposable timer;
    private volatile boolean cancelled;
    private long timerAt = Long.MIN_VALUE;
    private boolean completing;
    private boolean draining;
    private boolean drainAgain;
    private boolean warnedFull;

    SyncQueue(
            FluxSink<List<SyncRecord>> out,
            Scheduler scheduler,
            Supplier<Globals> globals,
            int maxRecords,
            SyncStats stats) {
        this.out = out;
        this.scheduler = scheduler;
        this.globals = globals;
        this.maxRecords = maxRecords;
        this.stats = stats;
    }

    void start(Flux<SessionMutation> mutations) {
        out.onRequest(n -> schedule());
        out.onDispose(this::cancel);
        upstream = mutations.subscribe(this::onMutation, this::onError, this::onComplete);
        if (cancelled) {
            cancel();
        }
    }

    /** Any thread: stops listening; the owner sees the flag at its next step. */
    private void cancel() {
        cancelled = true;
        Disposable u = upstream;
        if (u != null) {
            u.dispose();
        }
        Disposable t = timer;
        if (t != null) {
            t.dispose();
        }
    }

    private void schedule() {
        if (!cancelled) {
            try {
                scheduler.schedule(this::drain);
            } catch (RuntimeException e) { // the owner is gone (instance shut down): nothing left to send
                log.debug("sync queue: owner scheduler refused the drain", e);
            }
        }
    }

    void onMutation(SessionMutation m) {
        if (cancelled || m.fromPeer() || m.kind() == SessionMutation.Kind.REMOVED) {
            return;
        }
        Globals g = globals.get();
        if (!g.ssEnabled()) {
            queue.clear();
            return;
        }
        Session s = m.session();
        long now = now();
        long remaining = s.expiresAt() - m.at();
        SessionKey key = SessionKey.of(s);
        Queued q = queue.get(key);
        if (q != null) {
            q.session = s;
            q.remaining = remaining;
            q.copiedAt = now;
            stats.inc(SyncCounter.SSS_QUEUED);
            stats.inc(SyncCounter.SSS_DEDUPLICATED);
            return;
        }
        if (queue.size() >= g.ssCapacity()) {
            stats.inc(SyncCounter.SSS_ENOSPC);
            if (!warnedFull) {
                warnedFull = true;
                log.warn(
                        "joold: Too many sessions deferred! I need to drop some; sorry. (ss-capacity {})",
                        g.ssCapacity());
            }
            return;
        }
        queue.put(key, new Queued(s, remaining, now));
        stats.inc(SyncCounter.SSS_QUEUED);
        if (queue.size() >= perDatagram(g) || queue.size() == 1) {
            drain();
        }
    }

    private void onError(Throwable e) {
        if (!cancelled) {
            out.error(e);
        }
    }

    private void onComplete() {
        completing = true;
        drain();
    }

    /** Emits every batch that is due, while downstream has demand; then arms the deadline timer. */
    void drain() {
        if (draining) {
            drainAgain = true;
            return;
        }
        draining = true;
        try {
            do {
                drainAgain = false;
                drainOnce();
            } while (drainAgain && !cancelled);
        } finally {
            draining = false;
        }
    }

    private void drainOnce() {
        if (cancelled) {
            queue.clear();
            return;
        }
        Globals g = globals.get();
        int per = perDatagram(g);
        long deadline = g.ssFlushDeadline();
        long now = now();
        while (!queue.isEmpty() && out.requestedFromDownstream() > 0 && !cancelled) {
            Queued head = queue.values().iterator().next();
            boolean full = queue.size() >= per;
            boolean due = completing || now - head.queuedAt >= deadline;
            if (!full && !due) {
                break;
            }
            List<SyncRecord> batch = cut(per, now);
            if (!batch.isEmpty()) {
                stats.add(SyncCounter.SSS_SENT, batch.size());
                stats.inc(SyncCounter.PKT_SENT);
                out.next(batch);
            }
        }
        if (completing && queue.isEmpty()) {
            out.complete();
            return;
        }
        arm(now, deadline);
    }

    private List<SyncRecord> cut(int per, long now) {
        List<SyncRecord> batch = new ArrayList<>(Math.min(per, queue.size()));
        Iterator<Queued> it = queue.values().iterator();
        for (int i = 0; i < per && it.hasNext(); i++) {
            Queued q = it.next();
            it.remove();
            long remaining = q.remaining - (now - q.copiedAt);
            if (remaining > 0) {
                batch.add(SyncRecord.of(q.session, remaining));
            } else {
                stats.inc(SyncCounter.SSS_EXPIRED_IN_QUEUE);
            }
        }
        return batch;
    }

    /** Keeps one timer, at the oldest session's deadline; none when the queue is empty or already due. */
    private void arm(long now, long deadline) {
        long at = queue.isEmpty() ? Long.MIN_VALUE : queue.values().iterator().next().queuedAt + deadline;
        if (at == timerAt && timer != null) {
            return;
        }
        Disposable old = timer;
        if (old != null) {
            old.dispose();
            timer = null;
        }
        timerAt = Long.MIN_VALUE;
        if (at > now && !cancelled) {
            timerAt = at;
            timer = scheduler.schedule(this::onTimer, at - now, TimeUnit.MILLISECONDS);
        }
    }

    private void onTimer() {
        timer = null;
        timerAt = Long.MIN_VALUE;
        drain();
    }

    private int perDatagram(Globals g) {
        return Math.min(g.ssMaxSessionsPerPacket(), maxRecords);
    }

    private long now() {
        return scheduler.now(TimeUnit.MILLISECONDS);
    }

    /** A queued session: its latest copy, when that copy was taken, and when the session was first queued. */
    private static final class Queued {
        Session session;
        long remaining;
        long copiedAt;
        final long queuedAt;

        Queued(Session session, long remaining, long now) {
            this.session = session;
            this.remaining = remaining;
            this.copiedAt = now;
            this.queuedAt = now;
        }
    }
}
