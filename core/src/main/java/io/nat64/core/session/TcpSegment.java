package io.nat64.core.session;

/**
 * What the TCP state machine sees of one packet: the side it came from and its SYN, FIN and RST flags,
 * packed in an {@code int} so the packet path never allocates.
 *
 * <p>The low three bits are the TCP header's own (FIN 0x01, SYN 0x02, RST 0x04, byte 13 of the
 * header), so {@link #fromIpv6(int)} and {@link #fromIpv4(int)} take that byte as it is; bit 0x08 says
 * the packet came from the IPv4 side. The 16 values 0 to 15 are every segment kind there is. Pure
 * functions: any thread may call them.
 *
 * <pre>{@code
 * int segment = TcpSegment.fromIpv4(tcpHeader.get(13)); // an IPv4 SYN+ACK: 0x0a
 * TcpSegment.hasSyn(segment);                           // true
 * TcpSegment.toString(segment);                         // "v4 SYN"
 * }</pre>
 */
public final class TcpSegment {

    /** The FIN flag (same bit as in the TCP header). */
    public static final int FIN = 0x01;
    /** The SYN flag (same bit as in the TCP header). */
    public static final int SYN = 0x02;
    /** The RST flag (same bit as in the TCP header). */
    public static final int RST = 0x04;
    /** Set when the packet came from the IPv4 side; clear when it came from the IPv6 side. */
    public static final int FROM_IPV4 = 0x08;
    /** How many segment kinds there are: every value in {@code [0, COUNT)} is one. */
    public static final int COUNT = 16;

    private static final int FLAGS = FIN | SYN | RST;
    private static final String[] NAMES = names();

    private TcpSegment() {}

    /** The segment for a packet from the IPv6 side whose TCP flags byte is {@code tcpFlags}. */
    public static int fromIpv6(int tcpFlags) {
        return tcpFlags & FLAGS;
    }

    /** The segment for a packet from the IPv4 side whose TCP flags byte is {@code tcpFlags}. */
    public static int fromIpv4(int tcpFlags) {
        return FROM_IPV4 | (tcpFlags & FLAGS);
    }

    /** The segment with these properties. */
    public static int of(boolean fromIpv4, boolean syn, boolean fin, boolean rst) {
        return (fromIpv4 ? FROM_IPV4 : 0) | (syn ? SYN : 0) | (fin ? FIN : 0) | (rst ? RST : 0);
    }

    /** Whether {@code segment} came from the IPv4 side. */
    public static boolean isFromIpv4(int segment) {
        return (segment & FROM_IPV4) != 0;
    }

    /** Whether {@code segment} came from the IPv6 side. */
    public static boolean isFromIpv6(int segment) {
        return (segment & FROM_IPV4) == 0;
    }

    /** Whether {@code segment} carries SYN. */
    public static boolean hasSyn(int segment) {
        return (segment & SYN) != 0;
    }

    /** Whether {@code segment} carries FIN. */
    public static boolean hasFin(int segment) {
        return (segment & FIN) != 0;
    }

    /** Whether {@code segment} carries RST. */
    public static boolean hasRst(int segment) {
        return (segment & RST) != 0;
    }

    /** Whether {@code value} is one of the {@link #COUNT} segment kinds. */
    public static boolean isValid(int value) {
        return value >= 0 && value < COUNT;
    }

    /** Returns {@code value} if it is a segment kind; otherwise throws {@link IllegalArgumentException}. */
    public static int check(int value) {
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a TCP segment kind: " + value);
        }
        return value;
    }

    /** A precomputed name such as {@code "v6 SYN"}, {@code "v4 FIN+RST"} or {@code "v6 -"} (no flag). */
    public static String toString(int segment) {
        return NAMES[check(segment)];
    }

    private static String[] names() {
        String[] names = new String[COUNT];
        for (int segment = 0; segment < COUNT; segment++) {
            StringBuilder flags = new StringBuilder();
            appendFlag(flags, hasSyn(segment), "SYN");
            appendFlag(flags, hasFin(segment), "FIN");
            appendFlag(flags, hasRst(segment), "RST");
            names[segment] = (isFromIpv4(segment) ? "v4 " : "v6 ") + (flags.length() == 0 ? "-" : flags);
        }
        return names;
    }

    private static void appendFlag(StringBuilder flags, boolean present, String name) {
        if (present) {
            flags.append(flags.length() == 0 ? "" : "+").append(name);
        }
    }
}
