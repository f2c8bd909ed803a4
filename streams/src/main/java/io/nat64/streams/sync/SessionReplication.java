package io.nat64.streams.sync;

import io.nat64.core.instance.Instance;
import io.nat64.core.session.SessionMutation;
import io.nat64.streams.sync.codec.SyncCodec;
import io.nat64.streams.sync.codec.SyncRecord;
import io.nat64.streams.sync.net.SyncTransport;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Session synchronisation of one instance over one transport, both ways: the instance's batches (live, and
 * advertisements) are encoded and sent; datagrams received are validated and merged. This is what Jool's
 * kernel joold plus {@code session proxy} do together; a proxy process running apart from the daemon uses the
 * same pieces ({@link ReplicationSink}, {@link ReplicationSource}, a {@link SyncTransport}) on each side of the
 * gateway.
 *
 * <p>Encoding happens after the live and advertised batches are merged into one stream, so the {@code nat64}
 * sequence numbers follow the sending order.
 *
 * <pre>{@code
 * SessionReplication sync = SessionReplication.start(instance, SyncCodec.nat64(SyncCodec.randomNodeId()),
 *         MulticastTransport.open(MulticastConfig.parse("233.252.0.64", null, "192.0.2.1", "192.0.2.1", null)));
 * sync.advertise(SessionAdvertise.advertise(instance)).block();
 * }</pre>
 */
public final class SessionReplication implements Disposable {
    private static final Logger log = LoggerFactory.getLogger(SessionReplication.class);

    private final Instance instance;
    private final SyncStats stats;
    private final ReplicationSink sink;
    private final Sinks.Many<Flux<List<SyncRecord>>> advertisements =
            Sinks.many().unicast().onBackpressureBuffer();
    private final AtomicBoolean advertising = new AtomicBoolean();
    private final Disposable sending;
    private final Disposable receiving;

    private SessionReplication(Instance instance, SyncCodec codec, SyncTransport transport, SyncStats stats) {
        this.instance = instance;
        this.stats = stats;
        this.sink = ReplicationSink.of(instance, codec.maxRecords(), stats);
        Flux<byte[]> datagrams = Flux.merge(
                        sink.whileEnabled(instance), advertisements.asFlux().concatMap(f -> f))
                .map(codec::encode);
        this.sending = transport.send(datagrams).subscribe(null, e -> log.error("session sync: sending stopped", e));
        this.receiving = ReplicationSource.create(codec, MergeTarget.of(instance), stats)
                .run(transport.receive())
                .subscribe(null, e -> log.error("session sync: receiving stopped", e));
    }

    /** Starts syncing {@code instance} through {@code transport}, in {@code codec}'s format. */
    public static SessionReplication start(Instance instance, SyncCodec codec, SyncTransport transport) {
        return new SessionReplication(instance, codec, transport, new SyncStats());
    }

    /** As {@link #start(Instance, SyncCodec, SyncTransport)}, counting in {@code stats}. */
    public static SessionReplication start(
            Instance instance, SyncCodec codec, SyncTransport transport, SyncStats stats) {
        return new SessionReplication(instance, codec, transport, stats);
    }

    /** The counters. */
    public SyncStats stats() {
        return stats;
    }

    /**
     * Sends every live session of {@code sessions} (e.g. {@code SessionAdvertise.advertise(instance)}, the
     * instance's tables paged) to the peers, as Jool's
     * {@code session advertise}; completes when the last batch was handed to the transport. Refused while
     * another advertisement runs ("joold advertisement already in progress.") or when ss-enabled is false
     * ("Session sync is disabled on this instance.").
     */
    public Mono<Void> advertise(Flux<SessionMutation> sessions) {
        return Mono.defer(() -> {
            if (!instance.globals().ssEnabled()) {
                return Mono.error(new IllegalStateException("Session sync is disabled on this instance."));
            }
            if (!advertising.compareAndSet(false, true)) {
                return Mono.error(new IllegalStateException("joold advertisement already in progress."));
            }
            Sinks.Empty<Void> done = Sinks.empty();
            Flux<List<SyncRecord>> replay = sink.replay(sessions).doFinally(signal -> {
                advertising.set(false);
                done.tryEmitEmpty();
            });
            synchronized (advertisements) {
                if (advertisements.tryEmitNext(replay).isFailure()) {
                    advertising.set(false);
                    return Mono.error(new IllegalStateException("session sync is stopped"));
                }
            }
            return done.asMono();
        });
    }

    @Override
    public void dispose() {
        sending.dispose();
        receiving.dispose();
        advertisements.tryEmitComplete();
    }

    @Override
    public boolean isDisposed() {
        return sending.isDisposed() && receiving.isDisposed();
    }
}
