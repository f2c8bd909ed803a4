package io.nat64.streams.sync;

import io.nat64.core.config.Globals;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.SessionMutation;
import io.nat64.streams.session.AdvertiseOptions;
import io.nat64.streams.session.SessionAdvertise;
import io.nat64.streams.sync.codec.SyncCodec;
import io.nat64.streams.sync.codec.SyncRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The daemon's side of session synchronisation for one instance, where the network side runs in another process
 * (the session proxy, or a peer over RSocket): Jool's kernel joold. It hands out batches of records (live, with
 * advertisements spliced in, or catch-up then live) and merges what the other side received from the network.
 * Who encodes datagrams is the other side: it owns the node id and the sequence numbers.
 *
 * <p>Threading: any thread. Batches are built on the instance's owner ({@link ReplicationSink}); merges run as one
 * owner task per datagram ({@link ReplicationSource}).
 *
 * <pre>{@code
 * InstanceSync sync = InstanceSync.of(instance);
 * sync.live().map(RecordFrame::encode)...;          // to the proxy
 * sync.merge(SyncCodec.nat64(proxyNodeId), datagrams).subscribe();  // from the proxy
 * sync.advertise().block();                         // nat64 session advertise
 * }</pre>
 */
public final class InstanceSync {
    private final Instance instance;
    private final SyncStats stats;
    private final ReplicationSink sink;
    private final int maxRecords;
    private final Set<LiveSubscriber> liveSubscribers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean advertising = new AtomicBoolean();

    private final AdvertiseOptions catchUpOptions;
    private final AdvertiseOptions advertiseOptions;

    /**
     * The default pace of {@link #advertise()}, in sessions per second: about what a peer on a loaded 2-core
     * machine merges (300,000 to 450,000/s measured), the rest held by its proxy's queue (docs/benchmarks.md,
     * "Session synchronisation"). UDP has no flow control: a replay much faster than the peers merge fills their
     * queues, then is dropped. Jool has no such knob (it sends as fast as its queue drains).
     */
    public static final long DEFAULT_ADVERTISE_RATE = 400_000;

    /**
     * The default pace of {@link #catchUp()} while the node carries traffic (a packet or a merge within 50 ms), in
     * sessions per second: a catch-up reads the table on the owner thread and is encoded in the daemon's JVM, 0.4 to
     * 0.7 us of CPU per session in all, so at this pace it takes about 5 to 7% of a saturated translator's CPU. The
     * trade-off is the catch-up's length under traffic: 1,000,000 sessions take at least 10 s here, 20 s at 50,000/s,
     * which measured no better for the translator's rate (docs/benchmarks.md "Peer replication over RSocket", "Sixth
     * pass"). On an idle node the dump is not paced: 1,000,000 sessions land in about 2.5 s.
     */
    public static final long DEFAULT_CATCHUP_RATE = 100_000;

    private InstanceSync(
            Instance instance,
            SyncStats stats,
            int maxRecords,
            AdvertiseOptions options,
            long advertiseRate,
            long catchUpRate) {
        this.instance = instance;
        this.stats = stats;
        this.sink = ReplicationSink.of(instance, maxRecords, stats);
        this.maxRecords = maxRecords;
        this.catchUpOptions = catchUpRate == 0 ? options : options.withRate(catchUpRate);
        this.advertiseOptions = options.withRate(advertiseRate);
    }

    /** The sync side of {@code instance}, with batches no larger than the {@code nat64} format holds. */
    public static InstanceSync of(Instance instance) {
        return of(instance, AdvertiseOptions.defaults());
    }

    /**
     * As {@link #of(Instance)}, paging the table for catch-up as {@code options} say (their own page interval: no
     * rate of ours), and for advertise the same at {@link #DEFAULT_ADVERTISE_RATE}.
     */
    public static InstanceSync of(Instance instance, AdvertiseOptions options) {
        return of(instance, options, DEFAULT_ADVERTISE_RATE, 0);
    }

