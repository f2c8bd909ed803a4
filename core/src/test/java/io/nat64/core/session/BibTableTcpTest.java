package io.nat64.core.session;

import static io.nat64.core.session.TcpSegment.FIN;
import static io.nat64.core.session.TcpSegment.RST;
import static io.nat64.core.session.TcpSegment.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.config.GlobalKey;
import io.nat64.core.config.Globals;
import io.nat64.core.session.SessionMutation.Kind;
import io.nat64.core.session.SessionMutation.RemovalReason;
import org.junit.jupiter.api.Test;

class BibTableTcpTest {
    static final int V6_SYN = TcpSegment.fromIpv6(SYN);
    static final int V4_SYN = TcpSegment.fromIpv4(SYN);
    static final int V6_ACK = TcpSegment.fromIpv6(0);
    static final int V4_ACK = TcpSegment.fromIpv4(0);
    static final int V6_FIN = TcpSegment.fromIpv6(FIN);
    static final int V4_FIN = TcpSegment.fromIpv4(FIN);
    static final int V6_RST = TcpSegment.fromIpv6(RST);

    private static Session only(TableFixture f) {
        assertThat(f.tcp().sessionCount()).isEqualTo(1);
        return f.tcp().sessions().get(0);
    }

    @Test
    void joolsChainV6SynV4SynV6RstV6SynWalksTheStatesAndTimers() {
        TableFixture f = new TableFixture();
        f.tcp6(1212, 3434, V6_SYN, 0);
        int mask = f.out.src4Port();
        assertThat(only(f)).satisfies(s -> {
            assertThat(s.state()).isEqualTo(TcpState.V6_INIT);
            assertThat(s.timer()).isEqualTo(TimerType.TRANS);
            assertThat(s.expiresAt()).isEqualTo(240_000);
        });
        f.tcp4(mask, 3434, V4_SYN, 10);
        assertThat(only(f)).satisfies(s -> {
            assertThat(s.state()).isEqualTo(TcpState.ESTABLISHED);
            assertThat(s.timer()).isEqualTo(TimerType.EST);
            assertThat(s.expiresAt()).isEqualTo(10 + 7_200_000);
        });
        f.tcp6(1212, 3434, V6_RST, 20);
        assertThat(only(f).state()).isEqualTo(TcpState.TRANS);
        assertThat(only(f).expiresAt()).isEqualTo(20 + 240_000);
        f.tcp6(1212, 3434, V6_SYN, 30);
        assertThat(only(f).state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(only(f).timer()).isEqualTo(TimerType.EST);
        assertThat(f.kinds()).containsExactly(Kind.ADDED, Kind.UPDATED, Kind.UPDATED, Kind.UPDATED);
    }

    @Test
    void finFromBothSidesEndsOnTheTransitoryTimerAndCloses() {
        TableFixture f = new TableFixture();
        f.tcp6(1000, 80, V6_SYN, 0);
        int mask = f.out.src4Port();
        f.tcp4(mask, 80, V4_SYN, 1);
        f.tcp4(mask, 80, V4_FIN, 2);
        assertThat(only(f).state()).isEqualTo(TcpState.V4_FIN_RCV);
        assertThat(only(f).updateTime()).as("a FIN does not refresh the timer").isEqualTo(1);
        f.tcp6(1000, 80, V6_FIN, 3);
        assertThat(only(f).state()).isEqualTo(TcpState.V4_FIN_V6_FIN_RCV);
        assertThat(only(f).timer()).isEqualTo(TimerType.TRANS);
        f.tcp().expire(3 + 240_000, 100);
        assertThat(f.tcp().sessionCount()).isZero();
        assertThat(f.tcp().bibCount()).isZero();
        assertThat(f.mutations.get(f.mutations.size() - 1).reason()).isEqualTo(RemovalReason.CLOSED);
    }

    @Test
    void nonSynWithoutBibEntryIsDroppedEitherWay() {
        TableFixture f = new TableFixture();
        assertThat(f.tcp6(1000, 80, V6_ACK, 0)).isEqualTo(Verdict.SYN6_EXPECTED);
        assertThat(f.tcp4(61001, 80, V4_ACK, 0)).isEqualTo(Verdict.SYN4_EXPECTED);
        assertThat(f.tcp().bibCount()).isZero();
    }

    @Test
    void nonSynWithBibEntryButNoSessionIsTranslatedWithoutCreatingOne() {
        TableFixture f = new TableFixture();
        f.tcp6(1000, 80, V6_SYN, 0);
        assertThat(f.tcp6(1000, 81, V6_ACK, 1)).isEqualTo(Verdict.TRANSLATE);
        assertThat(f.tcp().sessionCount()).isEqualTo(1);
    }

    @Test
    void establishedTimeoutProbesAndMovesToTransThenRemoves() {
        TableFixture f = new TableFixture();
        f.tcp6(1000, 80, V6_SYN, 0);
        f.tcp4(f.out.src4Port(), 80, V4_SYN, 0);
        f.tcp().expire(7_200_000, 100);
        assertThat(f.probes).singleElement().satisfies(p -> assertThat(p.state())
                .isEqualTo(TcpState.TRANS));
        assertThat(only(f).state()).isEqualTo(TcpState.TRANS);
        assertThat(only(f).expiresAt()).isEqualTo(7_200_000 + 240_000);
        f.tcp().expire(7_200_000 + 240_000, 100);
        assertThat(f.tcp().sessionCount()).isZero();
    }

    @Test
    void answerToTheProbeRevivesTheConnection() {
        TableFixture f = new TableFixture();
        f.tcp6(1000, 80, V6_SYN, 0);
        f.tcp4(f.out.src4Port(), 80, V4_SYN, 0);
        f.tcp().expire(7_200_000, 100);
        f.tcp6(1000, 80, V6_ACK, 7_200_500);
        assertThat(only(f).state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(only(f).expiresAt()).isEqualTo(7_200_500 + 7_200_000);
    }

    @Test
    void externallyInitiatedSynIsDroppedWhenConfigured() {
        TableFixture f =
                new TableFixture(Globals.defaults().with(GlobalKey.DROP_EXTERNALLY_INITIATED_TCP, "on"), 61001, 65535);
        assertThat(f.tcp4(61001, 80, V4_SYN, 0)).isEqualTo(Verdict.EXTERNAL_SYN);
    }

    @Test
    void ipv4SynWithoutBibIsStoredAndAnsweredWithPortUnreachableAfterSixSeconds() {
        TableFixture f = new TableFixture();
        assertThat(f.tcp4(61001, 2601, V4_SYN, 0)).isEqualTo(Verdict.STORED_TYPE1);
        assertThat(f.tcp4(61001, 2601, V4_SYN, 1)).isEqualTo(Verdict.SO_EXISTS);
        f.tcp().expire(5_999, 100);
        assertThat(f.portUnreachables).isEmpty();
        f.tcp().expire(6_000, 100);
        assertThat(f.portUnreachables).singleElement().isEqualTo(new byte[] {0x45, 1, 2, 3});
    }

    @Test
    void ipv6SynMatchingAStoredIpv4SynCompletesTheSimultaneousOpenWithItsMask() {
        TableFixture f = new TableFixture();
        f.tcp4(62000, 2601, V4_SYN, 0);
        assertThat(f.tcp6(2600, 2601, V6_SYN, 100)).isEqualTo(Verdict.TRANSLATE);
        assertThat(f.out.src4Port()).isEqualTo(62000);
        assertThat(only(f).state()).isEqualTo(TcpState.ESTABLISHED);
        f.tcp().expire(10_000, 100);
        assertThat(f.portUnreachables).as("the stored SYN is freed silently").isEmpty();
    }

    @Test
    void storeIsCappedByMaximumSimultaneousOpens() {
        TableFixture f =
                new TableFixture(Globals.defaults().with(GlobalKey.MAXIMUM_SIMULTANEOUS_OPENS, "2"), 61001, 65535);
        f.tcp4(61001, 1, V4_SYN, 0);
        f.tcp4(61001, 2, V4_SYN, 0);
        Verdict third = f.tcp4(61001, 3, V4_SYN, 0);
        assertThat(third).isEqualTo(Verdict.SO_FULL);
        assertThat(third.icmp()).isEqualTo(Verdict.Icmp.PORT_UNREACHABLE_V4);
    }

    @Test
    void withAddressDependentFilteringAnIpv4SynToAnExistingBibIsHeldOnTheSyn4Timer() {
        TableFixture f =
                new TableFixture(Globals.defaults().with(GlobalKey.ADDRESS_DEPENDENT_FILTERING, "true"), 61001, 65535);
        f.tcp6(1000, 80, V6_SYN, 0);
        int mask = f.out.src4Port();
        assertThat(f.tcp4(mask, 4444, V4_SYN, 0)).isEqualTo(Verdict.STORED_TYPE2);
        Session held = f.tcp().sessions().stream()
                .filter(s -> s.dst4Port() == 4444)
                .findFirst()
                .orElseThrow();
        assertThat(held.state()).isEqualTo(TcpState.V4_INIT);
        assertThat(held.timer()).isEqualTo(TimerType.SYN4);
        assertThat(f.tcp4(mask, 4444, V4_SYN, 1))
                .as("IPv4 packets are dropped while one is stored")
                .isEqualTo(Verdict.STATE_DROP);
        f.tcp().expire(6_000, 100);
        assertThat(f.portUnreachables).hasSize(1);
        assertThat(f.tcp().sessionCount()).isEqualTo(1);
    }

    @Test
    void withoutAddressDependentFilteringAnIpv4SynToAnExistingBibOpensV4Init() {
        TableFixture f = new TableFixture();
        f.tcp6(1000, 80, V6_SYN, 0);
        int mask = f.out.src4Port();
        assertThat(f.tcp4(mask, 4444, V4_SYN, 0)).isEqualTo(Verdict.TRANSLATE);
        assertThat(f.out.src6Port()).isEqualTo(1000);
        assertThat(f.tcp().sessionCount()).isEqualTo(2);
        assertThat(f.tcp6(1000, 4444, V6_SYN, 1)).isEqualTo(Verdict.TRANSLATE);
        Session s = f.tcp().sessions().stream()
                .filter(x -> x.dst4Port() == 4444)
                .findFirst()
                .orElseThrow();
        assertThat(s.state()).isEqualTo(TcpState.ESTABLISHED);
    }
}
