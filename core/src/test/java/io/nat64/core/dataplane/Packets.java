package io.nat64.core.dataplane;

import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.packet.Checksums;
import java.nio.ByteBuffer;

/** Small IPv6 packets for the data-plane tests. */
final class Packets {
    static final Ipv6Address CLIENT = Ipv6Address.parse("2001:db8::8");
    static final Ipv6Address SERVER6 = Ipv6Address.parse("64:ff9b::c000:208");

    private Packets() {}

    /** UDP from the client's port {@code sport} to 64:ff9b::c000:208 port 7, checksum right. */
    static byte[] udp6(int sport) {
        byte[] payload = {'h', 'i'};
        ByteBuffer l4 = ByteBuffer.allocate(8 + payload.length);
        l4.putShort((short) sport)
                .putShort((short) 7)
                .putShort((short) (8 + payload.length))
                .putShort((short) 0);
        l4.put(payload);
        return ipv6(CLIENT, SERVER6, 17, l4.array(), 6);
    }

    /** ICMPv6 of {@code type} (no body beyond 4 bytes) from fe80::1 to {@code dst}. */
    static byte[] icmp6(int type, Ipv6Address dst) {
        byte[] l4 = {(byte) type, 0, 0, 0, 0, 0, 0, 0};
        return ipv6(Ipv6Address.parse("fe80::1"), dst, 58, l4, 2);
    }

    static byte[] ipv6(Ipv6Address src, Ipv6Address dst, int next, byte[] l4, int csumAt) {
        ByteBuffer b = ByteBuffer.allocate(40 + l4.length);
        b.putInt(0x60000000).putShort((short) l4.length).put((byte) next).put((byte) 64);
        b.putLong(src.high())
                .putLong(src.low())
                .putLong(dst.high())
                .putLong(dst.low())
                .put(l4);
        byte[] p = b.array();
        int sum = Checksums.add(
                Checksums.pseudoHeader6(src.high(), src.low(), dst.high(), dst.low(), next, l4.length),
                Checksums.sum(p, 40, l4.length));
        int c = Checksums.finish(sum);
        p[40 + csumAt] = (byte) (c >> 8);
        p[40 + csumAt + 1] = (byte) c;
        return p;
    }

    /** {@code packet} in a direct buffer from index 0, as a TUN reader holds it. */
    static ByteBuffer direct(byte[] packet) {
        ByteBuffer b = ByteBuffer.allocateDirect(65_536);
        b.put(0, packet);
        return b;
    }
}
