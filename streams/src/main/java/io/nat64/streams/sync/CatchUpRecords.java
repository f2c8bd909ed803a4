package io.nat64.streams.sync;

import io.nat64.core.session.SessionMutation;
import io.nat64.streams.sync.codec.SyncRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One batch of a catch-up stream ({@link InstanceSync#catchUp()}, the gateway's {@code InstanceFeed}) as the records
 * it sends: one per session, its last copy where it last appears, as the sync queue ({@link ReplicationSink})
 * deduplicates a live batch. The merge keeps the copy with the later expiry, so a connection that closes within
 * one batch (ESTABLISHED, then V4_FIN_V6_FIN_RCV on the shorter transitory timer) must not reach a peer in both
 * states, or the peer keeps the first.
 *
 * <p>Threading: none of its own; a pure function.
 *
 * <pre>{@code
 * flux.bufferTimeout(1024, deadline).map(batch -> CatchUpRecords.of(batch, instance.now()));
 * }</pre>
 */
public final class CatchUpRecords {
    private CatchUpRecords() {}

    /**
     * The records of {@code batch} at {@code now}: the last copy of each session, where it last appears, with the
     * lifetime it has left ({@code expiresAt - max(at, now)}); a session with none left is not sent.
     */
    public static List<SyncRecord> of(List<SessionMutation> batch, long now) {
        int n = batch.size();
        Map<SessionKey, Integer> last = new HashMap<>(Math.max(4, n * 2));
        for (int i = 0; i < n; i++) {
            last.put(SessionKey.of(batch.get(i).session()), i);
        }
        boolean repeats = last.size() != n;
        List<SyncRecord> out = new ArrayList<>(last.size());
        for (int i = 0; i < n; i++) {
            SessionMutation m = batch.get(i);
            Integer at = repeats ? last.get(SessionKey.of(m.session())) : null;
            if (at != null && at != i) {
                continue; // a later copy of this session follows in the batch
            }
            long remaining = m.session().expiresAt() - Math.max(m.at(), now);
            if (remaining > 0) {
                out.add(SyncRecord.of(m.session(), remaining));
            }
        }
        return out;
    }
}
