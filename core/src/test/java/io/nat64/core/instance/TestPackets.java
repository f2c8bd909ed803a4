package io.nat64.core.instance;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.packet.Checksums;
import java.nio.ByteBuffer;

/** Builds well-formed IPv4 and IPv6 packets (TCP, UDP, ICMP echo) with correct checksums, for tests. */
public final class TestPackets {
    public static final int TCP = 6;
    public static final int UDP = 17;
    /** TCP flags. */
    public static final int SYN = 0x02;

    public static final int ACK = 0x10;

    private TestPackets() {}

    public static byte[] udp6(Ipv6Address src, int sport, Ipv6Address dst, int dport, byte[] payload) {
        byte[] l4 = udp(sport, dport, payload);
        return ipv6(src, dst, UDP, l4, 6);
    }

    public static byte[] udp4(Ipv4Address src, int sport, Ipv4Address dst, int dport, byte[] payload) {
        return ipv4(src, dst, UDP, udp(sport, dport, payload), 6);
    }

    public static byte[] tcp6(Ipv6Address src, int sport, Ipv6Address dst, int dport, int flags) {
        return ipv6(src, dst, TCP, tcp(sport, dport, flags), 16);
    }

    public static byte[] tcp4(Ipv4Address src, int sport, Ipv4Address dst, int dport, int flags) {
        return ipv4(src, dst, TCP, tcp(sport, dport, flags), 16);
    }

    public static byte[] echo6(Ipv6Address src, Ipv6Address dst, int id) {
        byte[] l4 = {(byte) 128, 0, 0, 0, (byte) (id >> 8), (byte) id, 0, 1, 'p', 'i', 'n', 'g'};
        return ipv6(src, dst, 58, l4, 2);
    }

    private static byte[] udp(int sport, int dport, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putShort((short) sport)
                .putShort((short) dport)
                .putShort((short) (8 + payload.length))
                .putShort((short) 0);
        b.put(payload);
        return b.array();
    }

    private static byte[] tcp(int sport, int dport, int flags) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.putShort((short) sport).putShort((short) dport).putInt(1000).putInt(0);
        b.put((byte) 0x50)
                .put((byte) flags)
                .putShort((short) 8192)
                .putShort((short) 0)
                .putShort((short) 0);
        return b.array();
    }

    /** An IPv6 packet with {@code l4} as payload; the checksum field at {@code csumAt} is filled in. */
    public static byte[] ipv6(Ipv6Address src, Ipv6Address dst, int next, byte[] l4, int csumAt) {
        ByteBuffer b = ByteBuffer.allocate(40 + l4.length);
        b.putInt(0x60000000).putShort((short) l4.length).put((byte) next).put((byte) 64);
        b.putLong(src.high()).putLong(src.low()).putLong(dst.high()).putLong(dst.low());
        b.put(l4);
        byte[] p = b.array();
        int sum = Checksums.add(
                Checksums.pseudoHeader6(src.high(), src.low(), dst.high(), dst.low(), next, l4.length),
                Checksums.sum(p, 40, l4.length));
        int c = Checksums.finish(sum);
        p[40 + csumAt] = (byte) (c >> 8);
        p[40 + csumAt + 1] = (byte) c;
        return p;
    }

    /** An IPv4 packet (TTL 64, DF) with {@code l4} as payload; both checksums filled in. */
    public static byte[] ipv4(Ipv4Address src, Ipv4Address dst, int proto, byte[] l4, int csumAt) {
        ByteBuffer b = ByteBuffer.allocate(20 + l4.length);
        b.put((byte) 0x45)
                .put((byte) 0)
                .putShort((short) (20 + l4.length))
                .putShort((short) 0x1234)
                .putShort((short) 0x4000)
                .put((byte) 64)
                .put((byte) proto)
                .putShort((short) 0);
        b.putInt(src.bits()).putInt(dst.bits()).put(l4);
        byte[] p = b.array();
        int h = Checksums.finish(Checksums.sum(p, 0, 20));
        p[10] = (byte) (h >> 8);
        p[11] = (byte) h;
        int sum = Checksums.add(
                Checksums.pseudoHeader4(src.bits(), dst.bits(), proto, l4.length), Checksums.sum(p, 20, l4.length));
        int c = Checksums.finish(sum);
        p[20 + csumAt] = (byte) (c >> 8);
        p[20 + csumAt + 1] = (byte) c;
        return p;
    }

    /** Whether the transport checksum of an IPv4 packet verifies. */
    public static boolean l4ChecksumOk4(byte[] p) {
        int ihl = (p[0] & 0xf) * 4;
        int total = ((p[2] & 0xff) << 8) | (p[3] & 0xff);
        int src = ByteBuffer.wrap(p, 12, 4).getInt();
        int dst = ByteBuffer.wrap(p, 16, 4).getInt();
        int sum = Checksums.add(
                Checksums.pseudoHeader4(src, dst, p[9] & 0xff, total - ihl), Checksums.sum(p, ihl, total - ihl));
        return Checksums.finish(sum) == 0;
    }

    /** Whether the transport checksum of an IPv6 packet (no extension headers) verifies. */
    public static boolean l4ChecksumOk6(byte[] p) {
        ByteBuffer b = ByteBuffer.wrap(p);
        int len = b.getShort(4) & 0xffff;
        int sum = Checksums.add(
                Checksums.pseudoHeader6(b.getLong(8), b.getLong(16), b.getLong(24), b.getLong(32), p[6] & 0xff, len),
                Checksums.sum(p, 40, len));
        return Checksums.finish(sum) == 0;
    }
}
