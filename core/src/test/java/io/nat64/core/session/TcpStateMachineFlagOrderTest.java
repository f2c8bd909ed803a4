package io.nat64.core.session;

import static io.nat64.core.session.TcpState.ESTABLISHED;
import static io.nat64.core.session.TcpState.TRANS;
import static io.nat64.core.session.TcpState.V4_FIN_RCV;
import static io.nat64.core.session.TcpState.V4_FIN_V6_FIN_RCV;
import static io.nat64.core.session.TcpState.V4_INIT;
import static io.nat64.core.session.TcpState.V6_FIN_RCV;
import static io.nat64.core.session.TcpState.V6_INIT;
import static io.nat64.core.session.TcpStateMachineTest.HANDLE_RST;
import static io.nat64.core.session.TcpStateMachineTest.INPUTS;
import static io.nat64.core.session.TcpStateMachineTest.STORED;
import static io.nat64.core.session.TcpStateMachineTest.describe;
import static io.nat64.core.session.TcpStateMachineTest.stepOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which inputs each state ignores, which flag wins when a segment carries several (Jool's order in
 * {@code filtering_and_updating.c}), and that a step allocates nothing.
 */
class TcpStateMachineFlagOrderTest {

    private static final Set<TcpState> INIT = EnumSet.of(V4_INIT, V6_INIT);

    /** Whether flipping {@code bit} of any input of {@code state} changes nothing. */
    private static void assertIgnored(TcpState state, int bit) {
        for (int input = 0; input < INPUTS; input++) {
            assertThat(stepOf(state, input ^ bit))
                    .as("%s %s, flipping 0x%x", state, describe(input), bit)
                    .isSameAs(stepOf(state, input));
        }
    }

    @Test
    void synIsIgnoredOutsideTheInitStates() {
        for (TcpState state : EnumSet.complementOf(EnumSet.copyOf(INIT))) {
            assertIgnored(state, TcpSegment.SYN);
        }
    }

    @Test
    void finAndRstAreIgnoredInTheInitStates() {
        for (TcpState state : INIT) {
            assertIgnored(state, TcpSegment.FIN);
            assertIgnored(state, TcpSegment.RST);
        }
    }

    @Test
    void aStoredPacketMattersOnlyInV4Init() {
        for (TcpState state : EnumSet.complementOf(EnumSet.of(V4_INIT))) {
            assertIgnored(state, STORED);
        }
    }

    @Test
    void handleRstDuringFinRcvMattersOnlyInTheFinRcvStates() {
        for (TcpState state : EnumSet.complementOf(EnumSet.of(V4_FIN_RCV, V6_FIN_RCV))) {
            assertIgnored(state, HANDLE_RST);
        }
    }

    @Test
    void v4FinV6FinRcvIgnoresEverything() {
        for (int bit : new int[] {TcpSegment.SYN, TcpSegment.FIN, TcpSegment.RST, TcpSegment.FROM_IPV4}) {
            assertIgnored(V4_FIN_V6_FIN_RCV, bit);
        }
    }

    @Test
    void finWinsOverRstInEstablished() {
        int finRst = TcpSegment.FIN | TcpSegment.RST;
        assertThat(TcpStateMachine.established(TcpSegment.fromIpv4(finRst)).next())
                .isEqualTo(V4_FIN_RCV);
        assertThat(TcpStateMachine.established(TcpSegment.fromIpv6(finRst)).next())
                .isEqualTo(V6_FIN_RCV);
    }

    @Test
    void oppositeFinWinsOverRstInFinRcv() {
        int finRst = TcpSegment.FIN | TcpSegment.RST;
        assertThat(TcpStateMachine.v4FinRcv(TcpSegment.fromIpv6(finRst), true).next())
                .isEqualTo(V4_FIN_V6_FIN_RCV);
        assertThat(TcpStateMachine.v6FinRcv(TcpSegment.fromIpv4(finRst), true).next())
                .isEqualTo(V4_FIN_V6_FIN_RCV);
    }

    @Test
    void sameSideFinWithRstCountsAsRstInFinRcv() {
        int finRst = TcpSegment.FIN | TcpSegment.RST;
        assertThat(TcpStateMachine.v4FinRcv(TcpSegment.fromIpv4(finRst), true))
                .isEqualTo(new Transition(V4_FIN_RCV, Fate.TIMER_TRANS));
        assertThat(TcpStateMachine.v4FinRcv(TcpSegment.fromIpv4(finRst), false))
                .isEqualTo(new Transition(V4_FIN_RCV, Fate.TIMER_EST));
    }

    @Test
    void storedPacketDropsEvenAnIpv4SynInV4Init() {
        assertThat(TcpStateMachine.v4Init(TcpSegment.fromIpv4(TcpSegment.SYN), true)
                        .fate())
                .isEqualTo(Fate.DROP);
    }

    @Test
    void rstWithOtherFlagsStaysInTrans() {
        for (int segment = 0; segment < TcpSegment.COUNT; segment++) {
            TcpState expected = TcpSegment.hasRst(segment) ? TRANS : ESTABLISHED;
            assertThat(TcpStateMachine.trans(segment).next()).isEqualTo(expected);
        }
    }

    @Test
    void stepsDoNotAllocate() {
        assumeThat(ManagementFactory.getThreadMXBean()).isInstanceOf(com.sun.management.ThreadMXBean.class);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeThat(threads.isThreadAllocatedMemoryEnabled()).isTrue();
        TcpState[] states = TcpState.values();
        long thread = Thread.currentThread().getId();
        int sink = runSteps(states);
        long before = threads.getThreadAllocatedBytes(thread);
        for (int round = 0; round < 100; round++) {
            sink += runSteps(states);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(sink).isPositive();
        // 100 rounds of 448 steps each; a single allocation per step would be 44 800 objects.
        assertThat(allocated).isLessThan(1024);
    }

    private static int runSteps(TcpState[] states) {
        int sum = 0;
        for (TcpState state : states) {
            for (int input = 0; input < INPUTS; input++) {
                sum += stepOf(state, input).fate().ordinal() + 1;
            }
        }
        return sum;
    }
}
