package io.nat64.streams.session;

import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.Timeouts;
import io.nat64.core.session.Session;
import io.nat64.core.session.SessionMutation;
import io.nat64.core.session.SessionMutation.RemovalReason;

/**
 * Renders a mutation as Jool's {@code session follow} line, {@code PROTO,src6,port,src4,port,dst4,port,TIME}
 * ({@code jool-session.md} section 5): addresses always numeric, TIME the remaining lifetime at the event
 * ({@code expiresAt - at}) as {@code H:MM:SS[.mmm]}, and for ICMP the IPv4 identifier printed twice.
 * Stateless; any thread.
 *
 * <pre>{@code
 * FollowLine.format(m)   // "TCP,2001:db8::8,37878,192.0.2.1,62805,192.0.2.8,1234,0:04:00"
 * }</pre>
 *
 * <p>With {@code events} (our {@code --events} extension) a ninth column names the event: {@code ADDED},
 * {@code UPDATED} or {@code REFRESHED}, or for a death its reason ({@code EXPIRED}, {@code CLOSED},
 * {@code EVICTED}, {@code FLUSHED}, {@code REPLACED}).
 */
public final class FollowLine {
    private FollowLine() {}

    /** The line of {@code m}, without the event column. */
    public static String format(SessionMutation m) {
        return appendTo(new StringBuilder(80), m, false).toString();
    }

    /** The line of {@code m}, with the event column when {@code events}. */
    public static String format(SessionMutation m, boolean events) {
        return appendTo(new StringBuilder(96), m, events).toString();
    }

    /** Appends the line of {@code m} (no line terminator) to {@code sb}; returns {@code sb}. */
    public static StringBuilder appendTo(StringBuilder sb, SessionMutation m, boolean events) {
        Session s = m.session();
        boolean icmp = s.protocol() == L4Protocol.ICMP;
        sb.append(s.protocol().name()).append(',');
        sb.append(Ipv6Address.format(s.src6().high(), s.src6().low()));
        sb.append(',').append(s.src6Port()).append(',');
        appendIpv4(sb, s.src4().bits());
        sb.append(',').append(s.src4Port()).append(',');
        appendIpv4(sb, s.dst4().bits());
        sb.append(',').append(icmp ? s.src4Port() : s.dst4Port()).append(',');
        Timeouts.appendTo(sb, s.expiresAt() - m.at());
        if (events) {
            RemovalReason reason = m.reason();
            sb.append(',').append(reason != null ? reason.name() : m.kind().name());
        }
        return sb;
    }

    private static void appendIpv4(StringBuilder sb, int bits) {
        sb.append(bits >>> 24).append('.');
        sb.append((bits >>> 16) & 0xff).append('.');
        sb.append((bits >>> 8) & 0xff).append('.');
        sb.append(bits & 0xff);
    }
}
