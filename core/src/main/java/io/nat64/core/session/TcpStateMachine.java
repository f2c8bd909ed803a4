package io.nat64.core.session;

import static io.nat64.core.session.Fate.DROP;
import static io.nat64.core.session.Fate.PRESERVE;
import static io.nat64.core.session.Fate.PROBE;
import static io.nat64.core.session.Fate.RM;
import static io.nat64.core.session.Fate.TIMER_EST;
import static io.nat64.core.session.Fate.TIMER_TRANS;
import static io.nat64.core.session.TcpSegment.hasFin;
import static io.nat64.core.session.TcpSegment.hasRst;
import static io.nat64.core.session.TcpSegment.hasSyn;
import static io.nat64.core.session.TcpSegment.isFromIpv4;
import static io.nat64.core.session.TcpSegment.isFromIpv6;
import static io.nat64.core.session.TcpState.ESTABLISHED;
import static io.nat64.core.session.TcpState.TRANS;
import static io.nat64.core.session.TcpState.V4_FIN_RCV;
import static io.nat64.core.session.TcpState.V4_FIN_V6_FIN_RCV;
import static io.nat64.core.session.TcpState.V4_INIT;
import static io.nat64.core.session.TcpState.V6_FIN_RCV;
import static io.nat64.core.session.TcpState.V6_INIT;

/**
 * The TCP state machine of RFC 6146 section 3.5.2.2 with Jool's deviations, as pure functions: one
 * method per state takes a {@link TcpSegment} and returns the next state and a {@link Fate}; the caller
 * (the session table) carries the fate out. No threads, no clock, no allocation: every result is a
 * precomputed {@link Transition}. Any thread may call it.
 *
 * <p>A segment can carry several flags. The order in which each state tests them is Jool's
 * ({@code filtering_and_updating.c}), and the method comments say it. CLOSED is not a state here (no
 * session exists): {@link #closedDecision} says what the table does then.
 *
 * <pre>{@code
 * Transition t = TcpStateMachine.step(TcpState.ESTABLISHED, TcpSegment.fromIpv6(TcpSegment.RST), false, false);
 * // t.next() == TRANS, t.fate() == TIMER_TRANS
 * }</pre>
 */
public final class TcpStateMachine {

    private static final Transition V4_INIT_DROP = Transition.of(V4_INIT, DROP);
    private static final Transition V4_INIT_PRESERVE = Transition.of(V4_INIT, PRESERVE);
    private static final Transition V6_INIT_PRESERVE = Transition.of(V6_INIT, PRESERVE);
    private static final Transition V6_INIT_REFRESH = Transition.of(V6_INIT, TIMER_TRANS);
    private static final Transition ESTABLISHED_REFRESH = Transition.of(ESTABLISHED, TIMER_EST);
    private static final Transition TO_V4_FIN_RCV = Transition.of(V4_FIN_RCV, PRESERVE);
    private static final Transition TO_V6_FIN_RCV = Transition.of(V6_FIN_RCV, PRESERVE);
    private static final Transition TO_TRANS = Transition.of(TRANS, TIMER_TRANS);
    private static final Transition V4_FIN_RCV_EST = Transition.of(V4_FIN_RCV, TIMER_EST);
    private static final Transition V4_FIN_RCV_TRANS = Transition.of(V4_FIN_RCV, TIMER_TRANS);
    private static final Transition V6_FIN_RCV_EST = Transition.of(V6_FIN_RCV, TIMER_EST);
    private static final Transition V6_FIN_RCV_TRANS = Transition.of(V6_FIN_RCV, TIMER_TRANS);
    private static final Transition TO_BOTH_FINS = Transition.of(V4_FIN_V6_FIN_RCV, TIMER_TRANS);
    private static final Transition BOTH_FINS_PRESERVE = Transition.of(V4_FIN_V6_FIN_RCV, PRESERVE);
    private static final Transition TRANS_PRESERVE = Transition.of(TRANS, PRESERVE);
    private static final Transition TRANS_PROBE = Transition.of(TRANS, PROBE);

