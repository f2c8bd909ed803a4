package io.nat64.streams.sync.codec;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.pool.Pool6;
import io.nat64.core.session.Session;
import io.nat64.core.session.TcpState;
import io.nat64.core.session.TimerType;

/**
 * One session as it travels between nodes: what both wire formats carry, nothing more. There is no dst6 (the
 * receiver rebuilds it from its own pool6 and dst4, as Jool does) and no clock, only the remaining lifetime
 * at the moment the datagram was built.
 *
 * @param remainingMillis the sender's remaining lifetime, 0 to 2<sup>32</sup>-1 ms (the wire's u32)
 */
public record SyncRecord(
        L4Protocol protocol,
        Ipv6Address src6,
        int src6Port,
        Ipv4Address src4,
        int src4Port,
        Ipv4Address dst4,
        int dst4Port,
        TcpState state,
        TimerType timer,
        long remainingMillis) {

    /** The largest lifetime the wire can carry (u32 milliseconds, about 49.7 days). */
    public static final long MAX_REMAINING = 0xffff_ffffL;

    /** Checks the ranges the wire imposes. */
    public SyncRecord {
        checkPort("src6Port", src6Port);
        checkPort("src4Port", src4Port);
        checkPort("dst4Port", dst4Port);
        if (remainingMillis < 0 || remainingMillis > MAX_REMAINING) {
            throw new IllegalArgumentException("remainingMillis out of u32 range: " + remainingMillis);
        }
    }

    /** The copy of {@code session} with {@code remainingMillis} of life, clamped to the wire's range. */
    public static SyncRecord of(Session session, long remainingMillis) {
        return new SyncRecord(
                session.protocol(),
                session.src6(),
                session.src6Port(),
                session.src4(),
                session.src4Port(),
                session.dst4(),
                session.dst4Port(),
                session.state(),
                session.timer(),
                Math.max(0, Math.min(MAX_REMAINING, remainingMillis)));
    }

    /**
     * This copy as a session of the receiver at {@code now}: dst6 is {@code pool6} + dst4 (RFC 6052), its port
     * dst4's (ICMP: the IPv6 node's identifier), and it expires {@code remainingMillis} from {@code now}.
     */
    public Session toSession(Pool6 pool6, long now) {
        return new Session(
                protocol,
                src6,
                src6Port,
                pool6.embed(dst4),
                protocol == L4Protocol.ICMP ? src6Port : dst4Port,
                src4,
                src4Port,
                dst4,
                dst4Port,
                state,
                timer,
                now,
                now + remainingMillis);
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException(name + " out of range: " + port);
        }
    }
}
