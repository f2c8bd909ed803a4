package io.nat64.core.dataplane;

import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.instance.TestPackets;
import java.nio.ByteBuffer;

/** Small IPv6 packets for the data-plane tests. */
final class Packets {
    static final Ipv6Address CLIENT = Ipv6Address.parse("2001:db8::8");
    static final Ipv6Address SERVER6 = Ipv6Address.parse("64:ff9b::c000:208");

    private Packets() {}

    /** UDP from the client's port {@code sport} to 64:ff9b::c000:208 port 7, checksum right. */
    static byte[] udp6(int sport) {
        return TestPackets.udp6(CLIENT, sport, SERVER6, 7, new byte[] {'h', 'i'});
    }

    /** ICMPv6 of {@code type} (no body beyond 4 bytes) from fe80::1 to {@code dst}. */
    static byte[] icmp6(int type, Ipv6Address dst) {
        byte[] l4 = {(byte) type, 0, 0, 0, 0, 0, 0, 0};
        return ipv6(Ipv6Address.parse("fe80::1"), dst, 58, l4, 2);
    }

    static byte[] ipv6(Ipv6Address src, Ipv6Address dst, int next, byte[] l4, int csumAt) {
        return TestPackets.ipv6(src, dst, next, l4, csumAt);
    }

    /** {@code packet} in a direct buffer from index 0, as a TUN reader holds it. */
    static ByteBuffer direct(byte[] packet) {
        ByteBuffer b = ByteBuffer.allocateDirect(65_536);
        b.put(0, packet);
        return b;
    }
}
