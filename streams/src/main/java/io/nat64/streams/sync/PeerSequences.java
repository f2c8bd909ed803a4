package io.nat64.streams.sync;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last sequence number seen from each peer node ({@code nat64} format), to count lost and late datagrams.
 * Bounded to the {@value #MAX_NODES} most recently heard nodes, so forged node ids cannot grow it. Thread-safe.
 *
 * <p>A gap of n counts n lost; a datagram older than the last one seen (by at most {@value #WINDOW}) counts as
 * reordered, so net loss is lost minus reordered. A jump further back means the peer restarted with the same
 * configured id: tracking starts over.
 */
final class PeerSequences {
    static final int MAX_NODES = 64;
    static final long WINDOW = 4096;

    private final SyncStats stats;
    private final Map<Long, Long> last = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > MAX_NODES;
        }
    };

    PeerSequences(SyncStats stats) {
        this.stats = stats;
    }

    synchronized void observe(long node, long sequence) {
        Long previous = last.get(node);
        if (previous == null) {
            last.put(node, sequence);
            return;
        }
        long ahead = (sequence - previous) & 0xffff_ffffL;
        if (ahead != 0 && ahead < 0x8000_0000L) {
            stats.add(SyncCounter.PKT_LOST, ahead - 1);
            last.put(node, sequence);
        } else if (((previous - sequence) & 0xffff_ffffL) <= WINDOW) {
            stats.inc(SyncCounter.PKT_REORDERED);
        } else {
            last.put(node, sequence);
        }
    }
}
