package io.nat64.core.session;

import static io.nat64.core.session.TableFixture.CLIENT;
import static io.nat64.core.session.TableFixture.POOL4;
import static io.nat64.core.session.TableFixture.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.SessionMutation.Kind;
import org.junit.jupiter.api.Test;

class PeerMergeTest {

    private static Session copy(L4Protocol p, int src6Port, int mask, TcpState state, TimerType timer) {
        return new Session(
                p,
                CLIENT,
                src6Port,
                Ipv6Address.parse("64:ff9b::c000:208"),
                80,
                POOL4,
                mask,
                SERVER,
                80,
                state,
                timer,
                0,
                0);
    }

    @Test
    void unknownSessionIsAddedWithTheSendersRemainingLifetimeAndFlaggedFromPeer() {
        TableFixture f = new TableFixture();
        Session c = copy(L4Protocol.TCP, 1000, 62000, TcpState.ESTABLISHED, TimerType.EST);
        assertThat(f.tcp().merge(c, 3_600_000, 50_000)).isEqualTo(MergeResult.ADDED);
        Session s = f.tcp().sessions().get(0);
        assertThat(s.expiresAt()).isEqualTo(50_000 + 3_600_000);
        assertThat(s.src4Port()).isEqualTo(62000);
        assertThat(f.tcp().bibCount()).isEqualTo(1);
        assertThat(f.mutations).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(Kind.ADDED);
            assertThat(m.fromPeer()).isTrue();
        });
    }

    @Test
    void laterExpiryWinsAndAStaleCopyNeverRollsAFresherSessionBack() {
        TableFixture f = new TableFixture();
        f.tcp6(1000, 80, TcpSegment.fromIpv6(TcpSegment.SYN), 0);
        int mask = f.out.src4Port();
        f.tcp4(mask, 80, TcpSegment.fromIpv4(TcpSegment.SYN), 10); // ESTABLISHED, expires at 10 + 2 h
        Session stale = copy(L4Protocol.TCP, 1000, mask, TcpState.V6_INIT, TimerType.TRANS);
        assertThat(f.tcp().merge(stale, 240_000, 20)).isEqualTo(MergeResult.KEPT_LOCAL);
        assertThat(f.tcp().sessions().get(0).state()).isEqualTo(TcpState.ESTABLISHED);
        Session fresher = copy(L4Protocol.TCP, 1000, mask, TcpState.V4_FIN_RCV, TimerType.EST);
        assertThat(f.tcp().merge(fresher, 7_200_000, 1_000)).isEqualTo(MergeResult.UPDATED);
        Session s = f.tcp().sessions().get(0);
        assertThat(s.state()).isEqualTo(TcpState.V4_FIN_RCV);
        assertThat(s.expiresAt()).isEqualTo(1_000 + 7_200_000);
    }

    @Test
    void aDifferentMaskForTheSameNodeOrAMaskOwnedByAnotherNodeIsAClash() {
        TableFixture f = new TableFixture();
        f.udp6(CLIENT, 5000, SERVER, 53, 0);
        int mask = f.out.src4Port();
        Session otherMask = new Session(
                L4Protocol.UDP,
                CLIENT,
                5000,
                Ipv6Address.parse("64:ff9b::c000:208"),
                53,
                POOL4,
                mask == 65535 ? 65534 : mask + 1,
                SERVER,
                53,
                TcpState.ESTABLISHED,
                TimerType.EST,
                0,
                0);
        assertThat(f.udp().merge(otherMask, 100_000, 1)).isEqualTo(MergeResult.MASK_CLASH);
        Session otherNode = new Session(
                L4Protocol.UDP,
                Ipv6Address.parse("2001:db8::99"),
                7,
                Ipv6Address.parse("64:ff9b::c000:208"),
                53,
                POOL4,
                mask,
                SERVER,
                53,
                TcpState.ESTABLISHED,
                TimerType.EST,
                0,
                0);
        assertThat(f.udp().merge(otherNode, 100_000, 1)).isEqualTo(MergeResult.MASK_CLASH);
        assertThat(f.udp().sessionCount()).isEqualTo(1);
    }

    @Test
    void aMaskOutsidePool4IsRejected() {
        TableFixture f = new TableFixture();
        Session c = new Session(
                L4Protocol.UDP,
                CLIENT,
                1,
                Ipv6Address.parse("64:ff9b::c000:208"),
                53,
                Ipv4Address.parse("203.0.113.5"),
                61001,
                SERVER,
                53,
                TcpState.ESTABLISHED,
                TimerType.EST,
                0,
                0);
        assertThat(f.udp().merge(c, 1000, 0)).isEqualTo(MergeResult.OUTSIDE_POOL4);
        assertThat(f.udp().bibCount()).isZero();
    }

    @Test
    void impossibleCopiesAreRejectedAndChangeNothing() {
        TableFixture f = new TableFixture();
        assertThat(f.udp().merge(copy(L4Protocol.TCP, 1, 62000, TcpState.ESTABLISHED, TimerType.EST), 1000, 0))
                .as("wrong table")
                .isEqualTo(MergeResult.INVALID);
        assertThat(f.udp().merge(copy(L4Protocol.UDP, 1, 62000, TcpState.ESTABLISHED, TimerType.TRANS), 1000, 0))
                .as("UDP on TRANS")
                .isEqualTo(MergeResult.INVALID);
        assertThat(f.tcp().merge(copy(L4Protocol.TCP, 1, 62000, TcpState.ESTABLISHED, TimerType.TRANS), 1000, 0))
                .as("ESTABLISHED on TRANS")
                .isEqualTo(MergeResult.INVALID);
        assertThat(f.tcp().merge(copy(L4Protocol.TCP, 1, 62000, TcpState.V6_INIT, TimerType.SYN4), 1000, 0))
                .as("only V4_INIT waits on SYN4")
                .isEqualTo(MergeResult.INVALID);
        assertThat(f.tcp().merge(copy(L4Protocol.TCP, 1, 62000, TcpState.ESTABLISHED, TimerType.EST), 0, 0))
                .as("no life left")
                .isEqualTo(MergeResult.INVALID);
        assertThat(f.udp().sessionCount() + f.tcp().sessionCount()).isZero();
        assertThat(f.mutations).isEmpty();
    }

    @Test
    void mergedSessionsAreNeverAnnouncedBackButLocalTrafficOnThemIs() {
        TableFixture f = new TableFixture();
        Session c = new Session(
                L4Protocol.UDP,
                CLIENT,
                5000,
                Ipv6Address.parse("64:ff9b::c000:208"),
                53,
                POOL4,
                62000,
                SERVER,
                53,
                TcpState.ESTABLISHED,
                TimerType.EST,
                0,
                0);
        f.udp().merge(c, 300_000, 0);
        f.udp().expire(200_000, 1000);
        assertThat(f.mutations).allSatisfy(m -> assertThat(m.fromPeer()).isTrue());
        f.udp6(CLIENT, 5000, SERVER, 53, 200_000); // after a failover, traffic reaches this node
        f.udp().expire(300_000, 1000);
        assertThat(f.mutations).anySatisfy(m -> {
            assertThat(m.fromPeer()).isFalse();
            assertThat(m.kind()).isEqualTo(Kind.REFRESHED);
        });
        assertThat(f.udp().sessionCount()).isEqualTo(1);
    }
}
