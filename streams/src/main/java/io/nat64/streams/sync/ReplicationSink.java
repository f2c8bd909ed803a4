package io.nat64.streams.sync;

import io.nat64.core.config.Globals;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.SessionMutation;
import io.nat64.streams.sync.codec.SyncRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;

/**
 * Turns an instance's session mutations into batches of {@link SyncRecord}s, one batch per sync datagram:
 * Jool's joold queue (jool-session.md 6.2), driven by the same globals, with its ACK replaced by Reactor
 * demand.
 *
 * <ul>
 *   <li>Sent: ADDED, UPDATED and REFRESHED mutations (core throttles refreshes to two or three per timeout per
 *       session). Ignored: removals (Jool does not sync deaths) and {@code fromPeer} mutations (no echo).
 *   <li>A batch leaves as soon as {@code ss-max-sessions-per-packet} sessions are queued, and at the latest
 *       {@code ss-flush-deadline} ms after the oldest queued session was queued (Jool instead waits for an
 *       ACK and checks the deadline only on its next packet or 2-second timer).
 *   <li>Deduplicated: a session queued again before its batch left is sent once, with its latest copy, in
 *       the place of its first copy (Jool queues every copy). The deadline counts from the first copy.
 *   <li>The remaining lifetime is taken when the batch leaves, not when the session was queued.
 *   <li>{@code ss-flush-asap} and {@code ss-max-payload} have no effect, as in Jool since 4.1.13/4.1.11.
 * </ul>
 *
 * <p>Backpressure: the mutation stream is hot and must never wait, so it is consumed without bound and the
 * only buffer is the sync queue, bounded by {@code ss-capacity} distinct sessions: a new session arriving when
 * it is full is dropped and counted ({@link SyncCounter#SSS_ENOSPC}), never blocking the owner thread. Batches
 * are emitted only while downstream has demand (Jool's "one batch in flight until ACKed", generalised); a
 * slow transport therefore fills the queue, not memory.
 *
 * <p>Threading: the queue is owned by {@code scheduler}'s thread, the instance's owner: mutations must be
 * delivered there (they are, by {@link Instance#mutations()}), the deadline timer runs there, and requests
 * from downstream are handed to it. Batches are emitted on it.
 *
 * <pre>{@code
 * ReplicationSink sink = ReplicationSink.of(instance, codec.maxRecords(), stats);
 * Flux<byte[]> datagrams = sink.whileEnabled(instance).map(codec::encode);
 * }</pre>
 */
public final class ReplicationSink {
    /** How often {@link #whileEnabled} reads ss-enabled (ms); core has no stream of global changes yet. */
    public static final long ENABLED_POLL_MILLIS = 250;

    private final Scheduler scheduler;
    private final Supplier<Globals> globals;
    private final int maxRecords;
    private final SyncStats stats;

    private ReplicationSink(Scheduler scheduler, Supplier<Globals> globals, int maxRecords, SyncStats stats) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1");
        }
        this.scheduler = scheduler;
        this.globals = globals;
        this.maxRecords = maxRecords;
        this.stats = stats;
    }

    /**
     * A sink whose queue lives on {@code scheduler}, reading the ss-* globals from {@code globals} at every
     * decision, with batches of at most {@code maxRecords} (the codec's limit) whatever ss-max-sessions-per-packet.
     */
    public static ReplicationSink create(
            Scheduler scheduler, Supplier<Globals> globals, int maxRecords, SyncStats stats) {
        return new ReplicationSink(scheduler, globals, maxRecords, stats);
    }

    /** A sink for {@code instance}: its owner scheduler and its globals. */
    public static ReplicationSink of(Instance instance, int maxRecords, SyncStats stats) {
        return create(instance.owner(), instance::globals, maxRecords, stats);
    }

    /**
     * The batches of {@code mutations}, while ss-enabled is true (a mutation arriving while it is false is
     * ignored, and the queue emptied). Each subscription has its own queue; cancelling discards it. When
     * {@code mutations} completes, what is queued leaves at once (as demand allows), then this completes.
     */
    public Flux<List<SyncRecord>> batches(Flux<SessionMutation> mutations) {
        return Flux.create(
                out -> {
                    SyncQueue queue = new SyncQueue(out, scheduler, globals, maxRecords, stats);
                    queue.start(mutations);
                },
                FluxSink.OverflowStrategy.BUFFER); // never used: emissions never exceed demand
    }

    /**
     * The batches of {@code instance}'s mutations, subscribed to only while its ss-enabled is true: read every
     * {@link #ENABLED_POLL_MILLIS} ms on the owner, so mutations in the first quarter second after enabling may
     * be missed (an advertise covers them). Disabling drops the queue.
     */
    public Flux<List<SyncRecord>> whileEnabled(Instance instance) {
        return Flux.interval(Duration.ZERO, Duration.ofMillis(ENABLED_POLL_MILLIS), instance.owner())
                .map(tick -> instance.globals().ssEnabled())
                .distinctUntilChanged()
                .switchMap(enabled -> enabled ? batches(instance.mutations()) : Flux.empty());
    }

    /**
     * An advertisement (Jool's {@code session advertise}): every session of {@code sessions} (e.g.
     * {@code SessionAdvertise.advertise(instance)}: each an ADDED mutation stamped with the time its page was
     * read) that is still alive, in batches of ss-max-sessions-per-packet, as fast as downstream asks for them.
     * It bypasses the queue and ss-capacity, as Jool's does, but is pulled, so a table of any size is paged,
     * never copied. The lifetime sent is what is left when the session is batched: the mutations' clock must be
     * {@code scheduler}'s (it is, in the daemon).
     */
    public Flux<List<SyncRecord>> replay(Flux<SessionMutation> sessions) {
        return Flux.defer(() -> {
            stats.inc(SyncCounter.ADS);
            return sessions.buffer(perDatagram(globals.get())).concatMapIterable(batch -> {
                long now = now();
                List<SyncRecord> records = new ArrayList<>(batch.size());
                for (SessionMutation m : batch) {
                    long remaining = m.session().expiresAt() - Math.max(m.at(), now);
                    if (remaining > 0) {
                        records.add(SyncRecord.of(m.session(), remaining));
                    }
                }
                return counted(records);
            });
        });
    }

    /** {@link #replay}, for copies whose lifetimes were already taken (e.g. in another process). */
    public Flux<List<SyncRecord>> replayRecords(Flux<SyncRecord> records) {
        return Flux.defer(() -> {
            stats.inc(SyncCounter.ADS);
            return records.filter(r -> r.remainingMillis() > 0)
                    .buffer(perDatagram(globals.get()))
                    .concatMapIterable(this::counted);
        });
    }

    private List<List<SyncRecord>> counted(List<SyncRecord> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        stats.add(SyncCounter.SSS_SENT, batch.size());
        stats.inc(SyncCounter.PKT_SENT);
        return List.of(batch);
    }

    int perDatagram(Globals g) {
        return Math.min(g.ssMaxSessionsPerPacket(), maxRecords);
    }

    private long now() {
        return scheduler.now(TimeUnit.MILLISECONDS);
    }
}
