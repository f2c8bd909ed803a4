package io.nat64.streams.sync.codec;

/** Why a datagram was refused; each reason has its own counter. */
public enum RejectReason {
    /** Shorter than its header says, shorter than one record, or ({@code jool}) not a whole number of records. */
    TRUNCATED,
    /** Not a {@code nat64} sync datagram: the magic number is wrong. */
    BAD_MAGIC,
    /** A {@code nat64} datagram of a version this node does not speak. */
    BAD_VERSION,
    /**
     * A header field is wrong: reserved bits set or bytes after the last record ({@code nat64}); an attribute
     * header other than {@code nla_len = 40, nla_type = 1} little-endian ({@code jool}).
     */
    BAD_HEADER,
    /** The CRC32C does not match ({@code nat64}): corrupted in transit. */
    BAD_CHECKSUM,
    /**
     * A record holds an impossible value: an unknown protocol, state or timer code, reserved bits set, a state
     * or timer impossible for its protocol, or an ICMP record whose two identifiers differ.
     */
    BAD_RECORD,
    /** Sent by this very node ({@code nat64}: our own node id), e.g. looped back by the network. */
    OWN_NODE,
    /** Session synchronisation is disabled on the receiving instance (ss-enabled is false), as Jool refuses it. */
    DISABLED
}
