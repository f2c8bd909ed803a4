package io.nat64.core.packet;

/**
 * The Internet checksum (RFC 1071) in one's complement arithmetic, with incremental updates (RFC 1624) and
 * pseudo headers (RFC 768/793 for IPv4, RFC 8200 section 8.1 for IPv6).
 *
 * <p>A "partial" is a folded, not yet complemented 16-bit one's complement sum (0 to 0xffff). Partials combine
 * with {@link #add} and {@link #sub}; {@link #finish} turns one into the value stored in a header. A message
 * whose stored checksum is right has a full partial of 0xffff.
 *
 * <p>{@code int c = Checksums.finish(Checksums.add(Checksums.pseudoHeader4(s, d, 17, n), Checksums.sum(b, o, n)));}
 */
public final class Checksums {

    private Checksums() {}

    /** The partial of {@code len} bytes from {@code off}, as 16-bit big-endian words; an odd last byte is padded. */
    public static int sum(byte[] b, int off, int len) {
        long s = 0;
        int i = off;
        int end = off + len;
        for (; i + 1 < end; i += 2) {
            s += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (i < end) {
            s += (b[i] & 0xff) << 8;
        }
        return foldLong(s);
    }

    /** One's complement sum of two partials. */
    public static int add(int a, int b) {
        int s = (a & 0xffff) + (b & 0xffff);
        return (s & 0xffff) + (s >>> 16);
    }

    /** One's complement difference {@code a - b} of two partials. */
    public static int sub(int a, int b) {
        return add(a, ~b & 0xffff);
    }

    /** The value to store in a checksum field: the complement of the partial. */
    public static int finish(int partial) {
        return ~partial & 0xffff;
    }

    /** The partial of a 32-bit value (two words). */
    public static int sum32(int v) {
        return add(v >>> 16, v & 0xffff);
    }

    /** The partial of a 128-bit IPv6 address given as two halves (eight words). */
    public static int sum128(long high, long low) {
        long s = (high >>> 48) + ((high >>> 32) & 0xffff) + ((high >>> 16) & 0xffff) + (high & 0xffff);
        s += (low >>> 48) + ((low >>> 32) & 0xffff) + ((low >>> 16) & 0xffff) + (low & 0xffff);
        return foldLong(s);
    }

    /** The partial of the IPv4 pseudo header: addresses, protocol and transport length. */
    public static int pseudoHeader4(int src, int dst, int protocol, int length) {
        return add(add(sum32(src), sum32(dst)), add(protocol & 0xff, length & 0xffff));
    }

    /** The partial of the IPv6 pseudo header: addresses, upper-layer length (32 bits) and next header. */
    public static int pseudoHeader6(long srcHigh, long srcLow, long dstHigh, long dstLow, int nextHeader, int length) {
        return add(add(sum128(srcHigh, srcLow), sum128(dstHigh, dstLow)), add(sum32(length), nextHeader & 0xff));
    }

    /**
     * RFC 1624 equation 3 for a whole delta: {@code HC' = ~(~HC + ~removed + added)}, where {@code removed} and
     * {@code added} are partials of the old and new words.
     */
    public static int update(int checksum, int removed, int added) {
        return finish(add(sub(~checksum & 0xffff, removed), added));
    }

    /** The IPv4 header checksum of {@code headerLength} bytes at {@code off}, with the field itself taken as 0. */
    public static int ipv4Header(byte[] b, int off, int headerLength) {
        return finish(sub(sum(b, off, headerLength), Bytes.u16(b, off + 10)));
    }

    private static int foldLong(long s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }
}
