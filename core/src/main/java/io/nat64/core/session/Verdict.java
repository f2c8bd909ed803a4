package io.nat64.core.session;

/**
 * What the filtering-and-updating step decides for one packet (RFC 6146 section 3.5), and which ICMP
 * error, if any, the translator owes the sender.
 */
public enum Verdict {
    /** Translate with the mapping filled in. */
    TRANSLATE(Icmp.NONE),
    /** A type 1 simultaneous-open SYN (no BIB entry), kept for 6 seconds; nothing to send now. */
    STORED_TYPE1(Icmp.NONE),
    /** A type 2 simultaneous-open SYN (address-dependent filtering), kept in its new session; nothing to send now. */
    STORED_TYPE2(Icmp.NONE),
    /** IPv6 flow with no free pool4 transport address (RFC 6146 3.5.1.1: ICMPv6 address unreachable). */
    POOL4_EXHAUSTED(Icmp.ADDRESS_UNREACHABLE_V6),
    /** IPv4 UDP/ICMP with no BIB entry (RFC 6146 3.5.1.2: ICMP address unreachable). */
    NO_BIB(Icmp.ADDRESS_UNREACHABLE_V4),
    /** Address-dependent filtering refused an IPv4 packet (ICMP administratively prohibited). */
    FILTERED(Icmp.ADMIN_PROHIBITED_V4),
    /** A non-SYN IPv6 TCP segment with no BIB entry. */
    SYN6_EXPECTED(Icmp.NONE),
    /** A non-SYN IPv4 TCP segment with no BIB entry. */
    SYN4_EXPECTED(Icmp.NONE),
    /** An IPv4 SYN refused by drop-externally-initiated-tcp. */
    EXTERNAL_SYN(Icmp.NONE),
    /** A second IPv4 SYN for a simultaneous open already stored. */
    SO_EXISTS(Icmp.NONE),
    /** The simultaneous-open store is full (maximum-simultaneous-opens): ICMP port unreachable. */
    SO_FULL(Icmp.PORT_UNREACHABLE_V4),
    /** The TCP state machine dropped the packet (Jool's FATE_DROP). */
    STATE_DROP(Icmp.NONE),
    /** A new session, but the session table is at its maximum size: dropped, nothing created (Jool's ENOMEM). */
    SESSION_TABLE_FULL(Icmp.NONE);

    /** The ICMP error a verdict asks the translator to send back to the packet's sender. */
    public enum Icmp {
        NONE,
        ADDRESS_UNREACHABLE_V6,
        ADDRESS_UNREACHABLE_V4,
        ADMIN_PROHIBITED_V4,
        PORT_UNREACHABLE_V4
    }

    private final Icmp icmp;

    Verdict(Icmp icmp) {
        this.icmp = icmp;
    }

    /** The ICMP error owed to the sender. */
    public Icmp icmp() {
        return icmp;
    }
}
