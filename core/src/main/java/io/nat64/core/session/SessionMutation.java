package io.nat64.core.session;

import org.jspecify.annotations.Nullable;

/**
 * One change to the session table, as published on the instance's mutation stream.
 *
 * @param kind what happened
 * @param session the session after the change (before it, for {@link Kind#REMOVED})
 * @param at when it happened, in the instance's clock (ms); {@code session.expiresAt() - at} is the
 *     remaining lifetime at that moment
 * @param reason why it was removed; null unless {@code kind} is {@link Kind#REMOVED}
 * @param fromPeer whether a peer's copy (session synchronisation) caused it; such mutations are never
 *     sent back to peers
 */
public record SessionMutation(Kind kind, Session session, long at, @Nullable RemovalReason reason, boolean fromPeer) {

    /** Checks that a reason comes with, and only with, a removal. */
    public SessionMutation {
        if ((kind == Kind.REMOVED) != (reason != null)) {
            throw new IllegalArgumentException("a removal, and only a removal, has a reason");
        }
    }

    /** What a mutation did. */
    public enum Kind {
        /** A new session (by a packet, by a peer's copy). */
        ADDED,
        /** Its state or its expiry queue changed. */
        UPDATED,
        /**
         * Its expiry moved forward with no other change. Published when the last publication is at least
         * half a timeout old, and for a session that went idle after an unpublished refresh, so that a copy
         * kept elsewhere never expires before the original; not once per packet.
         */
        REFRESHED,
        /** It is gone; see the reason. */
        REMOVED
    }

    /** Why a session left the table. */
    public enum RemovalReason {
        /** Its timer ran out. */
        EXPIRED,
        /** A TCP connection that was ending (FIN or RST seen, or the probe unanswered) timed out. */
        CLOSED,
        /** Its BIB entry was removed (bib remove, pool4 remove), taking it along. */
        EVICTED,
        /** The table was flushed (instance removed or flushed). */
        FLUSHED,
        /** A peer's copy replaced it (session synchronisation). */
        REPLACED
    }
}
