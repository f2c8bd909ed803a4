package io.nat64.gateway.api;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.Session;
import org.jspecify.annotations.Nullable;

/**
 * One session as the gateway sends it (RFC 6146 names, 6-to-4 point of view). {@code expiresIn} is the
 * remaining lifetime in milliseconds when it was sent; {@code state} is null for UDP and ICMP.
 */
public record SessionView(
        String protocol,
        String src6,
        int src6Port,
        String dst6,
        int dst6Port,
        String src4,
        int src4Port,
        String dst4,
        int dst4Port,
        @Nullable String state,
        String timer,
        long expiresIn) {

    /** The view of {@code s} at time {@code now} of its instance's clock. */
    public static SessionView of(Session s, long now) {
        return new SessionView(
                s.protocol().name(),
                s.src6().toString(),
                s.src6Port(),
                s.dst6().toString(),
                s.dst6Port(),
                s.src4().toString(),
                s.src4Port(),
                s.dst4().toString(),
                s.dst4Port(),
                s.protocol() == L4Protocol.TCP ? s.state().name() : null,
                s.timer().name(),
                s.remaining(now));
    }
}
