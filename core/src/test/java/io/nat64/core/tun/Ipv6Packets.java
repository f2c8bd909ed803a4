package io.nat64.core.tun;

import io.nat64.core.addr.Ipv6Address;
import java.nio.ByteBuffer;

/**
 * Just enough IPv6, ICMPv6 and UDP for the TUN tests and the bench: build, inspect and answer packets in place in a
 * big-endian buffer that starts at index 0. No extension headers.
 *
 * <table>
 *   <caption>offsets</caption>
 *   <tr><th>offset</th><th>field</th></tr>
 *   <tr><td>0</td><td>version (high nibble), traffic class, flow label</td></tr>
 *   <tr><td>4</td><td>payload length (16 bits)</td></tr>
 *   <tr><td>6</td><td>next header (58 ICMPv6, 17 UDP)</td></tr>
 *   <tr><td>7</td><td>hop limit</td></tr>
 *   <tr><td>8, 24</td><td>source, destination address (16 bytes each)</td></tr>
 *   <tr><td>40</td><td>ICMPv6 type, code, checksum (at 42) / UDP ports, length, checksum (at 46)</td></tr>
 * </table>
 */
final class Ipv6Packets {

    static final int HEADER = 40;
    static final int ICMPV6 = 58;
    static final int UDP = 17;
    static final int ECHO_REQUEST = 128;
    static final int ECHO_REPLY = 129;

    private Ipv6Packets() {}

    static boolean isIpv6(ByteBuffer b, int length) {
        return length >= HEADER && (b.get(0) & 0xf0) == 0x60;
    }

    static int nextHeader(ByteBuffer b) {
        return b.get(6) & 0xff;
    }

    static int icmpType(ByteBuffer b) {
        return b.get(HEADER) & 0xff;
    }

    static boolean isEchoRequest(ByteBuffer b, int length) {
        return isIpv6(b, length) && length >= HEADER + 8 && nextHeader(b) == ICMPV6 && icmpType(b) == ECHO_REQUEST;
    }

    static boolean isEchoReply(ByteBuffer b, int length) {
        return isIpv6(b, length) && length >= HEADER + 8 && nextHeader(b) == ICMPV6 && icmpType(b) == ECHO_REPLY;
    }

    static boolean isUdp(ByteBuffer b, int length) {
        return isIpv6(b, length) && length >= HEADER + 8 && nextHeader(b) == UDP;
    }

    static Ipv6Address source(ByteBuffer b) {
        return new Ipv6Address(b.getLong(8), b.getLong(16));
    }

    static Ipv6Address destination(ByteBuffer b) {
        return new Ipv6Address(b.getLong(24), b.getLong(32));
    }

    static int sourcePort(ByteBuffer b) {
        return b.getShort(HEADER) & 0xffff;
    }

    static int destinationPort(ByteBuffer b) {
        return b.getShort(HEADER + 2) & 0xffff;
    }

    /** Turns an echo request into the echo reply in place: swap addresses, type 129, new checksum. */
    static void turnIntoEchoReply(ByteBuffer b, int length) {
        swapAddresses(b);
        b.put(7, (byte) 64);
        b.put(HEADER, (byte) ECHO_REPLY);
        b.put(HEADER + 1, (byte) 0);
        b.putShort(HEADER + 2, (short) 0);
        b.putShort(HEADER + 2, (short) checksum(b, length));
    }

    /**
     * Turns a UDP datagram into its echo in place. The checksum stays valid: swapping addresses and ports only
     * reorders the 16-bit words it sums.
     */
    static void turnIntoUdpEcho(ByteBuffer b) {
        swapAddresses(b);
        b.put(7, (byte) 64);
        short port = b.getShort(HEADER);
        b.putShort(HEADER, b.getShort(HEADER + 2));
        b.putShort(HEADER + 2, port);
    }

    /** Writes an IPv6 echo request of {@code length} bytes (at least 48) and returns {@code length}. */
    static int writeEchoRequest(ByteBuffer b, Ipv6Address src, Ipv6Address dst, int id, int seq, int length) {
        header(b, src, dst, ICMPV6, length);
        b.put(HEADER, (byte) ECHO_REQUEST);
        b.put(HEADER + 1, (byte) 0);
        b.putShort(HEADER + 2, (short) 0);
        b.putShort(HEADER + 4, (short) id);
        b.putShort(HEADER + 6, (short) seq);
        for (int i = HEADER + 8; i < length; i++) {
            b.put(i, (byte) i);
        }
        b.putShort(HEADER + 2, (short) checksum(b, length));
        return length;
    }

    /** Writes an IPv6/UDP datagram of {@code length} bytes (at least 48) and returns {@code length}. */
    static int writeUdp(ByteBuffer b, Ipv6Address src, Ipv6Address dst, int srcPort, int dstPort, int length) {
        header(b, src, dst, UDP, length);
        b.putShort(HEADER, (short) srcPort);
        b.putShort(HEADER + 2, (short) dstPort);
        b.putShort(HEADER + 4, (short) (length - HEADER));
        b.putShort(HEADER + 6, (short) 0);
        for (int i = HEADER + 8; i < length; i++) {
            b.put(i, (byte) i);
        }
        int sum = checksum(b, length);
        b.putShort(HEADER + 6, (short) (sum == 0 ? 0xffff : sum));
        return length;
    }

    private static void header(ByteBuffer b, Ipv6Address src, Ipv6Address dst, int nextHeader, int length) {
        b.putInt(0, 0x6000_0000);
        b.putShort(4, (short) (length - HEADER));
        b.put(6, (byte) nextHeader);
        b.put(7, (byte) 64);
        b.putLong(8, src.high());
        b.putLong(16, src.low());
        b.putLong(24, dst.high());
        b.putLong(32, dst.low());
    }

    private static void swapAddresses(ByteBuffer b) {
        long h = b.getLong(8);
        long l = b.getLong(16);
        b.putLong(8, b.getLong(24));
        b.putLong(16, b.getLong(32));
        b.putLong(24, h);
        b.putLong(32, l);
    }

    /**
     * The RFC 8200 section 8.1 upper-layer checksum of the packet in {@code b[0, length)}: the pseudo-header (both
     * addresses, upper-layer length, next header) plus the upper-layer bytes, whose checksum field must be 0.
     */
    static int checksum(ByteBuffer b, int length) {
        long sum = 0;
        for (int i = 8; i < HEADER; i += 2) {
            sum += b.getShort(i) & 0xffff;
        }
        int upperLength = length - HEADER;
        sum += (upperLength >>> 16) + (upperLength & 0xffff) + nextHeader(b);
        int i = HEADER;
        for (; i + 1 < length; i += 2) {
            sum += b.getShort(i) & 0xffff;
        }
        if (i < length) {
            sum += (b.get(i) & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
