package io.nat64.core.session;

import static io.nat64.core.session.ClosedDecision.CREATE_V4_INIT;
import static io.nat64.core.session.ClosedDecision.CREATE_V6_INIT;
import static io.nat64.core.session.ClosedDecision.DROP_EXTERNAL_SYN;
import static io.nat64.core.session.ClosedDecision.DROP_SYN4_EXPECTED;
import static io.nat64.core.session.ClosedDecision.DROP_SYN6_EXPECTED;
import static io.nat64.core.session.ClosedDecision.STORE_TYPE1;
import static io.nat64.core.session.ClosedDecision.STORE_TYPE2_V4_INIT;
import static io.nat64.core.session.ClosedDecision.TRANSLATE_WITHOUT_SESSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every (segment, BIB exists, drop-externally-initiated-tcp, address-dependent-filtering) input of the
 * CLOSED state against a table reviewed against RFC 6146 section 3.5.2.2 and section 2.4 of
 * {@code jool-session.md} (Jool's {@code bib_add_tcp6}/{@code bib_add_tcp4}). Rows are disjoint and
 * cover all 128 inputs.
 */
class TcpClosedDecisionTest {

    private static final int BIB = 0x10;
    private static final int DROP_EXTERNAL = 0x20;
    private static final int ADF = 0x40;
    private static final int INPUTS = 128;
    private static final Map<String, Integer> WORDS = Map.of("bib", BIB, "dropExternal", DROP_EXTERNAL, "adf", ADF);

    record Row(InputPattern when, ClosedDecision expected) {}

    private static Row row(String when, ClosedDecision expected) {
        return new Row(InputPattern.parse(when, WORDS), expected);
    }

    private static final List<Row> TABLE = List.of(
            // V6 SYN: create BIB entry (if needed) and session, V6 INIT, transitory lifetime.
            row("v6 SYN", CREATE_V6_INIT),
            // Not a SYN, no session: translated when a BIB entry exists (Jool), dropped otherwise.
            row("!SYN bib", TRANSLATE_WITHOUT_SESSION),
            row("v6 !SYN !bib", DROP_SYN6_EXPECTED),
            row("v4 !SYN !bib", DROP_SYN4_EXPECTED),
            // V4 SYN with drop-externally-initiated-tcp (RFC 6146 section 3.5.2.2, "MAY"): silently dropped.
            row("v4 SYN dropExternal", DROP_EXTERNAL_SYN),
            // V4 SYN, no BIB entry: stored up to 6 s awaiting a simultaneous open (type 1).
            row("v4 SYN !dropExternal !bib", STORE_TYPE1),
            // V4 SYN, BIB entry, address-dependent filtering: stored in a V4 INIT session (type 2).
            row("v4 SYN !dropExternal bib adf", STORE_TYPE2_V4_INIT),
            // V4 SYN, BIB entry, endpoint-independent filtering: V4 INIT session, translated.
            row("v4 SYN !dropExternal bib !adf", CREATE_V4_INIT));

    private static ClosedDecision decide(int input) {
        return TcpStateMachine.closedDecision(
                input & 0xf, (input & BIB) != 0, (input & DROP_EXTERNAL) != 0, (input & ADF) != 0);
    }

    @Test
    void everyInputMatchesExactlyOneRowAndClosedDecisionAgrees() {
        int checked = 0;
        for (int input = 0; input < INPUTS; input++) {
            int in = input;
            List<Row> rows = TABLE.stream().filter(r -> r.when().matches(in)).toList();
            assertThat(rows).as("%s", describe(input)).hasSize(1);
            assertThat(decide(input))
                    .as("%s", describe(input))
                    .isEqualTo(rows.get(0).expected());
            checked++;
        }
        assertThat(checked).isEqualTo(INPUTS);
    }

    @Test
    void everyRowMatchesSomeInputAndEveryDecisionHasARow() {
        for (Row row : TABLE) {
            boolean used = false;
            for (int input = 0; input < INPUTS; input++) {
                used |= row.when().matches(input);
            }
            assertThat(used).as("%s", row).isTrue();
        }
        assertThat(TABLE.stream().map(Row::expected).distinct()).containsExactlyInAnyOrder(ClosedDecision.values());
    }

    @Test
    void decisionsThatCreateASessionNameItsStateAndTimer() {
        assertCreates(CREATE_V6_INIT, TcpState.V6_INIT, TimerType.TRANS, true);
        assertCreates(STORE_TYPE2_V4_INIT, TcpState.V4_INIT, TimerType.SYN4, false);
        assertCreates(CREATE_V4_INIT, TcpState.V4_INIT, TimerType.TRANS, true);
    }

    @Test
    void decisionsWithoutASessionHaveNoStateOrTimer() {
        for (ClosedDecision decision : List.of(
                TRANSLATE_WITHOUT_SESSION, DROP_SYN6_EXPECTED, DROP_SYN4_EXPECTED, DROP_EXTERNAL_SYN, STORE_TYPE1)) {
            assertThat(decision.createsSession()).as("%s", decision).isFalse();
            assertThat(decision.initialState()).isNull();
            assertThat(decision.timer()).isNull();
            assertThat(decision.translates()).isEqualTo(decision == TRANSLATE_WITHOUT_SESSION);
        }
    }

    @Test
    void valuesOutsideTheSixteenSegmentKindsAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> TcpStateMachine.closedDecision(16, true, false, false));
        assertThatIllegalArgumentException().isThrownBy(() -> TcpStateMachine.closedDecision(-1, true, false, false));
    }

    private static void assertCreates(ClosedDecision decision, TcpState state, TimerType timer, boolean translates) {
        assertThat(decision.createsSession()).as("%s", decision).isTrue();
        assertThat(decision.initialState()).isEqualTo(state);
        assertThat(decision.timer()).isEqualTo(timer);
        assertThat(decision.translates()).isEqualTo(translates);
    }

    private static String describe(int input) {
        return TcpSegment.toString(input & 0xf)
                + ((input & BIB) != 0 ? " bib" : "")
                + ((input & DROP_EXTERNAL) != 0 ? " dropExternal" : "")
                + ((input & ADF) != 0 ? " adf" : "");
    }
}