    /**
     * As {@link #of(Instance, AdvertiseOptions)}, with {@link #advertise()} paced at {@code advertiseRate} sessions
     * per second at most (0: as fast as the proxies take them).
     */
    public static InstanceSync of(Instance instance, AdvertiseOptions options, long advertiseRate) {
        return of(instance, options, advertiseRate, 0);
    }

    /**
     * As {@link #of(Instance, AdvertiseOptions, long)}, with {@link #catchUp()} paced at {@code catchUpRate}
     * sessions per second at most (0: {@code options}' own page interval).
     */
    public static InstanceSync of(Instance instance, AdvertiseOptions options, long advertiseRate, long catchUpRate) {
        if (catchUpRate < 0) {
            throw new IllegalArgumentException("catch-up rate cannot be negative: " + catchUpRate);
        }
        return new InstanceSync(
                instance, new SyncStats(), SyncCodec.nat64(1).maxRecords(), options, advertiseRate, catchUpRate);
    }

    /** The pace of {@link #advertise()}, sessions per second at most; 0 when unpaced. */
    public long advertiseRate() {
        return advertiseOptions.rate();
    }

    /** The pace of {@link #catchUp()}'s table dump while the translator is busy, sessions per second at most; 0 when unpaced. */
    public long catchUpRate() {
        return catchUpOptions.rate();
    }

    /** Its counters (sink and source). */
    public SyncStats stats() {
        return stats;
    }

    /** The instance. */
    public Instance instance() {
        return instance;
    }

    /**
     * The live batches ({@link ReplicationSink#whileEnabled}), with every {@link #advertise} spliced in, for one
     * subscriber: honours its demand; ss-capacity bounds what waits. Refused with Jool's message when ss-enabled
     * is false at subscription.
     */
    public Flux<List<SyncRecord>> live() {
        return Flux.defer(() -> {
            requireEnabled();
            LiveSubscriber subscriber = new LiveSubscriber();
            liveSubscribers.add(subscriber);
            return Flux.merge(
                            sink.whileEnabled(instance), subscriber.ads.asFlux().concatMap(f -> f))
                    .doFinally(s -> {
                        liveSubscribers.remove(subscriber);
                        subscriber.gone.tryEmitEmpty();
                        synchronized (subscriber) {
                            subscriber.ads.tryEmitComplete();
                        }
                    });
        });
    }

    /**
     * The whole table then the live updates, with none lost in between ({@link SessionAdvertise#catchUpThenLive}),
     * in batches of up to one page of the dump (its options' page size, at most what a {@code nat64} datagram holds)
     * cut as demand allows, a partial batch leaving after ss-flush-deadline ms, each holding one copy per session,
     * its latest ({@link CatchUpRecords}). Not ss-max-sessions-per-packet: that sizes UDP datagrams, and a
     * catch-up goes to a peer over TCP, where a frame per few sessions costs a write and a wake-up at both ends. For a peer that joins: unlike {@link #live()}, a slow subscriber makes the dump
     * restart rather than losing sessions. The dump runs as fast as the subscriber takes it while the node is
     * idle, and at {@link #catchUpRate()} within 50 ms of a packet translated or a merge that changed the table
     * ({@link io.nat64.core.instance.PacketPath#BUSY_MILLIS}), so that it takes what the owner has to spare; the live
     * part is not paced. Refused when ss-enabled is false.
     */
    public Flux<List<SyncRecord>> catchUp() {
        return Flux.defer(() -> {
            requireEnabled();
            Globals g = instance.globals();
            int perBatch = Math.min(maxRecords, catchUpOptions.pageSize());
            Duration deadline = Duration.ofMillis(Math.max(1, g.ssFlushDeadline()));
            return SessionAdvertise.of(instance, catchUpOptions)
                    .replayThenLive()
                    .filter(m -> !m.fromPeer() && m.kind() != SessionMutation.Kind.REMOVED)
                    // the deadline's timer on the delivery side: a partial batch is cut and encoded there, never on
                    // the translator's owner thread
                    .bufferTimeout(perBatch, deadline, catchUpOptions.deliverOn(), true)
                    .map(batch -> CatchUpRecords.of(batch, instance.owner().now(TimeUnit.MILLISECONDS)))
                    .filter(batch -> !batch.isEmpty())
                    .doOnNext(batch -> {
                        stats.add(SyncCounter.SSS_SENT, batch.size());
                        stats.inc(SyncCounter.PKT_SENT);
                    });
        });
    }