    private TcpStateMachine() {}

    /**
     * One packet of an existing session in {@code state}. {@code hasStoredPacket} matters only in
     * {@code V4_INIT}, {@code handleRstDuringFinRcv} (the global) only in the FIN_RCV states. Never
     * returns {@link Fate#RM} or {@link Fate#PROBE}.
     */
    public static Transition step(TcpState state, int segment, boolean hasStoredPacket, boolean handleRstDuringFinRcv) {
        return switch (state) {
            case V4_INIT -> v4Init(segment, hasStoredPacket);
            case V6_INIT -> v6Init(segment);
            case ESTABLISHED -> established(segment);
            case V4_FIN_RCV -> v4FinRcv(segment, handleRstDuringFinRcv);
            case V6_FIN_RCV -> v6FinRcv(segment, handleRstDuringFinRcv);
            case V4_FIN_V6_FIN_RCV -> v4FinV6FinRcv(segment);
            case TRANS -> trans(segment);
        };
    }

    /**
     * V4 INIT, RFC 6146 section 3.5.2.2: an IPv6 SYN completes the simultaneous open (ESTABLISHED, EST
     * timer; a stored packet is discarded silently); anything else is translated, timer untouched.
     * Tests the side first, then SYN only (FIN and RST are ignored). Jool's deviation: while a type 2
     * packet is stored, every IPv4 packet, SYN or not, is dropped, or the IPv4 node's retried SYN would
     * authorise itself past address-dependent filtering.
     */
    public static Transition v4Init(int segment, boolean hasStoredPacket) {
        TcpSegment.check(segment);
        if (isFromIpv6(segment)) {
            return hasSyn(segment) ? ESTABLISHED_REFRESH : V4_INIT_PRESERVE;
        }
        return hasStoredPacket ? V4_INIT_DROP : V4_INIT_PRESERVE;
    }

    /**
     * V6 INIT, RFC 6146 section 3.5.2.2: an IPv4 SYN moves to ESTABLISHED (EST timer); an IPv6 SYN (a
     * retransmission) refreshes the TRANS timer; anything else is translated, timer untouched. Tests
     * SYN first, then the side; FIN and RST are ignored.
     */
    public static Transition v6Init(int segment) {
        TcpSegment.check(segment);
        if (!hasSyn(segment)) {
            return V6_INIT_PRESERVE;
        }
        return isFromIpv4(segment) ? ESTABLISHED_REFRESH : V6_INIT_REFRESH;
    }

    /**
     * ESTABLISHED, RFC 6146 section 3.5.2.2: a FIN moves to the FIN_RCV state of its side without
     * refreshing the timer; a RST moves to TRANS (TRANS timer); anything else refreshes the EST timer.
     * Tests FIN before RST, so FIN+RST counts as a FIN; SYN is ignored.
     */
    public static Transition established(int segment) {
        TcpSegment.check(segment);
        if (hasFin(segment)) {
            return isFromIpv4(segment) ? TO_V4_FIN_RCV : TO_V6_FIN_RCV;
        }
        return hasRst(segment) ? TO_TRANS : ESTABLISHED_REFRESH;
    }

    /**
     * V4 FIN RCV, RFC 6146 section 3.5.2.2: an IPv6 FIN moves to V4_FIN_V6_FIN_RCV (TRANS timer);
     * anything else refreshes the EST timer. Tests "IPv6 and FIN" first, then RST. Jool's deviation
     * (issue #212, global {@code handle-rst-during-fin-rcv}, off by default): a RST keeps the state and
     * moves the session to the TRANS timer.
     */
    public static Transition v4FinRcv(int segment, boolean handleRstDuringFinRcv) {
        TcpSegment.check(segment);
        if (isFromIpv6(segment) && hasFin(segment)) {
            return TO_BOTH_FINS;
        }
        return hasRst(segment) && handleRstDuringFinRcv ? V4_FIN_RCV_TRANS : V4_FIN_RCV_EST;
    }

