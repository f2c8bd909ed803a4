package io.nat64.gateway.peer;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** The live counters behind one {@link PeerSnapshot}; written by the link's event loop, read by anyone. */
final class PeerLink {
    private final String peer;
    private final PeerSnapshot.Direction direction;
    private final Clock clock;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong catchUps = new AtomicLong();
    private final AtomicLong resumptions = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong sessions = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong setupsRejected = new AtomicLong();
    private volatile long lastBatchAt = -1;
    private volatile @Nullable String lastError;

    PeerLink(String peer, PeerSnapshot.Direction direction, Clock clock) {
        this.peer = peer;
        this.direction = direction;
        this.clock = clock;
    }

    void opened() {
        open.incrementAndGet();
        connects.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }

    void catchUp() {
        catchUps.incrementAndGet();
    }

    void resumed() {
        resumptions.incrementAndGet();
    }

    void batch(int sessionCount, int byteCount) {
        batches.incrementAndGet();
        sessions.addAndGet(sessionCount);
        bytes.addAndGet(byteCount);
        lastBatchAt = clock.millis();
    }

    void rejected() {
        rejected.incrementAndGet();
    }

    void lost(long n) {
        lost.addAndGet(n);
    }

    void setupRejected() {
        setupsRejected.incrementAndGet();
    }

    void error(String message) {
        lastError = message;
    }

    PeerSnapshot snapshot(long now) {
        long at = lastBatchAt;
        return new PeerSnapshot(
                peer,
                direction,
                open.get() > 0,
                connects.get(),
                catchUps.get(),
                resumptions.get(),
                batches.get(),
                sessions.get(),
                bytes.get(),
                rejected.get(),
                lost.get(),
                setupsRejected.get(),
                at < 0 ? -1 : Math.max(0, now - at),
                lastError);
    }
}
