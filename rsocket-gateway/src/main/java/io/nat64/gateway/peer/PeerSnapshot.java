package io.nat64.gateway.peer;

import org.jspecify.annotations.Nullable;

/**
 * One peer link's figures at a moment, for the proxy's stats server and metrics.
 *
 * @param peer the peer: {@code HOST:PORT} dialled (subscription), or the name a subscriber gave (served)
 * @param direction whether this node receives from the peer or serves it
 * @param connected whether a stream is open now: requested and not (yet) refused or ended; during a resumption
 *     attempt it still counts as open. A refused subscriber flickers on for the round trip of each attempt
 * @param connects connections made (subscription) or streams opened (served)
 * @param catchUps fresh streams, each starting with a catch-up of the whole table: streams opened (served), or
 *     streams that delivered at least one batch (subscription: an attempt that fails at once is not one)
 * @param resumptions cut connections resumed without loss (subscription only)
 * @param batches batches received and accepted (subscription) or sent (served)
 * @param sessions the sessions in them
 * @param bytes their bytes
 * @param rejectedBatches batches refused by validation (subscription only; counted by reason in {@link
 *     io.nat64.streams.sync.SyncStats})
 * @param lostBatches gaps in the peer's sequence numbers within one stream (subscription only)
 * @param setupsRejected times the peer refused this node's SETUP (subscription only)
 * @param lastBatchAgeMillis how long ago the last batch came or went, or -1 if none yet: the lag when the peer is
 *     busy
 * @param lastError the last failure of the link, meant for a person, or null
 */
public record PeerSnapshot(
        String peer,
        Direction direction,
        boolean connected,
        long connects,
        long catchUps,
        long resumptions,
        long batches,
        long sessions,
        long bytes,
        long rejectedBatches,
        long lostBatches,
        long setupsRejected,
        long lastBatchAgeMillis,
        @Nullable String lastError) {

    /** Which way a link carries sessions. */
    public enum Direction {
        /** This node subscribed ({@code --net.peer}) and receives. */
        SUBSCRIBED,
        /** A peer subscribed to this node ({@code --net.listen}) and is sent to. */
        SERVED
    }
}
