package io.nat64.core.session;

import java.util.Objects;

/**
 * One decision of the TCP state machine: the session's next state and what happens to its timer (or to
 * the session, or to the packet).
 *
 * <p>{@link #of} hands out one of the 42 instances built when this class loads, so the state machine
 * never allocates; {@code equals} still compares by value for instances built with {@code new}.
 * Immutable.
 *
 * <pre>{@code
 * Transition t = Transition.of(TcpState.ESTABLISHED, Fate.TIMER_EST);
 * t == Transition.of(TcpState.ESTABLISHED, Fate.TIMER_EST); // true
 * }</pre>
 */
public record Transition(TcpState next, Fate fate) {

    private static final Transition[][] INTERNED = intern();

    public Transition {
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(fate, "fate");
    }

    /** The shared instance for {@code (next, fate)}. */
    public static Transition of(TcpState next, Fate fate) {
        return INTERNED[next.ordinal()][fate.ordinal()];
    }

    private static Transition[][] intern() {
        TcpState[] states = TcpState.values();
        Fate[] fates = Fate.values();
        Transition[][] table = new Transition[states.length][fates.length];
        for (TcpState state : states) {
            for (Fate fate : fates) {
                table[state.ordinal()][fate.ordinal()] = new Transition(state, fate);
            }
        }
        return table;
    }
}
