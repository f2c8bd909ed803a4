package io.nat64.core.addr;

/**
 * The three protocols a NAT64 keeps tables for; ICMP stands for ICMPv4 and ICMPv6 informational messages.
 *
 * <p>{@link #code()} is Jool's numbering (TCP 0, UDP 1, ICMP 2), which the sync wire formats use.
 */
public enum L4Protocol {
    TCP(6, 6),
    UDP(17, 17),
    ICMP(1, 58);

    private final int ipv4Number;
    private final int ipv6Number;

    L4Protocol(int ipv4Number, int ipv6Number) {
        this.ipv4Number = ipv4Number;
        this.ipv6Number = ipv6Number;
    }

    /** Jool's code for this protocol: TCP 0, UDP 1, ICMP 2. */
    public int code() {
        return ordinal();
    }

    /** The IPv4 protocol number (6, 17, 1). */
    public int ipv4Number() {
        return ipv4Number;
    }

    /** The IPv6 next-header number (6, 17, 58). */
    public int ipv6Number() {
        return ipv6Number;
    }

    /** The protocol with Jool's code {@code code}, or an {@link IllegalArgumentException}. */
    public static L4Protocol fromCode(int code) {
        return switch (code) {
            case 0 -> TCP;
            case 1 -> UDP;
            case 2 -> ICMP;
            default -> throw new IllegalArgumentException("unknown protocol code " + code);
        };
    }
}
