package io.nat64.core.session;

import static io.nat64.core.session.TableFixture.CLIENT;
import static io.nat64.core.session.TableFixture.POOL4;
import static io.nat64.core.session.TableFixture.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.session.SessionMutation.Kind;
import org.junit.jupiter.api.Test;

/**
 * A packet's lookup hint (the flow hash {@link BurstPrefetch} computed while reading it ahead) finds the same
 * session as the packet's own key, and a wrong hint never loses a session or makes a second one.
 */
class LookupHintTest {
    private static final int ACK6 = TcpSegment.fromIpv6(0);
    private static final int ACK4 = TcpSegment.fromIpv4(0);
    private static final long WRONG = 0x1234_5678_9abc_def0L;

    private final TableFixture f = new TableFixture();
    private final Mapping out = new Mapping();

    private int established(int src6Port, long now) {
        assertThat(f.tcp6(src6Port, 443, TcpSegment.fromIpv6(TcpSegment.SYN), now))
                .isEqualTo(Verdict.TRANSLATE);
        int mask = f.out.src4Port();
        assertThat(f.tcp4(mask, 443, TcpSegment.fromIpv4(TcpSegment.SYN), now)).isEqualTo(Verdict.TRANSLATE);
        return mask;
    }

    private Verdict ack6(long hint, int src6Port, long now) {
        return f.tcp()
                .tcp6(
                        hint,
                        CLIENT.high(),
                        CLIENT.low(),
                        src6Port,
                        f.pool6.embedHigh(SERVER.bits()),
                        f.pool6.embedLow(SERVER.bits()),
                        SERVER.bits(),
                        443,
                        ACK6,
                        now,
                        out);
    }

    private Verdict ack4(long hint, int mask, long now) {
        return f.tcp().tcp4(hint, POOL4.bits(), mask, SERVER.bits(), 443, ACK4, new byte[0], 0, 0, now, out);
    }

    @Test
    void theBurstsHashesFindTheSessionsFromBothSides() {
        int mask = established(40000, 0);
        BurstPrefetch burst = new BurstPrefetch();
        assertThat(burst.add6(f.tcp(), CLIENT.high(), CLIENT.low(), 40000, SERVER.bits(), 443))
                .isTrue();
        assertThat(burst.add4(f.tcp(), POOL4.bits(), mask, SERVER.bits(), 443)).isTrue();
        burst.run();

        assertThat(ack6(burst.hash(0), 40000, 10)).isEqualTo(Verdict.TRANSLATE);
        assertThat(out.src4Port()).isEqualTo(mask);
        assertThat(ack4(burst.hash(1), mask, 20)).isEqualTo(Verdict.TRANSLATE);
        assertThat(out.src6Port()).isEqualTo(40000);
        assertThat(f.tcp().sessionCount()).isEqualTo(1);
        assertThat(burst.hash(0))
                .isEqualTo(f.tcp().flows.hash6(CLIENT.high(), CLIENT.low(), 40000, SERVER.bits(), 443));
    }

    @Test
    void aWrongHintStillFindsTheSessionAndRefreshesIt() {
        int mask = established(40000, 0);
        f.mutations.clear();

        assertThat(ack6(WRONG, 40000, 5_000)).isEqualTo(Verdict.TRANSLATE);
        assertThat(out.src4Port()).isEqualTo(mask);
        assertThat(ack4(WRONG, mask, 6_000)).isEqualTo(Verdict.TRANSLATE);
        assertThat(out.src6Port()).isEqualTo(40000);

        assertThat(f.tcp().sessionCount()).isEqualTo(1);
        assertThat(f.tcp().find(CLIENT, 40000, SERVER, 443).updateTime()).isEqualTo(6_000);
        assertThat(f.kinds()).doesNotContain(Kind.ADDED);
    }

    @Test
    void aWrongHintForANewFlowCreatesItOnce() {
        assertThat(f.tcp()
                        .tcp6(
                                WRONG,
                                CLIENT.high(),
                                CLIENT.low(),
                                40001,
                                f.pool6.embedHigh(SERVER.bits()),
                                f.pool6.embedLow(SERVER.bits()),
                                SERVER.bits(),
                                443,
                                TcpSegment.fromIpv6(TcpSegment.SYN),
                                0,
                                out))
                .isEqualTo(Verdict.TRANSLATE);
        assertThat(ack6(WRONG, 40001, 1)).isEqualTo(Verdict.TRANSLATE);
        assertThat(f.tcp().sessionCount()).isEqualTo(1);
        assertThat(f.kinds()).containsExactly(Kind.ADDED);
    }

