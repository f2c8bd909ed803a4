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

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Every sequence of 1 to 5 segments (16 kinds each) from every state, with handle-rst-during-fin-rcv
 * off and on, checked step by step against invariants of RFC 6146 section 3.5.2.2 and Jool.
 *
 * <p>The session is modelled as (state, stored packet): starts are the 7 states without a stored packet
 * plus V4_INIT with one (a type 2 simultaneous open); a DROP leaves the session as it was, and the
 * stored packet goes as soon as the session leaves V4_INIT. Checks are plain {@code if}s (AssertJ per
 * step would dominate the run time); failures are collected and asserted once.
 */
class TcpStateMachineSequencesTest {

    private static final int MAX_LENGTH = 5;
    private static final int STARTS = 8;
    private static final int MAX_FAILURES = 20;

    private final List<String> failures = new ArrayList<>();
    private final int[] segments = new int[MAX_LENGTH];
    private final TcpState[] states = new TcpState[MAX_LENGTH + 1];
    private final long[] fateCounts = new long[Fate.values().length];
    private long sequences;
    private int reached;
    private boolean startStored;

    @Test
    void everySequenceUpToLengthFiveKeepsTheInvariants() {
        Map<String, Integer> expected = expectedReachable();
        Map<String, Integer> reachedByStart = new TreeMap<>();
        for (boolean handleRst : new boolean[] {false, true}) {
            for (int start = 0; start < STARTS; start++) {
                TcpState state = start < 7 ? TcpState.values()[start] : V4_INIT;
                startStored = start == 7;
                reached = 1 << state.ordinal();
                states[0] = state;
                explore(0, state, startStored, handleRst, !isInit(state), isClosing(state));
                reachedByStart.put(state + (startStored ? "+stored" : "") + " handleRst=" + handleRst, reached);
            }
        }
        assertThat(failures).isEmpty();
        long perStart = 16 + 256 + 4096 + 65_536 + 1_048_576;
        assertThat(sequences).isEqualTo(perStart * STARTS * 2).isEqualTo(17_895_680L);
        assertThat(fateCounts[RM.ordinal()] + fateCounts[PROBE.ordinal()]).isZero();
        for (Fate fate : EnumSet.of(TIMER_EST, TIMER_TRANS, PRESERVE, DROP)) {
            assertThat(fateCounts[fate.ordinal()])
                    .as("steps returning %s", fate)
                    .isPositive();
        }
        assertThat(reachedByStart).isEqualTo(expected);
    }

    /** Which states some sequence of at most 5 segments reaches from each start, whatever the global. */
    private static Map<String, Integer> expectedReachable() {
        Set<TcpState> open = EnumSet.of(ESTABLISHED, TRANS, V4_FIN_RCV, V6_FIN_RCV, V4_FIN_V6_FIN_RCV);
        Map<String, Integer> expected = new TreeMap<>();
        for (String handleRst : new String[] {" handleRst=false", " handleRst=true"}) {
            expected.put("V4_INIT" + handleRst, bits(open, V4_INIT));
            expected.put("V4_INIT+stored" + handleRst, bits(open, V4_INIT));
            expected.put("V6_INIT" + handleRst, bits(open, V6_INIT));
            expected.put("ESTABLISHED" + handleRst, bits(open));
            expected.put("TRANS" + handleRst, bits(open));
            expected.put("V4_FIN_RCV" + handleRst, bits(EnumSet.of(V4_FIN_RCV, V4_FIN_V6_FIN_RCV)));
            expected.put("V6_FIN_RCV" + handleRst, bits(EnumSet.of(V6_FIN_RCV, V4_FIN_V6_FIN_RCV)));
            expected.put("V4_FIN_V6_FIN_RCV" + handleRst, bits(EnumSet.of(V4_FIN_V6_FIN_RCV)));
        }
        return expected;
    }

    private static int bits(Set<TcpState> set, TcpState... more) {
        int bits = 0;
        for (TcpState state : set) {
            bits |= 1 << state.ordinal();
        }
        for (TcpState state : more) {
            bits |= 1 << state.ordinal();
        }
        return bits;
    }

    private void explore(
            int depth, TcpState state, boolean stored, boolean handleRst, boolean leftInit, boolean closing) {
        if (depth == MAX_LENGTH) {
            return;
        }
        for (int segment = 0; segment < TcpSegment.COUNT; segment++) {
            segments[depth] = segment;
            Transition t = TcpStateMachine.step(state, segment, stored, handleRst);
            sequences++;
            fateCounts[t.fate().ordinal()]++;
            @Nullable String broken = stepInvariant(state, stored, segment, handleRst, t);
            if (broken == null) {
                broken = pathInvariant(t.next(), leftInit, closing);
            }
            if (broken != null) {
                fail(depth, handleRst, broken);
                continue;
            }
            states[depth + 1] = t.next();
            reached |= 1 << t.next().ordinal();
            boolean keepsStored = stored && t.next() == V4_INIT;
            explore(
                    depth + 1,
                    t.next(),
                    keepsStored,
                    handleRst,
                    leftInit || !isInit(t.next()),
                    closing || isClosing(t.next()));
        }
    }

