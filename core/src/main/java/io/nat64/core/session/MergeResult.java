package io.nat64.core.session;

/** What {@link BibTable#merge} did with a peer's copy of a session. */
public enum MergeResult {
    /** A new session (and BIB entry, if needed) now holds the copy. */
    ADDED,
    /** The local session took the copy's state and later expiry. */
    UPDATED,
    /** The local session expires later (or at the same time): kept as it was. */
    KEPT_LOCAL,
    /** The copy maps the IPv6 node to another mask, or its mask belongs to another node: local kept, counted. */
    MASK_CLASH,
    /** The copy's mask is not in this node's pool4 (nodes must be configured alike): rejected. */
    OUTSIDE_POOL4,
    /** The copy is impossible (wrong protocol, state or timer for its protocol, no lifetime left): rejected. */
    INVALID,
    /** The session table is at its maximum size: rejected, nothing added (no BIB entry either). */
    TABLE_FULL
}
