package io.nat64.cli.render;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.Session;
import io.nat64.core.session.TcpState;
import io.nat64.core.session.TimerType;
import io.nat64.gateway.api.SessionView;
import java.util.List;

/** The sessions of the seed's examples (ipv6client.mx making two HTTP requests to example.com), as core records. */
final class SeedSessions {
    static final long NOW = 1_000_000;

    private SeedSessions() {}

    static Session tcp(int src6Port, int src4Port, long remaining) {
        return new Session(
                L4Protocol.TCP,
                Ipv6Address.parse("2001:db8::2"),
                src6Port,
                Ipv6Address.parse("64:ff9b::5db8:d877"),
                80,
                Ipv4Address.parse("192.0.2.1"),
                src4Port,
                Ipv4Address.parse("93.184.216.119"),
                80,
                TcpState.V4_FIN_V6_FIN_RCV,
                TimerType.TRANS,
                NOW + remaining - 240_000,
                NOW + remaining);
    }

    /** The seed's two TCP sessions, in the order the seed prints them. */
    static List<SessionView> seedTcp() {
        return List.of(SessionView.of(tcp(58239, 60477, 177_044), NOW), SessionView.of(tcp(58237, 6617, 232_310), NOW));
    }

    /** A session of the follow example in jool-session.md: UDP or ICMP. */
    static SessionView followExample(L4Protocol p, long remaining) {
        boolean icmp = p == L4Protocol.ICMP;
        return SessionView.of(
                new Session(
                        p,
                        Ipv6Address.parse("2001:db8::8"),
                        icmp ? 211 : 60927,
                        Ipv6Address.parse("64:ff9b::c000:208"),
                        icmp ? 211 : 1234,
                        Ipv4Address.parse("192.0.2.1"),
                        icmp ? 15308 : 62806,
                        Ipv4Address.parse("192.0.2.8"),
                        icmp ? 15308 : 1234,
                        TcpState.ESTABLISHED,
                        TimerType.EST,
                        NOW + remaining - 300_000,
                        NOW + remaining),
                NOW);
    }
}
