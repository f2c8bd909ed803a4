package io.nat64.streams.sync;

import io.nat64.core.session.MergeResult;
import io.nat64.streams.sync.codec.DatagramFrame;
import io.nat64.streams.sync.codec.Decoded;
import io.nat64.streams.sync.codec.Rejection;
import io.nat64.streams.sync.codec.SyncBatch;
import io.nat64.streams.sync.codec.SyncCodec;
import io.nat64.streams.sync.codec.SyncRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Receives peers' sync datagrams and merges them into the local tables (Jool's {@code joold_sync}).
 *
 * <p>A datagram is decoded and validated on the thread that delivers it; a bad one (see {@link
 * io.nat64.streams.sync.codec.RejectReason}) is counted by reason and touches nothing else. A good one goes to the
 * {@link MergeTarget} whole (one owner-thread task per datagram), and each record's {@link MergeResult} is
 * counted. Merged sessions are published {@code fromPeer}, so the sink never sends them back. A mask clash
 * (Active/Active, or nodes configured differently) is logged once per peer node ({@code jool} format: once).
 *
 * <p>Backpressure: {@link #run} keeps at most {@value #IN_FLIGHT} datagrams queued on the owner thread and
 * requests more only as they are merged; beyond that the transport stops reading, the socket buffer holds
 * what comes, and past it the network drops, which {@code nat64} sequence numbers count as
 * {@link SyncCounter#PKT_LOST}. {@link #runFrames} does the same with {@link DatagramFrame}s of several datagrams,
 * each frame merged in one owner task ({@value #FRAMES_IN_FLIGHT} frames in flight).
 *
 * <pre>{@code
 * ReplicationSource source = ReplicationSource.create(codec, MergeTarget.of(instance), stats);
 * Disposable receiving = source.run(transport.receive()).subscribe();
 * }</pre>
 */
public final class ReplicationSource {
    /** Datagrams handed to the owner thread and not yet merged, at most. */
    public static final int IN_FLIGHT = 16;
    /**
     * Frames of datagrams handed to the owner thread and not yet merged, at most: with frames of 32 KiB (about 870
     * sessions, 2 to 3 ms of merging) the owner has at most about 10 ms of merges queued ahead of a packet batch.
     */
    public static final int FRAMES_IN_FLIGHT = 4;

    private static final Logger log = LoggerFactory.getLogger(ReplicationSource.class);
    private static final int MAX_LOGGED_NODES = 1024;

    private final SyncCodec codec;
    private final MergeTarget target;
    private final SyncStats stats;
    private final PeerSequences sequences;
    private final Set<Long> clashLogged = ConcurrentHashMap.newKeySet();

    private ReplicationSource(SyncCodec codec, MergeTarget target, SyncStats stats) {
        this.codec = codec;
        this.target = target;
        this.stats = stats;
        this.sequences = new PeerSequences(stats);
    }

    /** A source decoding with {@code codec} (whose node id is ours) into {@code target}, counting in {@code stats}. */
    public static ReplicationSource create(SyncCodec codec, MergeTarget target, SyncStats stats) {
        return new ReplicationSource(codec, target, stats);
    }

    /** Merges every datagram of {@code datagrams}; completes when they do. */
    public Mono<Void> run(Flux<byte[]> datagrams) {
        return datagrams.flatMap(this::accept, IN_FLIGHT).then();
    }

    /**
     * Merges the datagrams of every {@link DatagramFrame} of {@code frames}, a frame per owner task; completes when
     * they do, errors on a frame whose lengths do not add up (the sender is broken, not the network).
     */
    public Mono<Void> runFrames(Flux<byte[]> frames) {
        return frames.flatMap(this::acceptFrame, FRAMES_IN_FLIGHT).then();
    }

    /** Decodes a frame's datagrams here and merges the valid ones in one owner task; emits how many were merged. */
    public Mono<Integer> acceptFrame(byte[] frame) {
        List<byte[]> datagrams = DatagramFrame.decode(frame);
        if (datagrams == null) {
            return Mono.error(new IllegalArgumentException(
                    "sync.merge: a frame of " + frame.length + " bytes whose datagram lengths do not add up"));
        }
        List<SyncBatch> batches = new ArrayList<>(datagrams.size());
        for (byte[] d : datagrams) {
            SyncBatch b = decode(d);
            if (b != null) {
                batches.add(b);
            }
        }
        if (batches.isEmpty()) {
            return Mono.just(0);
        }
        return target.mergeAll(batches).map(tallies -> {
            for (int i = 0; i < tallies.size(); i++) {
                count(batches.get(i), tallies.get(i));
            }
            return tallies.size();
        });
    }

    private @Nullable SyncBatch decode(byte[] datagram) {
        Decoded decoded = codec.decode(datagram);
        if (decoded instanceof Rejection rejection) {
            stats.inc(SyncCounter.rejected(rejection.reason()));
            log.debug("sync datagram of {} bytes refused: {}", datagram.length, rejection);
            return null;
        }
        return (SyncBatch) decoded;
    }

    /**
     * Decodes {@code datagram} here and merges it; emits the tally, or nothing if it was refused (counted).
     * Never errors for bad bytes.
     */
    public Mono<MergeTally> accept(byte[] datagram) {
        SyncBatch batch = decode(datagram);
        if (batch == null) {
            return Mono.empty();
        }
        return target.merge(batch).doOnNext(tally -> count(batch, tally));
    }

    private void count(SyncBatch batch, MergeTally tally) {
        if (tally.disabled()) {
            stats.inc(SyncCounter.REJECTED_DISABLED);
            return;
        }
        if (batch.hasHeader()) {
            sequences.observe(batch.nodeId(), batch.sequence());
        }
        stats.inc(SyncCounter.PKT_RCVD);
        stats.add(SyncCounter.SSS_RCVD, batch.records().size());
        for (MergeResult r : MergeResult.values()) {
            stats.add(SyncCounter.merged(r), tally.count(r));
        }
        stats.add(SyncCounter.LIFETIME_CLAMPED, tally.clampedCount());
        SyncRecord clash = tally.firstClash();
        if (clash != null && clashLogged.size() < MAX_LOGGED_NODES && clashLogged.add(batch.nodeId())) {
            log.warn(
                    "We're out of sync: incoming session {}#{} -> {}#{} ({}) uses mask {}#{}, which clashes with a"
                            + " local BIB entry; local entry kept (node {}, logged once per node). Active/Active"
                            + " setups and differently configured nodes do this.",
                    clash.src6(),
                    clash.src6Port(),
                    clash.dst4(),
                    clash.dst4Port(),
                    clash.protocol(),
                    clash.src4(),
                    clash.src4Port(),
                    batch.hasHeader() ? Long.toHexString(batch.nodeId()) : "unknown (jool format)");
        }
    }
}
