package io.nat64.core.session;

/**
 * Where the tables report what happens to sessions and what they need sent. Called on the owner thread;
 * implementations must neither block nor throw.
 */
public interface SessionListener {

    /** Whether anyone consumes mutations now: when false the tables do not even build them. */
    boolean isListening();

    /** A session changed (only called while {@link #isListening()}). */
    void onMutation(SessionMutation mutation);

    /** The established timer of a TCP session ran out: send the probe of RFC 6146 section 3.5.2.2. */
    default void onProbe(Session session) {}

    /**
     * A stored simultaneous-open IPv4 SYN timed out without an IPv6 SYN: answer it with ICMP port
     * unreachable (RFC 6146 section 3.5.2.2).
     */
    default void onSimultaneousOpenTimeout(byte[] storedIpv4Packet) {}

    /** A listener that consumes nothing. */
    SessionListener NONE = new SessionListener() {
        @Override
        public boolean isListening() {
            return false;
        }

        @Override
        public void onMutation(SessionMutation mutation) {}
    };
}
