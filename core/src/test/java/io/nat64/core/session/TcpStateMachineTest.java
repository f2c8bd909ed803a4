package io.nat64.core.session;

import static io.nat64.core.session.Fate.DROP;
import static io.nat64.core.session.Fate.PRESERVE;
import static io.nat64.core.session.Fate.PROBE;
import static io.nat64.core.session.Fate.RM;
import static io.nat64.core.session.Fate.TIMER_EST;
import static io.nat64.core.session.Fate.TIMER_TRANS;
import static io.nat64.core.session.TcpState.ESTABLISHED;
import static io.nat64.core.session.TcpState.TRANS;
import static io.nat64.core.session.TcpState.V4_FIN_RCV;
import static io.nat64.core.session.TcpState.V4_FIN_V6_FIN_RCV;
import static io.nat64.core.session.TcpState.V4_INIT;
import static io.nat64.core.session.TcpState.V6_FIN_RCV;
import static io.nat64.core.session.TcpState.V6_INIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every (state, segment, stored packet, handle-rst-during-fin-rcv) input against a transition table
 * written here as data and reviewed against RFC 6146 section 3.5.2.2 and Jool's
 * {@code filtering_and_updating.c}. The rows of a state are disjoint and cover all 64 inputs, so the
 * order of the rows does not matter and every input has exactly one expected answer.
 */
class TcpStateMachineTest {

    static final int STORED = 0x10;
    static final int HANDLE_RST = 0x20;
    static final int INPUTS = 64;

    private static final Map<String, Integer> WORDS = Map.of("stored", STORED, "handleRst", HANDLE_RST);

    record Row(TcpState state, InputPattern when, Transition expected) {}

    private static Row row(TcpState state, String when, TcpState next, Fate fate) {
        return new Row(state, InputPattern.parse(when, WORDS), new Transition(next, fate));
    }

