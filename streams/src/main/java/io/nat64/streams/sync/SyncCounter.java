package io.nat64.streams.sync;

import io.nat64.core.session.MergeResult;
import io.nat64.core.stats.Stat;
import io.nat64.streams.sync.codec.RejectReason;
import org.jspecify.annotations.Nullable;

/**
 * The counters of session synchronisation on one node. Those Jool has keep Jool's meaning and name its
 * {@link Stat}; the others (rejections by reason, merge outcomes, losses) are ours.
 */
public enum SyncCounter {
    SSS_QUEUED(Stat.JOOLD_SSS_QUEUED, "Sessions queued for synchronisation (a queued session's newer copy included)."),
    SSS_DEDUPLICATED(null, "Sessions whose queued copy was replaced by a newer one before it left (sent once)."),
    SSS_ENOSPC(Stat.JOOLD_SSS_ENOSPC, "Sessions dropped because the sync queue was full (ss-capacity)."),
    SSS_EXPIRED_IN_QUEUE(null, "Queued sessions whose lifetime ran out before their batch left (not sent)."),
    SSS_SENT(Stat.JOOLD_SSS_SENT, "Sessions sent to peers."),
    PKT_SENT(Stat.JOOLD_PKT_SENT, "Sync datagrams sent."),
    ADS(Stat.JOOLD_ADS, "Advertisements performed."),
    PKT_RCVD(Stat.JOOLD_PKT_RCVD, "Sync datagrams received and accepted for merging."),
    SSS_RCVD(Stat.JOOLD_SSS_RCVD, "Sessions received from peers in accepted datagrams."),
    REJECTED_TRUNCATED(null, "Datagrams refused: truncated."),
    REJECTED_BAD_MAGIC(null, "Datagrams refused: not a sync datagram (magic)."),
    REJECTED_BAD_VERSION(null, "Datagrams refused: unknown version."),
    REJECTED_BAD_HEADER(null, "Datagrams refused: bad header field."),
    REJECTED_BAD_CHECKSUM(null, "Datagrams refused: CRC32C mismatch."),
    REJECTED_BAD_RECORD(null, "Datagrams refused: a record holds an impossible value."),
    REJECTED_OWN_NODE(null, "Datagrams refused: sent by this node."),
    REJECTED_DISABLED(null, "Datagrams refused: ss-enabled is false here."),
    MERGE_ADDED(null, "Peer sessions merged as new sessions."),
    MERGE_UPDATED(null, "Peer sessions that updated a local session (later expiry)."),
    MERGE_KEPT_LOCAL(null, "Peer sessions ignored because the local copy expires later."),
    MERGE_MASK_CLASH(null, "Peer sessions refused: their mask clashes with a local BIB entry."),
    MERGE_OUTSIDE_POOL4(null, "Peer sessions refused: their mask is outside this node's pool4."),
    MERGE_INVALID(null, "Peer sessions refused by the table (no lifetime left, impossible state)."),
    MERGE_TABLE_FULL(null, "Peer sessions refused: the session table is at its maximum size."),
    LIFETIME_CLAMPED(null, "Peer sessions whose lifetime exceeded the local timeout, cut to it."),
    PKT_LOST(null, "Datagrams missing from peers' sequences (nat64 format)."),
    PKT_REORDERED(null, "Datagrams that arrived after a later one of the same peer, or twice (nat64 format).");

    private static final SyncCounter[] REJECTED = {
        REJECTED_TRUNCATED,
        REJECTED_BAD_MAGIC,
        REJECTED_BAD_VERSION,
        REJECTED_BAD_HEADER,
        REJECTED_BAD_CHECKSUM,
        REJECTED_BAD_RECORD,
        REJECTED_OWN_NODE,
        REJECTED_DISABLED
    };
    private static final SyncCounter[] MERGED = {
        MERGE_ADDED,
        MERGE_UPDATED,
        MERGE_KEPT_LOCAL,
        MERGE_MASK_CLASH,
        MERGE_OUTSIDE_POOL4,
        MERGE_INVALID,
        MERGE_TABLE_FULL
    };

    private final @Nullable Stat joolStat;
    private final String description;

    SyncCounter(@Nullable Stat joolStat, String description) {
        this.joolStat = joolStat;
        this.description = description;
    }

    /** The Jool counter this one is, if Jool has it. */
    public @Nullable Stat joolStat() {
        return joolStat;
    }

    /** One sentence on what it counts. */
    public String description() {
        return description;
    }

    /** The counter of datagrams refused for {@code reason}. */
    public static SyncCounter rejected(RejectReason reason) {
        return REJECTED[reason.ordinal()];
    }

    /** The counter of peer sessions whose merge ended in {@code result}. */
    public static SyncCounter merged(MergeResult result) {
        return MERGED[result.ordinal()];
    }
}
