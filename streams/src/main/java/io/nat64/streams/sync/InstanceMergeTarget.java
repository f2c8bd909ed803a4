package io.nat64.streams.sync;

import io.nat64.core.config.Globals;
import io.nat64.core.instance.Instance;
import io.nat64.core.pool.Pool6;
import io.nat64.core.session.MergeResult;
import io.nat64.core.session.SessionDb;
import io.nat64.streams.sync.codec.SyncBatch;
import io.nat64.streams.sync.codec.SyncRecord;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Merges a datagram's records into an instance, in one {@link Instance#call} on its owner thread. dst6 is
 * rebuilt from the local pool6; a lifetime longer than the local timeout of its protocol and timer is cut to
 * it (peers must be configured alike; this bounds what a corrupted lifetime in Jool's format can do).
 */
final class InstanceMergeTarget implements MergeTarget {
    private final Instance instance;

    InstanceMergeTarget(Instance instance) {
        this.instance = instance;
    }

    @Override
    public Mono<MergeTally> merge(SyncBatch batch) {
        return instance.call(db -> mergeNow(db, batch));
    }

    @Override
    public Mono<List<MergeTally>> mergeAll(List<SyncBatch> batches) {
        return instance.call(db -> {
            List<MergeTally> out = new ArrayList<>(batches.size());
            for (SyncBatch b : batches) {
                out.add(mergeNow(db, b));
            }
            return out;
        });
    }

    /** On the owner thread. */
    private MergeTally mergeNow(SessionDb db, SyncBatch batch) {
        Globals g = instance.globals();
        if (!g.ssEnabled()) {
            return MergeTally.DISABLED;
        }
        long now = instance.now();
        Pool6 pool6 = instance.pool6();
        MergeTally tally = MergeTally.empty();
        for (SyncRecord r : batch.records()) {
            long remaining = r.remainingMillis();
            long timeout = g.timeout(r.protocol(), r.timer());
            if (remaining > timeout) {
                remaining = timeout;
                tally.clamped();
            }
            MergeResult result = db.table(r.protocol()).merge(r.toSession(pool6, now), remaining, now);
            tally.add(result, r);
        }
        if (tally.count(MergeResult.ADDED) + tally.count(MergeResult.UPDATED) > 0) {
            // A catch-up this node serves meanwhile yields to merges that change the table: not to an echo of its
            // own sessions (all kept local), or two nodes catching up on each other would slow each other's dump.
            instance.packets().noteWork(now);
        }
        return tally;
    }
}