    /** The reviewed table. Every row is RFC 6146 section 3.5.2.2 unless its comment names Jool. */
    static final List<Row> TABLE = List.of(
            // V4 INIT: a V6 SYN completes the simultaneous open; a stored packet is discarded.
            row(V4_INIT, "v6 SYN", ESTABLISHED, TIMER_EST),
            // V4 INIT: any other packet is translated; the lifetime is not touched.
            row(V4_INIT, "v6 !SYN", V4_INIT, PRESERVE),
            row(V4_INIT, "v4 !stored", V4_INIT, PRESERVE),
            // Jool: while a type 2 SYN is stored, any IPv4 packet is dropped (FATE_DROP, SO_EXISTS).
            row(V4_INIT, "v4 stored", V4_INIT, DROP),
            // V6 INIT: a V4 SYN establishes.
            row(V6_INIT, "v4 SYN", ESTABLISHED, TIMER_EST),
            // V6 INIT: a retransmitted V6 SYN refreshes the transitory lifetime.
            row(V6_INIT, "v6 SYN", V6_INIT, TIMER_TRANS),
            // V6 INIT: any other packet is translated; the lifetime is not touched.
            row(V6_INIT, "!SYN", V6_INIT, PRESERVE),
            // ESTABLISHED: a FIN moves to the FIN RCV state of its side, lifetime not updated.
            // Jool tests FIN before RST: FIN+RST is a FIN.
            row(ESTABLISHED, "v4 FIN", V4_FIN_RCV, PRESERVE),
            row(ESTABLISHED, "v6 FIN", V6_FIN_RCV, PRESERVE),
            // ESTABLISHED: a RST moves to TRANS with the transitory lifetime.
            row(ESTABLISHED, "!FIN RST", TRANS, TIMER_TRANS),
            // ESTABLISHED: any other packet refreshes the established lifetime.
            row(ESTABLISHED, "!FIN !RST", ESTABLISHED, TIMER_EST),
            // V4 FIN RCV: a V6 FIN moves to V6 FIN + V4 FIN RCV, transitory lifetime (tested before RST).
            row(V4_FIN_RCV, "v6 FIN", V4_FIN_V6_FIN_RCV, TIMER_TRANS),
            // Jool issue #212, handle-rst-during-fin-rcv: a RST keeps the state, transitory lifetime.
            row(V4_FIN_RCV, "v4 RST handleRst", V4_FIN_RCV, TIMER_TRANS),
            row(V4_FIN_RCV, "v6 !FIN RST handleRst", V4_FIN_RCV, TIMER_TRANS),
            // V4 FIN RCV: any other packet (a V4 FIN too) refreshes the established lifetime.
            row(V4_FIN_RCV, "v4 !RST", V4_FIN_RCV, TIMER_EST),
            row(V4_FIN_RCV, "v4 RST !handleRst", V4_FIN_RCV, TIMER_EST),
            row(V4_FIN_RCV, "v6 !FIN !RST", V4_FIN_RCV, TIMER_EST),
            row(V4_FIN_RCV, "v6 !FIN RST !handleRst", V4_FIN_RCV, TIMER_EST),
            // V6 FIN RCV: the mirror image.
            row(V6_FIN_RCV, "v4 FIN", V4_FIN_V6_FIN_RCV, TIMER_TRANS),
            row(V6_FIN_RCV, "v6 RST handleRst", V6_FIN_RCV, TIMER_TRANS),
            row(V6_FIN_RCV, "v4 !FIN RST handleRst", V6_FIN_RCV, TIMER_TRANS),
            row(V6_FIN_RCV, "v6 !RST", V6_FIN_RCV, TIMER_EST),
            row(V6_FIN_RCV, "v6 RST !handleRst", V6_FIN_RCV, TIMER_EST),
            row(V6_FIN_RCV, "v4 !FIN !RST", V6_FIN_RCV, TIMER_EST),
            row(V6_FIN_RCV, "v4 !FIN RST !handleRst", V6_FIN_RCV, TIMER_EST),
            // V6 FIN + V4 FIN RCV: everything translated, lifetime not updated; only the timer ends it.
            row(V4_FIN_V6_FIN_RCV, "*", V4_FIN_V6_FIN_RCV, PRESERVE),
            // TRANS: anything but a RST goes back to ESTABLISHED with the established lifetime.
            row(TRANS, "!RST", ESTABLISHED, TIMER_EST),
            // TRANS: a RST is translated; the lifetime is not touched.
            row(TRANS, "RST", TRANS, PRESERVE));

    static Transition stepOf(TcpState state, int input) {
        return TcpStateMachine.step(state, input & 0xf, (input & STORED) != 0, (input & HANDLE_RST) != 0);
    }

    private static List<Row> rowsMatching(TcpState state, int input) {
        List<Row> rows = new ArrayList<>();
        for (Row row : TABLE) {
            if (row.state() == state && row.when().matches(input)) {
                rows.add(row);
            }
        }
        return rows;
    }

    @ParameterizedTest
    @EnumSource(TcpState.class)
    void everyInputMatchesExactlyOneRowOfTheTable(TcpState state) {
        for (int input = 0; input < INPUTS; input++) {
            assertThat(rowsMatching(state, input))
                    .as("%s %s", state, describe(input))
                    .hasSize(1);
        }
    }

    @Test
    void everyRowOfTheTableMatchesSomeInput() {
        for (Row row : TABLE) {
            boolean used = false;
            for (int input = 0; input < INPUTS; input++) {
                used |= row.when().matches(input);
            }
            assertThat(used).as("%s", row).isTrue();
        }
    }