    /**
     * Jool's {@code session advertise}: every session, in batches, into each current {@link #live()} subscriber;
     * emits how many sessions went to the first of them (0 when none is connected) once all are handed over.
     * Refused when ss-enabled is false ("Session sync is disabled on this instance.") or while another runs
     * ("joold advertisement already in progress."). Paced at {@link #advertiseRate()}.
     */
    public Mono<Long> advertise() {
        return Mono.defer(() -> {
            requireEnabled();
            if (!advertising.compareAndSet(false, true)) {
                return Mono.error(new IllegalStateException("joold advertisement already in progress."));
            }
            List<Mono<Long>> done = new ArrayList<>();
            for (LiveSubscriber subscriber : liveSubscribers) {
                Sinks.One<Long> counted = Sinks.one();
                long[] n = {0};
                Flux<List<SyncRecord>> replay = sink.replay(
                                SessionAdvertise.of(instance, advertiseOptions).replay())
                        .doOnNext(b -> n[0] += b.size())
                        .doFinally(s -> counted.tryEmitValue(n[0]));
                synchronized (subscriber) {
                    if (subscriber.ads.tryEmitNext(replay).isSuccess()) {
                        // A subscriber that leaves before its replay ran counts 0 (and does not hold us up).
                        done.add(Mono.firstWithSignal(
                                counted.asMono(), subscriber.gone.asMono().thenReturn(0L)));
                    }
                }
            }
            if (done.isEmpty()) {
                advertising.set(false);
                return Mono.just(0L);
            }
            return Flux.concat(done).collectList().map(l -> l.get(0)).doFinally(s -> advertising.set(false));
        });
    }

    /**
     * Merges the datagrams another process received from the network: decoded with {@code codec} (the sender's
     * format, with its node id so its own looped-back datagrams are refused), validated and counted as
     * {@link ReplicationSource} does; merged sessions are {@code fromPeer}, never sent again. Completes when
     * {@code datagrams} does. Refused when ss-enabled is false at subscription.
     */
    public Mono<Void> merge(SyncCodec codec, Flux<byte[]> datagrams) {
        return Mono.defer(() -> {
            requireEnabled();
            return ReplicationSource.create(codec, MergeTarget.of(instance), stats)
                    .run(datagrams);
        });
    }

    /**
     * As {@link #merge}, for {@link io.nat64.streams.sync.codec.DatagramFrame}s of several datagrams each (what a
     * session proxy sends): one owner task per frame. Errors on a malformed frame.
     */
    public Mono<Void> mergeFrames(SyncCodec codec, Flux<byte[]> frames) {
        return Mono.defer(() -> {
            requireEnabled();
            return ReplicationSource.create(codec, MergeTarget.of(instance), stats)
                    .runFrames(frames);
        });
    }

    /** One {@link #live()} subscription: where advertisements go, and whether it has ended. */
    private static final class LiveSubscriber {
        final Sinks.Many<Flux<List<SyncRecord>>> ads = Sinks.many().unicast().onBackpressureBuffer();
        final Sinks.Empty<Void> gone = Sinks.empty();
    }

    private void requireEnabled() {
        if (!instance.globals().ssEnabled()) {
            throw new IllegalStateException("Session sync is disabled on this instance.");
        }
    }
}
