package io.nat64.core.dataplane;

import java.nio.ByteBuffer;

/**
 * Recognises what the kernel sends on its own into a fresh TUN interface and a NAT64 never translates: IPv6
 * neighbour discovery (router and neighbour solicitations and advertisements, redirects) and anything addressed to
 * an IPv6 multicast group (MLD reports). The reader skips them before they reach the owner thread.
 */
final class ControlPackets {
    private static final int NEXT_HEADER = 6;
    private static final int DESTINATION = 24;
    private static final int ICMPV6 = 58;
    private static final int ROUTER_SOLICITATION = 133;
    private static final int REDIRECT = 137;

    private ControlPackets() {}

    /** Whether {@code buffer[0, length)} is IPv6 neighbour discovery or multicast. */
    static boolean isSkipped(ByteBuffer buffer, int length) {
        if (length < 40 || (buffer.get(0) & 0xf0) != 0x60) {
            return false;
        }
        if (buffer.get(DESTINATION) == (byte) 0xff) {
            return true;
        }
        if ((buffer.get(NEXT_HEADER) & 0xff) != ICMPV6 || length < 41) {
            return false;
        }
        int type = buffer.get(40) & 0xff;
        return type >= ROUTER_SOLICITATION && type <= REDIRECT;
    }
}