    @Test
    void stepAgreesWithTheReviewedTableOnEveryInput() {
        int checked = 0;
        for (TcpState state : TcpState.values()) {
            for (int input = 0; input < INPUTS; input++) {
                Transition expected = rowsMatching(state, input).get(0).expected();
                Transition actual = stepOf(state, input);
                assertThat(actual).as("%s %s", state, describe(input)).isEqualTo(expected);
                assertThat(actual).isSameAs(Transition.of(expected.next(), expected.fate()));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(7 * 64);
    }

    @Test
    void perStateMethodsAgreeWithStep() {
        for (int input = 0; input < INPUTS; input++) {
            int segment = input & 0xf;
            boolean stored = (input & STORED) != 0;
            boolean handleRst = (input & HANDLE_RST) != 0;
            assertThat(TcpStateMachine.v4Init(segment, stored)).isSameAs(stepOf(V4_INIT, input));
            assertThat(TcpStateMachine.v6Init(segment)).isSameAs(stepOf(V6_INIT, input));
            assertThat(TcpStateMachine.established(segment)).isSameAs(stepOf(ESTABLISHED, input));
            assertThat(TcpStateMachine.v4FinRcv(segment, handleRst)).isSameAs(stepOf(V4_FIN_RCV, input));
            assertThat(TcpStateMachine.v6FinRcv(segment, handleRst)).isSameAs(stepOf(V6_FIN_RCV, input));
            assertThat(TcpStateMachine.v4FinV6FinRcv(segment)).isSameAs(stepOf(V4_FIN_V6_FIN_RCV, input));
            assertThat(TcpStateMachine.trans(segment)).isSameAs(stepOf(TRANS, input));
        }
    }

    /** Jool's test_tcp in test/unit/filtering/filtering_and_updating_test.c. */
    @Test
    void joolChainV6SynV4SynV6RstV6Syn() {
        int v6Syn = TcpSegment.fromIpv6(TcpSegment.SYN);
        int v4Syn = TcpSegment.fromIpv4(TcpSegment.SYN);
        int v6Rst = TcpSegment.fromIpv6(TcpSegment.RST);

        ClosedDecision closed = TcpStateMachine.closedDecision(v6Syn, false, false, false);
        assertThat(closed).isEqualTo(ClosedDecision.CREATE_V6_INIT);
        assertThat(closed.initialState()).isEqualTo(V6_INIT);
        assertThat(closed.timer()).isEqualTo(TimerType.TRANS);

        Transition established = TcpStateMachine.step(V6_INIT, v4Syn, false, false);
        assertThat(established).isEqualTo(new Transition(ESTABLISHED, TIMER_EST));
        Transition trans = TcpStateMachine.step(established.next(), v6Rst, false, false);
        assertThat(trans).isEqualTo(new Transition(TRANS, TIMER_TRANS));
        Transition again = TcpStateMachine.step(trans.next(), v6Syn, false, false);
        assertThat(again).isEqualTo(new Transition(ESTABLISHED, TIMER_EST));
    }

    @Test
    void establishedTimerExpiryProbesEstablishedAndRemovesTheRest() {
        assertThat(TcpStateMachine.onEstablishedTimerExpiry(ESTABLISHED)).isEqualTo(new Transition(TRANS, PROBE));
        for (TcpState state : TcpState.values()) {
            if (state != ESTABLISHED) {
                assertThat(TcpStateMachine.onEstablishedTimerExpiry(state)).isEqualTo(new Transition(state, RM));
            }
        }
    }

    @Test
    void onlyEstablishedAndFinRcvStatesBelongOnTheEstablishedTimer() {
        for (TcpState state : TcpState.values()) {
            boolean expected = state == ESTABLISHED || state == V4_FIN_RCV || state == V6_FIN_RCV;
            assertThat(TcpStateMachine.belongsOnEstablishedTimer(state))
                    .as("%s", state)
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(TcpState.class)
    void valuesOutsideTheSixteenSegmentKindsAreRejected(TcpState state) {
        for (int bad : new int[] {-1, 16, 0x12, Integer.MIN_VALUE}) {
            assertThatIllegalArgumentException().isThrownBy(() -> TcpStateMachine.step(state, bad, false, false));
        }
    }

    static String describe(int input) {
        return TcpSegment.toString(input & 0xf)
                + ((input & STORED) != 0 ? " stored" : "")
                + ((input & HANDLE_RST) != 0 ? " handleRst" : "");
    }
}
