package io.nat64.gateway.peer;

import io.nat64.core.instance.Instance;
import io.nat64.core.session.SessionMutation;
import io.nat64.streams.session.AdvertiseOptions;
import io.nat64.streams.session.SessionAdvertise;
import io.nat64.streams.sync.CatchUpRecords;
import io.nat64.streams.sync.codec.SyncCodec;
import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * A {@link PeerFeed} over an instance of this process: {@link SessionAdvertise#replayThenLive()} (the table,
 * then the live mutations, none lost; removals left out, as Jool does not sync deaths), cut into batches of at
 * most {@code maxRecords} (a batch leaves when full or {@code flushDelay} after its first session), each session
 * once, its latest copy, with its remaining lifetime when the batch is cut ({@link CatchUpRecords}), encoded as {@code nat64} datagrams of node {@code nodeId}
 * numbered from 0 per subscriber. This is what the daemon's {@code sync.catchup} route serves.
 *
 * <p>Backpressure: batches are cut only as the subscriber asks for them ({@code bufferTimeout} with fair
 * backpressure, which holds at most four batches ahead); the advertise operator's buffer ({@link
 * AdvertiseOptions#bufferSize()}) is the only other queue. Live updates that overflow it restart the catch-up
 * (a resync, {@link #resyncs()}): a subscriber slower than the churn costs re-sent sessions, never memory; after
 * {@link AdvertiseOptions#maxResyncs()} resyncs without a complete catch-up its stream ends with an overflow error
 * and it reconnects.
 *
 * <pre>{@code
 * PeerServer.start(options, InstanceFeed.of(instance, nodeId, 1024, Duration.ofMillis(100)), stats);
 * }</pre>
 */
public final class InstanceFeed implements PeerFeed {
    private final Instance instance;
    private final long nodeId;
    private final int maxRecords;
    private final Duration flushDelay;
    private final SessionAdvertise advertise;

    private InstanceFeed(
            Instance instance, long nodeId, int maxRecords, Duration flushDelay, AdvertiseOptions advertise) {
        if (maxRecords < 1 || maxRecords > SyncCodec.nat64(nodeId).maxRecords()) {
            throw new IllegalArgumentException(
                    "a batch holds 1 to " + SyncCodec.nat64(nodeId).maxRecords() + " sessions, not " + maxRecords);
        }
        PeerServerOptions.positive("flush delay", flushDelay);
        this.instance = instance;
        this.nodeId = nodeId;
        this.maxRecords = maxRecords;
        this.flushDelay = flushDelay;
        this.advertise = SessionAdvertise.of(instance, advertise);
    }

    /** The feed of {@code instance} with the default advertise options. */
    public static InstanceFeed of(Instance instance, long nodeId, int maxRecords, Duration flushDelay) {
        return new InstanceFeed(instance, nodeId, maxRecords, flushDelay, AdvertiseOptions.defaults());
    }

    /** The feed of {@code instance}, paging the catch-up as {@code advertise} says. */
    public static InstanceFeed of(
            Instance instance, long nodeId, int maxRecords, Duration flushDelay, AdvertiseOptions advertise) {
        return new InstanceFeed(instance, nodeId, maxRecords, flushDelay, advertise);
    }

    @Override
    public Flux<byte[]> open(String subscriber) {
        return Flux.defer(() -> {
            SyncCodec codec = SyncCodec.nat64(nodeId);
            return advertise
                    .replayThenLive()
                    .filter(m -> m.kind() != SessionMutation.Kind.REMOVED)
                    .bufferTimeout(maxRecords, flushDelay, true)
                    .map(batch -> CatchUpRecords.of(batch, instance.now()))
                    .filter(records -> !records.isEmpty())
                    .map(codec::encode);
        });
    }

    /**
     * How many times a subscriber's live updates overflowed its buffer and its catch-up restarted (all
     * subscribers): the price of a subscriber slower than the churn, paid in re-sent sessions, not in memory.
     */
    public long resyncs() {
        return advertise.resyncs();
    }
}
