package io.nat64.core.session;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;

/**
 * An immutable copy of one session, as it leaves the owner thread (RFC 6146 names, 6-to-4 point of view:
 * {@code src6 -- dst6 | src4 -- dst4}). For ICMP the ports are echo identifiers.
 *
 * @param updateTime when its timer was last refreshed, in the instance's clock (ms)
 * @param expiresAt when it expires unless refreshed: {@code updateTime} plus the timeout of {@code timer}
 */
public record Session(
        L4Protocol protocol,
        Ipv6Address src6,
        int src6Port,
        Ipv6Address dst6,
        int dst6Port,
        Ipv4Address src4,
        int src4Port,
        Ipv4Address dst4,
        int dst4Port,
        TcpState state,
        TimerType timer,
        long updateTime,
        long expiresAt) {

    /** Milliseconds left at {@code now}, never negative. */
    public long remaining(long now) {
        return Math.max(0, expiresAt - now);
    }
}
