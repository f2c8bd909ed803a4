package io.nat64.core.translate;

/** The ICMPv4 errors the NAT64 sends itself (RFC 6146, RFC 7915), with their type and code. */
public enum Icmp4Error {
    /** Destination unreachable, host unreachable. */
    HOST_UNREACHABLE(3, 1),
    /** Destination unreachable, protocol unreachable: neither TCP, UDP nor ICMP (RFC 6146 section 3.4). */
    PROTOCOL_UNREACHABLE(3, 2),
    /** Destination unreachable, port unreachable: for example a simultaneous open that timed out. */
    PORT_UNREACHABLE(3, 3),
    /** Destination unreachable, fragmentation needed and DF set; the info word is the next-hop MTU. */
    FRAGMENTATION_NEEDED(3, 4),
    /** Destination unreachable, source route failed (RFC 7915 section 4.1). */
    SOURCE_ROUTE_FAILED(3, 5),
    /** Destination unreachable, communication administratively prohibited (filtering; Jool's ICMPERR_FILTER). */
    ADMIN_PROHIBITED(3, 13),
    /** Time exceeded, TTL exceeded in transit. */
    TIME_EXCEEDED(11, 0);

    private final int type;
    private final int code;

    Icmp4Error(int type, int code) {
        this.type = type;
        this.code = code;
    }

    /** The ICMPv4 type. */
    public int type() {
        return type;
    }

    /** The ICMPv4 code. */
    public int code() {
        return code;
    }
}
