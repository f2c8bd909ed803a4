package io.nat64.streams.session;

import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.Session;
import org.jspecify.annotations.Nullable;

/**
 * Which sessions a follower wants; a null field matches everything. Applied on the owner thread before
 * buffering, so filtered-out updates cost no buffer space and are never counted as drops.
 *
 * <pre>{@code
 * FollowFilter.all().withProtocol(L4Protocol.TCP).withIpv4(Ipv4Prefix.parse("192.0.2.0/24"))
 * }</pre>
 *
 * @param protocol only this table
 * @param ipv6 only sessions whose IPv6 node (src6) is inside this prefix
 * @param ipv4 only sessions whose pool4 address (src4) or IPv4 peer (dst4) is inside this prefix
 */
public record FollowFilter(@Nullable L4Protocol protocol, @Nullable Ipv6Prefix ipv6, @Nullable Ipv4Prefix ipv4) {

    private static final FollowFilter ALL = new FollowFilter(null, null, null);

    /** Matches every session. */
    public static FollowFilter all() {
        return ALL;
    }

    /** This filter, restricted to {@code p}'s table. */
    public FollowFilter withProtocol(L4Protocol p) {
        return new FollowFilter(p, ipv6, ipv4);
    }

    /** This filter, restricted to IPv6 nodes inside {@code prefix}. */
    public FollowFilter withIpv6(Ipv6Prefix prefix) {
        return new FollowFilter(protocol, prefix, ipv4);
    }

    /** This filter, restricted to sessions with an IPv4 address (either side) inside {@code prefix}. */
    public FollowFilter withIpv4(Ipv4Prefix prefix) {
        return new FollowFilter(protocol, ipv6, prefix);
    }

    /** Whether {@code s} passes. */
    public boolean matches(Session s) {
        if (protocol != null && s.protocol() != protocol) {
            return false;
        }
        if (ipv6 != null && !ipv6.contains(s.src6().high(), s.src6().low())) {
            return false;
        }
        return ipv4 == null
                || ipv4.contains(s.src4().bits())
                || ipv4.contains(s.dst4().bits());
    }
}