    /**
     * V6 FIN RCV, RFC 6146 section 3.5.2.2: the mirror of {@link #v4FinRcv}. An IPv4 FIN moves to
     * V4_FIN_V6_FIN_RCV (TRANS timer); tests "IPv4 and FIN" first, then RST (issue #212 deviation).
     */
    public static Transition v6FinRcv(int segment, boolean handleRstDuringFinRcv) {
        TcpSegment.check(segment);
        if (isFromIpv4(segment) && hasFin(segment)) {
            return TO_BOTH_FINS;
        }
        return hasRst(segment) && handleRstDuringFinRcv ? V6_FIN_RCV_TRANS : V6_FIN_RCV_EST;
    }

    /**
     * V6 FIN + V4 FIN RCV, RFC 6146 section 3.5.2.2: every packet is translated and the lifetime is not
     * updated; only the TRANS timer ends the session. No flag is tested.
     */
    public static Transition v4FinV6FinRcv(int segment) {
        TcpSegment.check(segment);
        return BOTH_FINS_PRESERVE;
    }

    /**
     * TRANS, RFC 6146 section 3.5.2.2: any packet but a RST moves back to ESTABLISHED (EST timer); a RST
     * is translated, timer untouched. Tests RST only.
     */
    public static Transition trans(int segment) {
        TcpSegment.check(segment);
        return hasRst(segment) ? TRANS_PRESERVE : ESTABLISHED_REFRESH;
    }

    /**
     * The EST timer of a TCP session in {@code state} expired (Jool's {@code tcp_est_expire_cb}). RFC
     * 6146 section 3.5.2.2: ESTABLISHED sends a probe to the IPv6 side and moves to TRANS on the TRANS
     * timer (TRANS, PROBE); V4_FIN_RCV and V6_FIN_RCV are removed ({@code (state, RM)}). No other state
     * belongs on the EST timer: Jool WARNs and removes the session, and so does this method ({@code
     * (state, RM)}); the caller may check {@link #belongsOnEstablishedTimer} to log it.
     */
    public static Transition onEstablishedTimerExpiry(TcpState state) {
        return state == ESTABLISHED ? TRANS_PROBE : Transition.of(state, RM);
    }

    /** Whether a TCP session in {@code state} may sit on the EST timer: ESTABLISHED or a FIN_RCV state. */
    public static boolean belongsOnEstablishedTimer(TcpState state) {
        return state == ESTABLISHED || state == V4_FIN_RCV || state == V6_FIN_RCV;
    }

    /**
     * What the table does with a packet that matches no session (CLOSED; RFC 6146 section 3.5.2.2 and
     * Jool's {@code bib_add_tcp6}/{@code bib_add_tcp4}). Tests in Jool's order: SYN (FIN and RST are
     * ignored); for a non-SYN, whether a BIB entry exists; for an IPv6 SYN, nothing more (the BIB entry
     * is created if missing); for an IPv4 SYN, {@code drop-externally-initiated-tcp}, then whether a BIB
     * entry exists, then {@code address-dependent-filtering}.
     */
    public static ClosedDecision closedDecision(
            int segment, boolean bibExists, boolean dropExternallyInitiated, boolean addressDependentFiltering) {
        TcpSegment.check(segment);
        if (!hasSyn(segment)) {
            if (bibExists) {
                return ClosedDecision.TRANSLATE_WITHOUT_SESSION;
            }
            return isFromIpv6(segment) ? ClosedDecision.DROP_SYN6_EXPECTED : ClosedDecision.DROP_SYN4_EXPECTED;
        }
        if (isFromIpv6(segment)) {
            return ClosedDecision.CREATE_V6_INIT;
        }
        if (dropExternallyInitiated) {
            return ClosedDecision.DROP_EXTERNAL_SYN;
        }
        if (!bibExists) {
            return ClosedDecision.STORE_TYPE1;
        }
        return addressDependentFiltering ? ClosedDecision.STORE_TYPE2_V4_INIT : ClosedDecision.CREATE_V4_INIT;
    }
}
