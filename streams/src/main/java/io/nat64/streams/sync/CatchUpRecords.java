package io.nat64.streams.sync;

import io.nat64.core.session.Session;
import io.nat64.core.session.SessionMutation;
import io.nat64.streams.sync.codec.SyncRecord;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One batch of a catch-up stream ({@link InstanceSync#catchUp()}, the gateway's {@code InstanceFeed}) as the records
 * it sends: one per session, its last copy where it last appears, as the sync queue ({@link ReplicationSink})
 * deduplicates a live batch. The merge keeps the copy with the later expiry, so a connection that closes within
 * one batch (ESTABLISHED, then V4_FIN_V6_FIN_RCV on the shorter transitory timer) must not reach a peer in both
 * states, or the peer keeps the first.
 *
 * <p>It runs in the daemon's JVM for every replicated session, so it allocates one index array per batch and
 * nothing per session but the record.
 *
 * <p>Threading: none of its own; a pure function.
 *
 * <pre>{@code
 * flux.bufferTimeout(256, deadline).map(batch -> CatchUpRecords.of(batch, instance.now()));
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
        boolean @Nullable [] superseded = supersededCopies(batch);
        List<SyncRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (superseded != null && superseded[i]) {
                continue; // a later copy of this session follows in the batch
            }
            SessionMutation m = batch.get(i);
            long remaining = m.session().expiresAt() - Math.max(m.at(), now);
            if (remaining > 0) {
                out.add(SyncRecord.of(m.session(), remaining));
            }
        }
        return out;
    }

    /**
     * Which copies a later one of the same session replaces, or null when every session appears once: an open
     * addressing table of batch positions, keyed as Jool keys sessions (protocol, src6 and its port, dst4 and its
     * port).
     */
    private static boolean @Nullable [] supersededCopies(List<SessionMutation> batch) {
        int n = batch.size();
        if (n < 2) {
            return null;
        }
        int mask = Integer.highestOneBit(2 * n - 1) * 2 - 1; // a table of at least 2n slots
        int[] slots = new int[mask + 1]; // batch position + 1; 0: empty
        boolean @Nullable [] superseded = null;
        for (int i = 0; i < n; i++) {
            Session s = batch.get(i).session();
            int h = hash(s) & mask;
            while (slots[h] != 0 && !sameSession(batch.get(slots[h] - 1).session(), s)) {
                h = (h + 1) & mask;
            }
            if (slots[h] != 0) {
                if (superseded == null) {
                    superseded = new boolean[n];
                }
                superseded[slots[h] - 1] = true;
            }
            slots[h] = i + 1;
        }
        return superseded;
    }

    private static int hash(Session s) {
        long h = s.src6().high() * 31 + s.src6().low();
        h = h * 31 + s.src6Port();
        h = h * 31 + s.dst4().bits();
        h = h * 31 + s.dst4Port();
        h = h * 31 + s.protocol().ordinal();
        h *= 0x9E37_79B9_7F4A_7C15L; // spread the low bits (Fibonacci hashing)
        return (int) (h >>> 32);
    }

    private static boolean sameSession(Session a, Session b) {
        return a.src6Port() == b.src6Port()
                && a.dst4Port() == b.dst4Port()
                && a.dst4().bits() == b.dst4().bits()
                && a.src6().low() == b.src6().low()
                && a.src6().high() == b.src6().high()
                && a.protocol() == b.protocol();
    }
}
