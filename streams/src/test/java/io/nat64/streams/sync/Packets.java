package io.nat64.streams.sync;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.packet.Checksums;
import java.nio.ByteBuffer;

/** Well-formed IPv6 and IPv4 TCP and UDP packets with correct checksums, to drive an instance in tests. */
final class Packets {
    static final int SYN = 0x02;
    static final int ACK = 0x10;

    private Packets() {}

    static byte[] udp6(Ipv6Address src, int sport, Ipv6Address dst, int dport) {
        ByteBuffer b = ByteBuffer.allocate(12);
        b.putShort((short) sport).putShort((short) dport).putShort((short) 12).putShort((short) 0);
        b.put(new byte[] {'s', 'y', 'n', 'c'});
        return ipv6(src, dst, 17, b.array(), 6);
    }

    static byte[] echo6(Ipv6Address src, Ipv6Address dst, int id) {
        byte[] l4 = {(byte) 128, 0, 0, 0, (byte) (id >> 8), (byte) id, 0, 1, 'p', 'i', 'n', 'g'};
        return ipv6(src, dst, 58, l4, 2);
    }

    static byte[] tcp6(Ipv6Address src, int sport, Ipv6Address dst, int dport, int flags) {
        return ipv6(src, dst, 6, tcp(sport, dport, flags), 16);
    }

    static byte[] tcp4(Ipv4Address src, int sport, Ipv4Address dst, int dport, int flags) {
        return ipv4(src, dst, 6, tcp(sport, dport, flags), 16);
    }

    private static byte[] tcp(int sport, int dport, int flags) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.putShort((short) sport).putShort((short) dport).putInt(1000).putInt(flags == SYN ? 0 : 1);
        b.put((byte) 0x50)
                .put((byte) flags)
                .putShort((short) 8192)
                .putShort((short) 0)
                .putShort((short) 0);
        return b.array();
    }

    private static byte[] ipv6(Ipv6Address src, Ipv6Address dst, int next, byte[] l4, int csumAt) {
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

    private static byte[] ipv4(Ipv4Address src, Ipv4Address dst, int proto, byte[] l4, int csumAt) {
        ByteBuffer b = ByteBuffer.allocate(20 + l4.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length)).putShort((short) 0x1234);
        b.putShort((short) 0x4000).put((byte) 64).put((byte) proto).putShort((short) 0);
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
}
