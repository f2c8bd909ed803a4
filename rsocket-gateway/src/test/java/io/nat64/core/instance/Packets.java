package io.nat64.core.instance;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;

/** Core's package-private {@link TestPackets}, opened to the gateway's tests. */
public final class Packets {
    /** TCP flag SYN. */
    public static final int SYN = 0x02;

    private Packets() {}

    /** An IPv6 UDP packet. */
    public static byte[] udp6(Ipv6Address src, int sport, Ipv6Address dst, int dport) {
        return TestPackets.udp6(src, sport, dst, dport, new byte[] {'h', 'i'});
    }

    /** An IPv6 TCP segment with {@code flags}. */
    public static byte[] tcp6(Ipv6Address src, int sport, Ipv6Address dst, int dport, int flags) {
        return TestPackets.tcp6(src, sport, dst, dport, flags);
    }

    /** An IPv4 TCP segment with {@code flags}. */
    public static byte[] tcp4(Ipv4Address src, int sport, Ipv4Address dst, int dport, int flags) {
        return TestPackets.tcp4(src, sport, dst, dport, flags);
    }

    /** An ICMPv6 echo request with identifier {@code id}. */
    public static byte[] echo6(Ipv6Address src, Ipv6Address dst, int id) {
        return TestPackets.echo6(src, dst, id);
    }
}
