package io.nat64.streams.sync.codec;

import java.security.SecureRandom;
import java.util.List;

/**
 * A wire format of sync datagrams: records to bytes and back.
 *
 * <p>Threading: {@link #decode} is a pure function, safe from any thread. {@link #encode} of the {@code nat64}
 * format numbers datagrams (the sequence receivers use to count losses), so one stream should encode, in
 * sending order; it is thread-safe, but datagrams encoded concurrently may leave out of order.
 *
 * <pre>{@code
 * SyncCodec codec = SyncFormat.parse("nat64").codec(SyncCodec.randomNodeId());
 * byte[] datagram = codec.encode(List.of(SyncRecord.of(session, 60_000)));
 * if (codec.decode(datagram) instanceof SyncBatch batch) { ... }
 * }</pre>
 */
public interface SyncCodec {

    /** Our own format with {@code nodeId} as the sending node's id (non-zero). */
    static SyncCodec nat64(long nodeId) {
        return new Nat64Codec(nodeId);
    }

    /** Jool 4.1.13+'s format, byte for byte. */
    static SyncCodec jool() {
        return JoolCodec.INSTANCE;
    }

    /** A random non-zero node id, drawn once per process start. */
    static long randomNodeId() {
        SecureRandom random = new SecureRandom();
        long id;
        do {
            id = random.nextLong();
        } while (id == 0);
        return id;
    }

    /** Which format this is. */
    SyncFormat format();

    /** This node's id in the datagrams it encodes; 0 when the format has none. */
    long nodeId();

    /** The most records one datagram can hold (a UDP payload is at most 65,507 bytes). */
    int maxRecords();

    /** The size of a datagram of {@code records} records. */
    int datagramSize(int records);

    /** One datagram holding {@code records} (1 to {@link #maxRecords()} of them), in order. */
    byte[] encode(List<SyncRecord> records);

    /** Decodes {@code datagram[offset, offset + length)}; never throws, whatever the bytes. */
    Decoded decode(byte[] datagram, int offset, int length);

    /** Decodes all of {@code datagram}. */
    default Decoded decode(byte[] datagram) {
        return decode(datagram, 0, datagram.length);
    }
}
