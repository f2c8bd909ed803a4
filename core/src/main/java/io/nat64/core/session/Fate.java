package io.nat64.core.session;

/**
 * What one step of the TCP state machine decides for a session (Jool's {@code enum session_fate}).
 */
public enum Fate {
    /** Refresh and move to the EST queue. */
    TIMER_EST,
    /** Refresh and move to the TRANS queue. */
    TIMER_TRANS,
    /** Change nothing; no refresh. */
    PRESERVE,
    /** Send the established-timeout probe and move to the TRANS queue. */
    PROBE,
    /** Remove the session. */
    RM,
    /** Drop the packet; the session is untouched. */
    DROP
}
