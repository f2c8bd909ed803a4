package io.nat64.streams.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.Session;
import io.nat64.core.session.SessionMutation;
import io.nat64.core.session.SessionMutation.Kind;
import io.nat64.core.session.SessionMutation.RemovalReason;
import io.nat64.core.session.TcpState;
import io.nat64.core.session.TimerType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class FollowLineTest {
    private static final long AT = 1_000_000;

    /** A mutation at {@link #AT} of a session from 2001:db8::8 to 192.0.2.8 with {@code remaining} ms left. */
    private static SessionMutation mutation(
            L4Protocol p,
            int src6Port,
            int src4Port,
            int dst4Port,
            long remaining,
            Kind kind,
            @Nullable RemovalReason reason) {
        Session s = new Session(
                p,
                Ipv6Address.parse("2001:db8::8"),
                src6Port,
                Ipv6Address.parse("64:ff9b::c000:208"),
                dst4Port,
                Ipv4Address.parse("192.0.2.1"),
                src4Port,
                Ipv4Address.parse("192.0.2.8"),
                dst4Port,
                TcpState.ESTABLISHED,
                TimerType.EST,
                AT - 1000,
                AT + remaining);
        return new SessionMutation(kind, s, AT, reason, false);
    }

    private static SessionMutation added(L4Protocol p, int src6Port, int src4Port, int dst4Port, long remaining) {
        return mutation(p, src6Port, src4Port, dst4Port, remaining, Kind.ADDED, null);
    }

    @Test
    void everyLineOfTheSeedExampleComesOutByteForByte() {
        assertThat(FollowLine.format(added(L4Protocol.TCP, 37878, 62805, 1234, 240_000)))
                .isEqualTo("TCP,2001:db8::8,37878,192.0.2.1,62805,192.0.2.8,1234,0:04:00");
        assertThat(FollowLine.format(added(L4Protocol.TCP, 37878, 62805, 1234, 7_198_232)))
                .isEqualTo("TCP,2001:db8::8,37878,192.0.2.1,62805,192.0.2.8,1234,1:59:58.232");
        assertThat(FollowLine.format(added(L4Protocol.UDP, 60927, 62806, 1234, 299_028)))
                .isEqualTo("UDP,2001:db8::8,60927,192.0.2.1,62806,192.0.2.8,1234,0:04:59.028");
        assertThat(FollowLine.format(added(L4Protocol.UDP, 60927, 62806, 1234, 299_292)))
                .isEqualTo("UDP,2001:db8::8,60927,192.0.2.1,62806,192.0.2.8,1234,0:04:59.292");
        assertThat(FollowLine.format(added(L4Protocol.ICMP, 211, 15308, 15308, 60_000)))
                .isEqualTo("ICMP,2001:db8::8,211,192.0.2.1,15308,192.0.2.8,15308,0:01:00");
        assertThat(FollowLine.format(added(L4Protocol.ICMP, 211, 15308, 15308, 57_512)))
                .isEqualTo("ICMP,2001:db8::8,211,192.0.2.1,15308,192.0.2.8,15308,0:00:57.512");
    }

    @Test
    void icmpPrintsTheIpv4IdentifierTwice() {
        assertThat(FollowLine.format(added(L4Protocol.ICMP, 211, 15308, 9999, 60_000)))
                .isEqualTo("ICMP,2001:db8::8,211,192.0.2.1,15308,192.0.2.8,15308,0:01:00");
    }

    @Test
    void timeIsWhatWasLeftAtTheEventAndNeverNegative() {
        assertThat(FollowLine.format(added(L4Protocol.UDP, 1, 2, 3, -5))).endsWith(",0:00:00");
        assertThat(FollowLine.format(added(L4Protocol.TCP, 1, 2, 3, 25 * 3_600_000L + 1)))
                .endsWith(",25:00:00.001");
    }

    @Test
    void theEventColumnNamesTheKindOrForADeathItsReason() {
        assertThat(FollowLine.format(added(L4Protocol.UDP, 1, 2, 3, 300_000), true))
                .isEqualTo("UDP,2001:db8::8,1,192.0.2.1,2,192.0.2.8,3,0:05:00,ADDED");
        assertThat(FollowLine.format(mutation(L4Protocol.TCP, 1, 2, 3, 0, Kind.REMOVED, RemovalReason.CLOSED), true))
                .isEqualTo("TCP,2001:db8::8,1,192.0.2.1,2,192.0.2.8,3,0:00:00,CLOSED");
        assertThat(FollowLine.format(mutation(L4Protocol.TCP, 1, 2, 3, 0, Kind.REFRESHED, null), true))
                .endsWith(",REFRESHED");
    }

    @Test
    void appendToReusesTheCallersBuilder() {
        StringBuilder sb = new StringBuilder("> ");
        FollowLine.appendTo(sb, added(L4Protocol.UDP, 1, 2, 3, 1), false);
        assertThat(sb).hasToString("> UDP,2001:db8::8,1,192.0.2.1,2,192.0.2.8,3,0:00:00.001");
    }
}
