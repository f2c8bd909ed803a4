package io.nat64.streams.sync.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Jool 4.1.13+'s sync datagram, byte for byte (jool-session.md 6.4): no header, no count, no checksum, just
 * Netlink attributes of 40 bytes, one per session. The attribute header is in the sending host's byte order;
 * Jool runs on little-endian x86, so we write and accept only {@code 28 00 01 00}.
 *
 * <pre>
 * offset size field (per record; a datagram is N records, N &ge; 1)
 *   0     2  nla_len = 40, u16 little-endian
 *   2     2  nla_type = 1 (JNLAL_ENTRY), u16 little-endian
 *   4    36  the record of {@link RecordLayout} (big-endian fields)
 * </pre>
 *
 * <p>What a receiver can catch: a length that is not a whole number of records, a wrong attribute header, an
 * impossible protocol/state/timer word or ICMP identifier pair. What it cannot: a corrupted address, port or
 * lifetime (any value is possible), or a datagram cut exactly between two records (it decodes as the shorter
 * batch). That is the format's limit, and why {@code nat64} adds a count and a CRC32C.
 */
final class JoolCodec implements SyncCodec {
    static final JoolCodec INSTANCE = new JoolCodec();
    static final int RECORD = 4 + RecordLayout.SIZE;
    private static final int MAX_RECORDS = 65_507 / RECORD;

    private JoolCodec() {}

    @Override
    public SyncFormat format() {
        return SyncFormat.JOOL;
    }

    @Override
    public long nodeId() {
        return 0;
    }

    @Override
    public int maxRecords() {
        return MAX_RECORDS;
    }

    @Override
    public int datagramSize(int records) {
        return records * RECORD;
    }

    @Override
    public byte[] encode(List<SyncRecord> records) {
        int n = records.size();
        if (n < 1 || n > MAX_RECORDS) {
            throw new IllegalArgumentException("a datagram holds 1 to " + MAX_RECORDS + " records, not " + n);
        }
        byte[] b = new byte[n * RECORD];
        for (int i = 0, off = 0; i < n; i++, off += RECORD) {
            b[off] = RECORD;
            b[off + 2] = 1;
            RecordLayout.write(b, off + 4, records.get(i));
        }
        return b;
    }

    @Override
    public Decoded decode(byte[] datagram, int offset, int length) {
        if (length < RECORD || length % RECORD != 0) {
            return new Rejection(RejectReason.TRUNCATED, length - length % RECORD);
        }
        int n = length / RECORD;
        List<SyncRecord> records = new ArrayList<>(n);
        for (int off = offset, end = offset + length; off < end; off += RECORD) {
            if (datagram[off] != RECORD || datagram[off + 1] != 0 || datagram[off + 2] != 1 || datagram[off + 3] != 0) {
                return new Rejection(RejectReason.BAD_HEADER, off - offset);
            }
            SyncRecord r = RecordLayout.read(datagram, off + 4);
            if (r == null) {
                return new Rejection(RejectReason.BAD_RECORD, off - offset);
            }
            records.add(r);
        }
        return new SyncBatch(0, -1, records);
    }

    @Override
    public String toString() {
        return "jool";
    }
}