    /** Invariants of one step; the name of the broken one, or null. */
    private static @Nullable String stepInvariant(TcpState s, boolean stored, int g, boolean handleRst, Transition t) {
        TcpState n = t.next();
        Fate f = t.fate();
        if (t != Transition.of(n, f)) {
            return "returned a Transition that is not a precomputed instance";
        }
        if (f == RM || f == PROBE) {
            return "a packet step returned RM or PROBE";
        }
        if (s == V4_FIN_V6_FIN_RCV && t != Transition.of(V4_FIN_V6_FIN_RCV, PRESERVE)) {
            return "V4_FIN_V6_FIN_RCV is not absorbing with PRESERVE";
        }
        if (isInit(n) && n != s) {
            return "an INIT state was entered from another state";
        }
        if (s == V6_INIT && (n == ESTABLISHED) != isSyn(g, true)) {
            return "V6_INIT reaches ESTABLISHED other than by (exactly) an IPv4 SYN";
        }
        if (s == V4_INIT && (n == ESTABLISHED) != isSyn(g, false)) {
            return "V4_INIT reaches ESTABLISHED other than by (exactly) an IPv6 SYN";
        }
        if (s == TRANS && (n == ESTABLISHED) == TcpSegment.hasRst(g)) {
            return "TRANS returns to ESTABLISHED unless the segment is a non-RST";
        }
        if (s == ESTABLISHED && TcpSegment.hasFin(g) && t != Transition.of(finRcvOf(g), PRESERVE)) {
            return "a FIN in ESTABLISHED did not go to its side's FIN_RCV with PRESERVE";
        }
        if (f == DROP && !(s == V4_INIT && stored && TcpSegment.isFromIpv4(g) && n == s)) {
            return "DROP outside an IPv4 packet to V4_INIT with a stored packet";
        }
        return timerInvariant(s, g, handleRst, t);
    }

    private static @Nullable String timerInvariant(TcpState s, int g, boolean handleRst, Transition t) {
        TcpState n = t.next();
        Fate f = t.fate();
        if (f == TIMER_EST && !TcpStateMachine.belongsOnEstablishedTimer(n)) {
            return "TIMER_EST for a state that does not belong on the EST timer";
        }
        boolean rstInFinRcv = isFinRcv(n) && n == s && TcpSegment.hasRst(g) && handleRst;
        if (f == TIMER_TRANS && !(n == V6_INIT || n == TRANS || n == V4_FIN_V6_FIN_RCV || rstInFinRcv)) {
            return "TIMER_TRANS for a state that is not transitory";
        }
        boolean finIntoFinRcv = s == ESTABLISHED && TcpSegment.hasFin(g);
        if (n != s && !(f == TIMER_EST || f == TIMER_TRANS || finIntoFinRcv)) {
            return "the state changed without a refresh (other than a FIN in ESTABLISHED)";
        }
        if (isFinRcv(s) && n != s && !(n == V4_FIN_V6_FIN_RCV && finRcvOf(g) != s)) {
            return "a FIN_RCV state left other than by the other side's FIN";
        }
        return null;
    }

    /** Invariants over the path so far; the name of the broken one, or null. */
    private static @Nullable String pathInvariant(TcpState n, boolean leftInit, boolean closing) {
        if (leftInit && isInit(n)) {
            return "an INIT state was re-entered after leaving it";
        }
        if (closing && !isClosing(n)) {
            return "a closing session (a FIN seen) went back to an open state";
        }
        return null;
    }

    private static boolean isSyn(int segment, boolean fromIpv4) {
        return TcpSegment.hasSyn(segment) && TcpSegment.isFromIpv4(segment) == fromIpv4;
    }

    private static TcpState finRcvOf(int segment) {
        return TcpSegment.isFromIpv4(segment) ? V4_FIN_RCV : V6_FIN_RCV;
    }

    private static boolean isInit(TcpState state) {
        return state == V4_INIT || state == V6_INIT;
    }

    private static boolean isFinRcv(TcpState state) {
        return state == V4_FIN_RCV || state == V6_FIN_RCV;
    }

    private static boolean isClosing(TcpState state) {
        return isFinRcv(state) || state == V4_FIN_V6_FIN_RCV;
    }

    private void fail(int depth, boolean handleRst, String invariant) {
        if (failures.size() >= MAX_FAILURES) {
            return;
        }
        StringBuilder path = new StringBuilder(states[0].toString()).append(startStored ? "+stored" : "");
        for (int i = 0; i <= depth; i++) {
            path.append(" -(").append(TcpSegment.toString(segments[i])).append(")-> ");
            path.append(i < depth ? states[i + 1].toString() : "?");
        }
        failures.add(invariant + " [handleRst=" + handleRst + "] " + path);
    }
}
