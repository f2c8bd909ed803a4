package io.nat64.core.packet;

import static io.nat64.core.packet.Bytes.i32;
import static io.nat64.core.packet.Bytes.i64;
import static io.nat64.core.packet.Bytes.u16;
import static io.nat64.core.packet.Bytes.u8;

import io.nat64.core.addr.L4Protocol;
import org.jspecify.annotations.Nullable;

/**
 * Parses IPv4 and IPv6 packets into a {@link PacketInfo}, validating every header the translator will touch.
 *
 * <p>Stateless and thread-safe. Never throws and never reads outside {@code [off, off + len)}: every rejection is
 * a {@link DropReason} code. {@code int r = PacketParser.parse6(buf, 0, n, info); if (r < 0) count(r);}
 */
public final class PacketParser {

    static final int IPV4_HEADER = 20;
    static final int IPV6_HEADER = 40;
    static final int PROTO_ICMP = 1;
    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;
    static final int PROTO_ICMPV6 = 58;
    static final int NH_HOP_BY_HOP = 0;
    static final int NH_ROUTING = 43;
    static final int NH_FRAGMENT = 44;
    static final int NH_DESTINATION = 60;

    private PacketParser() {}

    /** Parses the IPv4 packet at {@code buf[off, off + len)}; returns 0 or a {@link DropReason} code. */
    public static int parse4(byte[] buf, int off, int len, PacketInfo out) {
        out.reset();
        if (!inBounds(buf, off, len)) {
            return DropReason.BAD_BOUNDS.code();
        }
        if (len < IPV4_HEADER) {
            return DropReason.TRUNCATED.code();
        }
        int vihl = u8(buf, off);
        out.version = vihl >>> 4;
        if (out.version != 4) {
            return DropReason.BAD_VERSION.code();
        }
        int ihl = (vihl & 0x0f) << 2;
        if (ihl < IPV4_HEADER) {
            return DropReason.BAD_HEADER_LENGTH.code();
        }
        if (ihl > len) {
            return DropReason.TRUNCATED.code();
        }
        int total = u16(buf, off + 2);
        if (total < ihl) {
            return DropReason.BAD_TOTAL_LENGTH.code();
        }
        if (total > len) {
            return DropReason.TRUNCATED.code();
        }
        if (Checksums.sum(buf, off, ihl) != 0xffff) {
            return DropReason.BAD_IPV4_CHECKSUM.code();
        }
        out.l3Offset = off;
        out.l3HeaderLength = ihl;
        out.packetLength = total;
        out.trafficClass = u8(buf, off + 1);
        out.identification = u16(buf, off + 4);
        int flags = u16(buf, off + 6);
        out.dontFragment = (flags & 0x4000) != 0;
        out.moreFragments = (flags & 0x2000) != 0;
        out.fragmentOffset = (flags & 0x1fff) << 3;
        out.hopLimit = u8(buf, off + 8);
        out.protocolNumber = u8(buf, off + 9);
        out.source4 = i32(buf, off + 12);
        out.destination4 = i32(buf, off + 16);
        out.l4Offset = off + ihl;
        out.l4Protocol = protocolOf(out.protocolNumber, PROTO_ICMP);
        if (ihl > IPV4_HEADER && hasUnexpiredSourceRoute(buf, off + IPV4_HEADER, off + ihl)) {
            return DropReason.SOURCE_ROUTE.code();
        }
        if (out.moreFragments || out.fragmentOffset != 0) {
            return DropReason.FRAGMENTED.code();
        }
        int end = off + total;
        int r;
        switch (out.protocolNumber) {
            case PROTO_TCP -> r = parseTcp(buf, out.l4Offset, end, out);
            case PROTO_UDP -> r = parseUdp(buf, out.l4Offset, end, out);
            case PROTO_ICMP -> r = IcmpParser.parseIcmp4(buf, out.l4Offset, end, out);
            default -> r = DropReason.UNSUPPORTED_L4_PROTOCOL.code();
        }
        out.parsed = r == 0;
        return r;
    }

    /** Parses the IPv6 packet at {@code buf[off, off + len)}; returns 0 or a {@link DropReason} code. */
    public static int parse6(byte[] buf, int off, int len, PacketInfo out) {
        out.reset();
        if (!inBounds(buf, off, len)) {
            return DropReason.BAD_BOUNDS.code();
        }
        if (len < IPV6_HEADER) {
            return DropReason.TRUNCATED.code();
        }
        out.version = u8(buf, off) >>> 4;
        if (out.version != 6) {
            return DropReason.BAD_VERSION.code();
        }
        int total = IPV6_HEADER + u16(buf, off + 4);
        if (total > len) {
            return DropReason.TRUNCATED.code();
        }
        int first = i32(buf, off);
        out.l3Offset = off;
        out.packetLength = total;
        out.trafficClass = (first >>> 20) & 0xff;
        out.flowLabel = first & 0xfffff;
        out.hopLimit = u8(buf, off + 7);
        out.source6High = i64(buf, off + 8);
        out.source6Low = i64(buf, off + 16);
        out.destination6High = i64(buf, off + 24);
        out.destination6Low = i64(buf, off + 32);
        int end = off + total;
        int l4 = walkExtensionHeaders(buf, off + IPV6_HEADER, end, u8(buf, off + 6), out, false);
        if (l4 < 0) {
            return l4;
        }
        if (out.moreFragments || out.fragmentOffset != 0) {
            return DropReason.FRAGMENTED.code();
        }
        out.l3HeaderLength = l4 - off;
        out.l4Offset = l4;
        out.l4Protocol = protocolOf(out.protocolNumber, PROTO_ICMPV6);
        int r;
        switch (out.protocolNumber) {
            case PROTO_TCP -> r = parseTcp(buf, l4, end, out);
            case PROTO_UDP -> r = parseUdp(buf, l4, end, out);
            case PROTO_ICMPV6 -> r = IcmpParser.parseIcmp6(buf, l4, end, out);
            default -> r = DropReason.UNSUPPORTED_L4_PROTOCOL.code();
        }
        out.parsed = r == 0;
        return r;
    }

