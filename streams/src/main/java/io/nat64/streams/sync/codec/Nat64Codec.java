package io.nat64.streams.sync.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * Our sync datagram ({@code --net.format=nat64}, version 1): a header that says who sent it and which of its
 * datagrams it is, Jool's 36-byte records, and a CRC32C. All fields big-endian.
 *
 * <pre>
 * offset   size field
 *   0        4  magic "N64S" (4e 36 34 53)
 *   4        1  version = 1
 *   5        1  flags = 0 (reserved; a receiver refuses any bit set)
 *   6        2  record count N (u16, 0 to 1,818)
 *   8        8  sending node id (random per process start, or configured; never 0)
 *  16        4  sequence number (u32, +1 per datagram of this node id, wraps)
 *  20     36*N  N records ({@link RecordLayout})
 *  20+36N    4  CRC32C (Castagnoli) of bytes [0, 20+36N)
 * </pre>
 *
 * <p>A receiver checks, in order: length at least 24, magic, version (so a future version is told apart
 * from corruption), length exactly 24+36N, node id (its own datagrams, looped back, are dropped without
 * computing the CRC), CRC, flags and node id 0, then every record. CRC32C catches every error burst
 * of up to 32 bits, so every single-byte corruption and every truncation is refused.
 */
final class Nat64Codec implements SyncCodec {
    static final int MAGIC = 0x4e363453; // "N64S"
    static final int VERSION = 1;
    static final int HEADER = 20;
    static final int TRAILER = 4;
    private static final int MAX_RECORDS = (65_507 - HEADER - TRAILER) / RecordLayout.SIZE;

    private final long nodeId;
    private final AtomicInteger sequence = new AtomicInteger();

    Nat64Codec(long nodeId) {
        if (nodeId == 0) {
            throw new IllegalArgumentException("node id 0 is reserved");
        }
        this.nodeId = nodeId;
    }

    @Override
    public SyncFormat format() {
        return SyncFormat.NAT64;
    }

    @Override
    public long nodeId() {
        return nodeId;
    }

    @Override
    public int maxRecords() {
        return MAX_RECORDS;
    }

    @Override
    public int datagramSize(int records) {
        return HEADER + records * RecordLayout.SIZE + TRAILER;
    }

    @Override
    public byte[] encode(List<SyncRecord> records) {
        int n = records.size();
        if (n < 1 || n > MAX_RECORDS) {
            throw new IllegalArgumentException("a datagram holds 1 to " + MAX_RECORDS + " records, not " + n);
        }
        byte[] b = new byte[datagramSize(n)];
        RecordLayout.putInt(b, 0, MAGIC);
        b[4] = VERSION;
        RecordLayout.putShort(b, 6, n);
        RecordLayout.putLong(b, 8, nodeId);
        RecordLayout.putInt(b, 16, sequence.getAndIncrement());
        for (int i = 0, off = HEADER; i < n; i++, off += RecordLayout.SIZE) {
            RecordLayout.write(b, off, records.get(i));
        }
        int end = b.length - TRAILER;
        RecordLayout.putInt(b, end, crc(b, 0, end));
        return b;
    }

    @Override
    public Decoded decode(byte[] datagram, int offset, int length) {
        if (length < HEADER + TRAILER) {
            return new Rejection(RejectReason.TRUNCATED, length);
        }
        if (RecordLayout.getInt(datagram, offset) != MAGIC) {
            return new Rejection(RejectReason.BAD_MAGIC, 0);
        }
        if (datagram[offset + 4] != VERSION) {
            return new Rejection(RejectReason.BAD_VERSION, 4);
        }
        int n = RecordLayout.getShort(datagram, offset + 6);
        int expected = datagramSize(n);
        if (length != expected) {
            return new Rejection(length < expected ? RejectReason.TRUNCATED : RejectReason.BAD_HEADER, 6);
        }
        long sender = RecordLayout.getLong(datagram, offset + 8);
        if (sender == nodeId) { // before the CRC: our own looped-back datagrams cost nothing to drop
            return new Rejection(RejectReason.OWN_NODE, 8);
        }
        int end = offset + length - TRAILER;
        if (crc(datagram, offset, length - TRAILER) != RecordLayout.getInt(datagram, end)) {
            return new Rejection(RejectReason.BAD_CHECKSUM, length - TRAILER);
        }
        if (datagram[offset + 5] != 0) {
            return new Rejection(RejectReason.BAD_HEADER, 5);
        }
        if (sender == 0) {
            return new Rejection(RejectReason.BAD_HEADER, 8);
        }
        List<SyncRecord> records = new ArrayList<>(n);
        for (int off = offset + HEADER; off < end; off += RecordLayout.SIZE) {
            SyncRecord r = RecordLayout.read(datagram, off);
            if (r == null) {
                return new Rejection(RejectReason.BAD_RECORD, off - offset);
            }
            records.add(r);
        }
        return new SyncBatch(sender, RecordLayout.getInt(datagram, offset + 16) & 0xffff_ffffL, records);
    }

    private static int crc(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        return (int) crc.getValue();
    }

    @Override
    public String toString() {
        return "nat64(node " + Long.toHexString(nodeId) + ")";
    }
}
