package io.nat64.core.translate;

import io.nat64.core.packet.DropReason;

/**
 * The ICMP error type, code, pointer and MTU mappings of RFC 7915 sections 4.2 (ICMPv4 to ICMPv6) and 5.2 (ICMPv6
 * to ICMPv4), as Jool implements them. Type and code come back packed as {@code type << 8 | code}, or as a
 * negative {@link DropReason} code.
 */
final class IcmpMapping {

    private static final int DROP = -1;
    /** RFC 7915 section 4.2, figure 3: ICMPv4 parameter problem pointer to ICMPv6 pointer. */
    private static final int[] POINTER_4TO6 = {
        0, 1, 4, 4, DROP, DROP, DROP, DROP, 7, 6, DROP, DROP, 8, 8, 8, 8, 24, 24, 24, 24
    };

    private IcmpMapping() {}

    /** RFC 7915 section 5.2: the ICMPv4 type and code for an ICMPv6 error. */
    static int errorTo4(int type, int code) {
        switch (type) {
            case 1: // Destination Unreachable
                return switch (code) {
                    case 0, 2, 3 -> 3 << 8 | 1; // no route, beyond scope, address unreachable: host unreachable
                    case 1 -> 3 << 8 | 10; // administratively prohibited: host administratively prohibited
                    case 4 -> 3 << 8 | 3; // port unreachable
                    default -> DropReason.UNSUPPORTED_ICMP_CODE.code();
                };
            case 2: // Packet Too Big: fragmentation needed
                return 3 << 8 | 4;
            case 3: // Time Exceeded: code unchanged
                return 11 << 8 | code;
            case 4: // Parameter Problem
                return switch (code) {
                    case 0 -> 12 << 8; // erroneous header field: pointer translated
                    case 1 -> 3 << 8 | 2; // unrecognised next header: protocol unreachable
                    default -> DropReason.UNSUPPORTED_ICMP_CODE.code();
                };
            default:
                return DropReason.UNSUPPORTED_ICMP_TYPE.code();
        }
    }

    /** RFC 7915 section 4.2: the ICMPv6 type and code for an ICMPv4 error. */
    static int errorTo6(int type, int code) {
        switch (type) {
            case 3: // Destination Unreachable
                return switch (code) {
                    case 0, 1, 5, 6, 7, 8, 11, 12 -> 1 << 8; // no route to destination
                    case 2 -> 4 << 8 | 1; // protocol unreachable: parameter problem, unrecognised next header
                    case 3 -> 1 << 8 | 4; // port unreachable
                    case 4 -> 2 << 8; // fragmentation needed: packet too big
                    case 9, 10, 13, 15 -> 1 << 8 | 1; // administratively prohibited
                    default -> DropReason.UNSUPPORTED_ICMP_CODE.code(); // 14 and unknown codes: silently drop
                };
            case 11: // Time Exceeded: code unchanged
                return 3 << 8 | code;
            case 12: // Parameter Problem
                return code == 0 || code == 2 ? 4 << 8 : DropReason.UNSUPPORTED_ICMP_CODE.code();
            default:
                return DropReason.UNSUPPORTED_ICMP_TYPE.code();
        }
    }

    /** RFC 7915 section 5.2, figure 6: ICMPv6 pointer to ICMPv4 pointer, or -1. */
    static int pointerTo4(long pointer6) {
        if (pointer6 < 0 || pointer6 > 39) {
            return DROP;
        }
        int p = (int) pointer6;
        return switch (p) {
            case 0 -> 0; // version/traffic class
            case 1 -> 1; // traffic class/flow label
            case 2, 3 -> DROP; // flow label
            case 4, 5 -> 2; // payload length: total length
            case 6 -> 9; // next header: protocol
            case 7 -> 8; // hop limit: TTL
            default -> p < 24 ? 12 : 16; // source address, destination address
        };
    }

    /** RFC 7915 section 4.2, figure 3: ICMPv4 pointer to ICMPv6 pointer, or -1. */
    static int pointerTo6(int pointer4) {
        return pointer4 < POINTER_4TO6.length ? POINTER_4TO6[pointer4] : DROP;
    }

    /**
     * RFC 7915 section 5.2: the fragmentation-needed MTU for a packet-too-big MTU, {@code minimum(MTU - 20, ...)};
     * the translator knows no next-hop MTUs, so this is the advertised MTU less 20, kept within 68 (RFC 791's
     * minimum) and 65535 (the field's size).
     */
    static int mtuTo4(long mtu6) {
        return (int) Math.max(68, Math.min(mtu6 - 20, 0xffff));
    }

    /**
     * RFC 7915 section 4.2: the packet-too-big MTU for a fragmentation-needed MTU, {@code minimum(MTU + 20, ...)}; a
     * zero MTU (a router without RFC 1191) becomes the greatest plateau below the offending packet's total
     * length. As in Jool, never below the IPv6 minimum MTU of 1280.
     */
    static int mtuTo6(int mtu4, int innerTotalLength, TranslationGlobals g) {
        int mtu = mtu4 == 0 ? g.plateauBelow(innerTotalLength) : mtu4;
        return Math.max(TranslationGlobals.IPV6_MIN_MTU, mtu + 20);
    }
}