    static boolean inBounds(byte[] buf, int off, int len) {
        return off >= 0 && len >= 0 && off <= buf.length - len;
    }

    private static @Nullable L4Protocol protocolOf(int number, int icmpNumber) {
        if (number == PROTO_TCP) {
            return L4Protocol.TCP;
        }
        if (number == PROTO_UDP) {
            return L4Protocol.UDP;
        }
        return number == icmpNumber ? L4Protocol.ICMP : null;
    }

    /** RFC 791 loose or strict source route whose pointer has not passed its length (RFC 7915 section 4.1). */
    static boolean hasUnexpiredSourceRoute(byte[] b, int i, int end) {
        while (i < end) {
            int type = u8(b, i);
            if (type == 0) {
                return false;
            }
            if (type == 1) {
                i++;
                continue;
            }
            if (i + 1 >= end) {
                return false;
            }
            int optionLength = u8(b, i + 1);
            if (optionLength < 2 || optionLength > end - i) {
                return false;
            }
            if (type == 131 || type == 137) {
                return optionLength >= 3 && u8(b, i + 2) <= optionLength;
            }
            i += optionLength;
        }
        return false;
    }

    /**
     * Skips hop-by-hop, routing, destination and fragment headers from {@code i}; stores the upper-layer next
     * header in {@code out.protocolNumber} and returns its offset, or a drop code.
     */
    static int walkExtensionHeaders(byte[] b, int i, int end, int nextHeader, PacketInfo out, boolean inner) {
        int truncated = inner ? DropReason.INNER_TRUNCATED.code() : DropReason.TRUNCATED.code();
        boolean sawFragment = false;
        int nh = nextHeader;
        while (true) {
            switch (nh) {
                case NH_HOP_BY_HOP, NH_ROUTING, NH_DESTINATION -> {
                    if (sawFragment) {
                        return DropReason.UNSUPPORTED_EXTENSION_HEADER.code();
                    }
                    if (end - i < 8) {
                        return truncated;
                    }
                    int length = (u8(b, i + 1) + 1) << 3;
                    if (length > end - i) {
                        return truncated;
                    }
                    if (nh == NH_ROUTING && !inner && u8(b, i + 3) != 0) {
                        out.errorPointer = i + 3 - out.l3Offset;
                        return DropReason.SEGMENTS_LEFT.code();
                    }
                    nh = u8(b, i);
                    i += length;
                }
                case NH_FRAGMENT -> {
                    if (sawFragment) {
                        return DropReason.UNSUPPORTED_EXTENSION_HEADER.code();
                    }
                    if (end - i < 8) {
                        return truncated;
                    }
                    sawFragment = true;
                    int offsetAndFlags = u16(b, i + 2);
                    if (inner) {
                        out.innerFragmentHeaderOffset = i;
                        out.innerIdentification = i32(b, i + 4);
                        out.innerMoreFragments = (offsetAndFlags & 1) != 0;
                        if ((offsetAndFlags & 0xfff8) != 0) {
                            return DropReason.INNER_FRAGMENT.code();
                        }
                    } else {
                        out.fragmentHeaderOffset = i;
                        out.identification = i32(b, i + 4);
                        out.moreFragments = (offsetAndFlags & 1) != 0;
                        out.fragmentOffset = offsetAndFlags & 0xfff8;
                    }
                    nh = u8(b, i);
                    i += 8;
                }
                case 50, 51, 135, 139, 140, 253, 254 -> {
                    return inner
                            ? DropReason.INNER_UNSUPPORTED_PROTOCOL.code()
                            : DropReason.UNSUPPORTED_EXTENSION_HEADER.code();
                }
                default -> {
                    if (inner) {
                        out.innerProtocolNumber = nh;
                    } else {
                        out.protocolNumber = nh;
                    }
                    return i;
                }
            }
        }
    }

    private static int parseTcp(byte[] b, int l4, int end, PacketInfo out) {
        if (end - l4 < 20) {
            return DropReason.TRUNCATED.code();
        }
        int dataOffset = (u8(b, l4 + 12) >>> 4) << 2;
        if (dataOffset < 20 || dataOffset > end - l4) {
            return DropReason.BAD_TCP_HEADER_LENGTH.code();
        }
        out.sourcePort = u16(b, l4);
        out.destinationPort = u16(b, l4 + 2);
        out.tcpFlags = u8(b, l4 + 13);
        out.l4HeaderLength = dataOffset;
        return 0;
    }

    private static int parseUdp(byte[] b, int l4, int end, PacketInfo out) {
        if (end - l4 < 8) {
            return DropReason.TRUNCATED.code();
        }
        int udpLength = u16(b, l4 + 4);
        if (udpLength < 8 || udpLength > end - l4) {
            return DropReason.BAD_UDP_LENGTH.code();
        }
        out.sourcePort = u16(b, l4);
        out.destinationPort = u16(b, l4 + 2);
        out.l4HeaderLength = 8;
        return 0;
    }
}
