package io.nat64.streams.sync.codec;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A batch of records with no header: N records of 36 bytes ({@link RecordLayout}), nothing before or after.
 * This is what the daemon hands its session proxy through the gateway ({@code sync.live}, {@code sync.catchup}):
 * the proxy is the sender on the network, so it adds its own header (node id, sequence, CRC) or Jool's attribute
 * headers when it encodes the datagram.
 *
 * <p>Pure functions, any thread.
 *
 * <pre>{@code
 * byte[] frame = RecordFrame.encode(batch);
 * List<SyncRecord> again = RecordFrame.decode(frame); // null if the bytes are not a valid frame
 * }</pre>
 */
public final class RecordFrame {
    /** The size of one record. */
    public static final int RECORD_SIZE = RecordLayout.SIZE;

    private RecordFrame() {}

    /** The frame of {@code records} (any number, 0 included), in order. */
    public static byte[] encode(List<SyncRecord> records) {
        byte[] b = new byte[records.size() * RecordLayout.SIZE];
        for (int i = 0, off = 0; i < records.size(); i++, off += RecordLayout.SIZE) {
            RecordLayout.write(b, off, records.get(i));
        }
        return b;
    }

    /** The records of {@code frame}; null if its length is not a multiple of 36 or a record is impossible. */
    public static @Nullable List<SyncRecord> decode(byte[] frame) {
        if (frame.length % RecordLayout.SIZE != 0) {
            return null;
        }
        List<SyncRecord> out = new ArrayList<>(frame.length / RecordLayout.SIZE);
        for (int off = 0; off < frame.length; off += RecordLayout.SIZE) {
            SyncRecord r = RecordLayout.read(frame, off);
            if (r == null) {
                return null;
            }
            out.add(r);
        }
        return out;
    }
}
