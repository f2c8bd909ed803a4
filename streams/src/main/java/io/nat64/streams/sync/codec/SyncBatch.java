package io.nat64.streams.sync.codec;

import java.util.List;

/**
 * The records of one valid datagram, with the sender's identity where the format carries one.
 *
 * @param nodeId the sending node's id ({@code nat64} format); 0 for the {@code jool} format, which has none
 * @param sequence the sender's datagram number, 0 to 2<sup>32</sup>-1 ({@code nat64}); -1 for {@code jool}
 * @param records the sessions, in wire order
 */
public record SyncBatch(long nodeId, long sequence, List<SyncRecord> records) implements Decoded {
    /** Copies {@code records}. */
    public SyncBatch {
        records = List.copyOf(records);
    }

    /** Whether the format carried a node id and sequence number. */
    public boolean hasHeader() {
        return sequence >= 0;
    }
}
