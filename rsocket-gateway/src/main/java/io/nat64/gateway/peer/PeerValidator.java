package io.nat64.gateway.peer;

import io.nat64.streams.sync.SyncCounter;
import io.nat64.streams.sync.SyncStats;
import io.nat64.streams.sync.codec.Decoded;
import io.nat64.streams.sync.codec.Rejection;
import io.nat64.streams.sync.codec.SyncBatch;
import io.nat64.streams.sync.codec.SyncCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks what a peer sends before it is merged, as a multicast datagram is checked: decoded with this node's
 * {@code nat64} codec (a bad datagram, or this node's own, is refused whole and counted by reason in {@link
 * SyncStats}), then its sequence number compared with the previous one of the same stream (a gap counts
 * {@link SyncCounter#PKT_LOST}, a repeat or step back {@link SyncCounter#PKT_REORDERED}).
 *
 * <p>Threading: one writer, the subscription's serialised stream; {@link #newStream()} when a fresh stream starts
 * (its numbers start again).
 */
final class PeerValidator {
    private static final Logger log = LoggerFactory.getLogger(PeerValidator.class);

    private final SyncCodec codec;
    private final SyncStats sync;
    private final PeerLink link;
    private long node;
    private long last = -1;

    PeerValidator(long localNodeId, SyncStats sync, PeerLink link) {
        this.codec = SyncCodec.nat64(localNodeId);
        this.sync = sync;
        this.link = link;
    }

    void newStream() {
        last = -1;
    }

    /** Whether {@code datagram} may be merged; counts it either way. */
    boolean accept(byte[] datagram) {
        Decoded decoded = codec.decode(datagram);
        if (decoded instanceof Rejection rejection) {
            sync.inc(SyncCounter.rejected(rejection.reason()));
            link.rejected();
            log.debug("peer batch of {} bytes refused: {}", datagram.length, rejection);
            return false;
        }
        SyncBatch batch = (SyncBatch) decoded;
        observe(batch.nodeId(), batch.sequence());
        sync.inc(SyncCounter.PKT_RCVD);
        sync.add(SyncCounter.SSS_RCVD, batch.records().size());
        link.batch(batch.records().size(), datagram.length);
        return !batch.records().isEmpty();
    }

    private void observe(long sender, long sequence) {
        if (last < 0 || sender != node) {
            node = sender; // a new stream, or the peer's daemon restarted with a new id
            last = sequence;
            return;
        }
        long ahead = (sequence - last) & 0xffff_ffffL;
        if (ahead != 0 && ahead < 0x8000_0000L) {
            if (ahead > 1) {
                sync.add(SyncCounter.PKT_LOST, ahead - 1);
                link.lost(ahead - 1);
            }
            last = sequence;
        } else {
            sync.inc(SyncCounter.PKT_REORDERED);
        }
    }
}
