package io.nat64.core.translate;

/** The ICMPv6 errors the NAT64 sends itself (RFC 6146, RFC 7915), with their type and code. */
public enum Icmp6Error {
    /** Destination unreachable, address unreachable: no BIB entry or session for the packet (RFC 6146 3.5). */
    ADDRESS_UNREACHABLE(1, 3),
    /** Destination unreachable, communication administratively prohibited: filtered. */
    ADMIN_PROHIBITED(1, 1),
    /** Destination unreachable, port unreachable: also what Jool sends for an unsupported protocol. */
    PORT_UNREACHABLE(1, 4),
    /** Packet too big; the info word is the MTU. */
    PACKET_TOO_BIG(2, 0),
    /** Time exceeded, hop limit exceeded in transit. */
    TIME_EXCEEDED(3, 0),
    /** Parameter problem, erroneous header field; the info word is the pointer. */
    PARAMETER_PROBLEM(4, 0);

    private final int type;
    private final int code;

    Icmp6Error(int type, int code) {
        this.type = type;
        this.code = code;
    }

    /** The ICMPv6 type. */
    public int type() {
        return type;
    }

    /** The ICMPv6 code. */
    public int code() {
        return code;
    }
}
