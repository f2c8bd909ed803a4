package io.nat64.core.packet;

/**
 * Test-only, deliberately naive readers and checksum code, written without {@link Checksums}, so that tests
 * check the translator against an independent computation.
 */
public final class Wire {

    private Wire() {}

    /** Plain RFC 1071 sum of {@code len} bytes, not folded, not complemented. */
    public static long rawSum(byte[] b, int off, int len) {
        long s = 0;
        for (int i = 0; i < len; i += 2) {
            int hi = b[off + i] & 0xff;
            int lo = i + 1 < len ? b[off + i + 1] & 0xff : 0;
            s += (hi << 8) | lo;
        }
        return s;
    }

    static int fold(long s) {
        while (s > 0xffff) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }

    /** The checksum to store for {@code len} bytes whose checksum field is zero. */
    public static int checksum(byte[] b, int off, int len) {
        return ~fold(rawSum(b, off, len)) & 0xffff;
    }

    /** The checksum to store for a transport segment (field zero) with the pseudo header of {@code src/dst}. */
    public static int transportChecksum(byte[] src, byte[] dst, int protocol, byte[] l4, int off, int len) {
        return ~fold(pseudoSum(src, dst, protocol, len) + rawSum(l4, off, len)) & 0xffff;
    }

    static long pseudoSum(byte[] src, byte[] dst, int protocol, int len) {
        return rawSum(src, 0, src.length) + rawSum(dst, 0, dst.length) + protocol + (len & 0xffff) + (len >>> 16);
    }

    /**
     * The folded sum over the pseudo header and the whole transport segment of {@code packet} (an IP packet
     * without extension headers, or with the L4 offset given), including the stored checksum: 0xffff when the
     * stored checksum is right. ICMPv4 has no pseudo header; UDP counts the length its header declares.
     */
    public static int verifySum(byte[] packet, int l4Offset, int l4Length) {
        int version = (packet[0] & 0xff) >>> 4;
        byte[] src = new byte[version == 4 ? 4 : 16];
        byte[] dst = new byte[src.length];
        System.arraycopy(packet, version == 4 ? 12 : 8, src, 0, src.length);
        System.arraycopy(packet, version == 4 ? 16 : 24, dst, 0, dst.length);
        int protocol = version == 4 ? packet[9] & 0xff : lastNextHeader(packet);
        if (protocol == 17 && l4Length >= 8) {
            // Receivers checksum the UDP length the header declares (RFC 768, RFC 8200 section 8.1).
            int udpLength = u16(packet, l4Offset + 4);
            if (udpLength >= 8 && udpLength <= l4Length) {
                l4Length = udpLength;
            }
        }
        long s = rawSum(packet, l4Offset, l4Length);
        if (!(version == 4 && protocol == 1)) {
            s += pseudoSum(src, dst, protocol, l4Length);
        }
        return fold(s);
    }

    /** {@link #verifySum} for a packet whose transport header follows the fixed IP header (no options/extensions). */
    public static int verifySum(byte[] packet) {
        int version = (packet[0] & 0xff) >>> 4;
        int l4 = version == 4 ? (packet[0] & 0x0f) * 4 : 40;
        int total = version == 4 ? u16(packet, 2) : 40 + u16(packet, 4);
        return verifySum(packet, l4, total - l4);
    }

    /** Whether the IPv4 header checksum verifies. */
    public static boolean ipv4HeaderOk(byte[] packet, int off) {
        return fold(rawSum(packet, off, (packet[off] & 0x0f) * 4)) == 0xffff;
    }

    /**
     * Reassembles the IPv6 packets lying back to back in {@code b[off, off + len)}: one unfragmented packet is
     * returned as is; fragments (a fragment header right after the fixed header) are put back together.
     */
    public static byte[] reassemble6(byte[] b, int off, int len) {
        if ((b[off + 6] & 0xff) != 44) {
            return java.util.Arrays.copyOfRange(b, off, off + len);
        }
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        int nextHeader = b[off + 40] & 0xff;
        for (int p = off; p < off + len; ) {
            int payload = u16(b, p + 4);
            if ((u16(b, p + 42) & 0xfff8) != data.size()) {
                throw new AssertionError("fragment out of order at " + p);
            }
            data.write(b, p + 48, payload - 8);
            p += 40 + payload;
        }
        byte[] whole = new byte[40 + data.size()];
        System.arraycopy(b, off, whole, 0, 40);
        whole[6] = (byte) nextHeader;
        whole[4] = (byte) (data.size() >>> 8);
        whole[5] = (byte) data.size();
        System.arraycopy(data.toByteArray(), 0, whole, 40, data.size());
        return whole;
    }

    public static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    public static int u32(byte[] b, int i) {
        return (u16(b, i) << 16) | u16(b, i + 2);
    }

    private static int lastNextHeader(byte[] packet) {
        int nh = packet[6] & 0xff;
        int i = 40;
        while (nh == 0 || nh == 43 || nh == 60 || nh == 44) {
            int length = nh == 44 ? 8 : ((packet[i + 1] & 0xff) + 1) * 8;
            nh = packet[i] & 0xff;
            i += length;
        }
        return nh;
    }
}