    @Test
    void udpHintsFromEitherSideFindTheSession() {
        assertThat(f.udp6(CLIENT, 5353, SERVER, 53, 0)).isEqualTo(Verdict.TRANSLATE);
        int mask = f.out.src4Port();
        BurstPrefetch burst = new BurstPrefetch();
        burst.add6(f.udp(), CLIENT.high(), CLIENT.low(), 5353, SERVER.bits(), 53);
        burst.add4(f.udp(), POOL4.bits(), mask, SERVER.bits(), 53);
        burst.run();

        assertThat(f.udp()
                        .udpIcmp6(
                                burst.hash(0),
                                CLIENT.high(),
                                CLIENT.low(),
                                5353,
                                f.pool6.embedHigh(SERVER.bits()),
                                f.pool6.embedLow(SERVER.bits()),
                                SERVER.bits(),
                                53,
                                1_000,
                                out))
                .isEqualTo(Verdict.TRANSLATE);
        assertThat(f.udp().udpIcmp4(WRONG, POOL4.bits(), mask, SERVER.bits(), 53, 2_000, out))
                .isEqualTo(Verdict.TRANSLATE);
        assertThat(f.udp().sessionCount()).isEqualTo(1);
        assertThat(f.udp().find(CLIENT, 5353, SERVER, 53).updateTime()).isEqualTo(2_000);
    }

    @Test
    void burstsMixingTablesSidesAndNewFlowsReadAheadNothingAndHintEverySession() {
        int flows = 3_000; // indexes of thousands of entries: homes land everywhere, the last entry included
        int[] udpMask = new int[flows];
        for (int i = 0; i < flows; i++) {
            assertThat(f.udp6(CLIENT, 10_000 + i, SERVER, 53, 0)).isEqualTo(Verdict.TRANSLATE);
            udpMask[i] = f.out.src4Port();
        }
        int[] tcpMask = new int[flows / 10];
        for (int i = 0; i < tcpMask.length; i++) {
            tcpMask[i] = established(20_000 + i, 0);
        }
        f.mutations.clear();
        BibTable udp = f.udp();
        BibTable tcp = f.tcp();
        BurstPrefetch burst = new BurstPrefetch();
        for (int from = 0; from < flows; from += BurstPrefetch.CAPACITY / 4) {
            int n = Math.min(BurstPrefetch.CAPACITY / 4, flows - from);
            for (int i = from; i < from + n; i++) {
                int t = i % tcpMask.length;
                assertThat(burst.add6(udp, CLIENT.high(), CLIENT.low(), 10_000 + i, SERVER.bits(), 53))
                        .isTrue();
                assertThat(burst.add4(tcp, POOL4.bits(), tcpMask[t], SERVER.bits(), 443))
                        .isTrue();
                assertThat(burst.add6(udp, CLIENT.high(), CLIENT.low(), 30_000 + i, SERVER.bits(), 53))
                        .isTrue();
                assertThat(burst.add4(udp, POOL4.bits(), udpMask[i], SERVER.bits(), 53))
                        .isTrue();
            }
            burst.run();
            assertThat(burst.size()).isZero();
            for (int j = 0; j < n; j++) {
                int i = from + j;
                int t = i % tcpMask.length;
                long h6 = burst.hash(4 * j);
                int s6 = udp.find6(h6, CLIENT.high(), CLIENT.low(), 10_000 + i, SERVER.bits(), 53);
                assertThat(s6).isNotEqualTo(FlowTable.NIL);
                assertThat(udp.find6(BibTable.NO_HINT, CLIENT.high(), CLIENT.low(), 10_000 + i, SERVER.bits(), 53))
                        .isEqualTo(s6);
                assertThat(tcp.find4(burst.hash(4 * j + 1), POOL4.bits(), tcpMask[t], SERVER.bits(), 443))
                        .isNotEqualTo(FlowTable.NIL);
                assertThat(udp.find6(burst.hash(4 * j + 2), CLIENT.high(), CLIENT.low(), 30_000 + i, SERVER.bits(), 53))
                        .isEqualTo(FlowTable.NIL);
                assertThat(udp.find4(burst.hash(4 * j + 3), POOL4.bits(), udpMask[i], SERVER.bits(), 53))
                        .isEqualTo(s6);
            }
        }
        // an unknown IPv4 flow whose home is the index's last entry: its second entry is the first one
        int cap = udp.flows.indexCapacity();
        int last = 1;
        while (FlowTable.home(udp.flows.hash4(POOL4.bits(), udpMask[0], SERVER.bits(), last), cap) != cap - 1) {
            last++;
        }
        assertThat(last).isLessThan(65_536);
        burst.add4(udp, POOL4.bits(), udpMask[0], SERVER.bits(), last);
        burst.run();
        assertThat(udp.find4(burst.hash(0), POOL4.bits(), udpMask[0], SERVER.bits(), last))
                .isEqualTo(FlowTable.NIL);
        assertThat(udp.sessionCount()).isEqualTo(flows);
        assertThat(tcp.sessionCount()).isEqualTo(tcpMask.length);
        assertThat(f.mutations).isEmpty();
    }
}
