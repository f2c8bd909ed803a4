package io.nat64.core.session;

import org.jspecify.annotations.Nullable;

/**
 * What the TCP table does with a packet that matches no session (RFC 6146 section 3.5.2.2, state
 * CLOSED), as Jool's {@code bib_add_tcp6} and {@code bib_add_tcp4} decide it. Computed by {@link
 * TcpStateMachine#closedDecision}; carried out by the table, which also owns what this enum cannot see:
 * pool4 exhaustion, the {@code maximum-simultaneous-opens} cap (a full queue answers an IPv4 SYN with
 * ICMP port unreachable instead of storing it), a duplicate type 1 packet ({@code JSTAT_SO_EXISTS}), and
 * an IPv6 SYN that matches a stored type 1 packet (the table creates the BIB entry with the stored
 * mask and a {@code V4_INIT} session on the SYN4 timer, then feeds the same SYN to {@link
 * TcpStateMachine#v4Init}, which moves it to {@code ESTABLISHED}). Immutable.
 */
public enum ClosedDecision {
    /** IPv6 SYN: create the BIB entry if needed and a {@code V6_INIT} session on the TRANS timer. */
    CREATE_V6_INIT(TcpState.V6_INIT, TimerType.TRANS, true),
    /** Non-SYN with a BIB entry: translate it, create no session. */
    TRANSLATE_WITHOUT_SESSION(null, null, true),
    /** IPv6 non-SYN without a BIB entry: drop ({@code JSTAT_SYN6_EXPECTED}). */
    DROP_SYN6_EXPECTED(null, null, false),
    /** IPv4 non-SYN without a BIB entry: drop ({@code JSTAT_SYN4_EXPECTED}). */
    DROP_SYN4_EXPECTED(null, null, false),
    /** IPv4 SYN with {@code drop-externally-initiated-tcp} on: drop silently ({@code JSTAT_V4_SYN}). */
    DROP_EXTERNAL_SYN(null, null, false),
    /**
     * IPv4 SYN without a BIB entry: a type 1 simultaneous open. Steal the packet into the packet queue
     * (keyed by dst6) for 6 seconds; ICMP port unreachable if no IPv6 SYN claims it.
     */
    STORE_TYPE1(null, null, false),
    /**
     * IPv4 SYN with a BIB entry and {@code address-dependent-filtering} on: a type 2 simultaneous open.
     * Steal the packet into a new {@code V4_INIT} session on the SYN4 timer (6 seconds).
     */
    STORE_TYPE2_V4_INIT(TcpState.V4_INIT, TimerType.SYN4, false),
    /** IPv4 SYN with a BIB entry, ADF off: a {@code V4_INIT} session on the TRANS timer; translate. */
    CREATE_V4_INIT(TcpState.V4_INIT, TimerType.TRANS, true);

    private final @Nullable TcpState initialState;
    private final @Nullable TimerType timer;
    private final boolean translates;

    ClosedDecision(@Nullable TcpState initialState, @Nullable TimerType timer, boolean translates) {
        this.initialState = initialState;
        this.timer = timer;
        this.translates = translates;
    }

    /** Whether the table creates a session (its state is {@link #initialState()}). */
    public boolean createsSession() {
        return initialState != null;
    }

    /** The state of the session created, or null if none is. */
    public @Nullable TcpState initialState() {
        return initialState;
    }

    /** The timer the created session starts on, or null if no session is created. */
    public @Nullable TimerType timer() {
        return timer;
    }

    /** Whether the packet is translated now (otherwise it is dropped or stored). */
    public boolean translates() {
        return translates;
    }
}
