package io.nat64.core.packet;

import static io.nat64.core.packet.Bytes.i32;
import static io.nat64.core.packet.Bytes.i64;
import static io.nat64.core.packet.Bytes.u16;
import static io.nat64.core.packet.Bytes.u8;
import static io.nat64.core.packet.PacketParser.IPV4_HEADER;
import static io.nat64.core.packet.PacketParser.IPV6_HEADER;
import static io.nat64.core.packet.PacketParser.PROTO_ICMP;
import static io.nat64.core.packet.PacketParser.PROTO_ICMPV6;
import static io.nat64.core.packet.PacketParser.PROTO_TCP;
import static io.nat64.core.packet.PacketParser.PROTO_UDP;

import io.nat64.core.addr.L4Protocol;

/**
 * The ICMP half of {@link PacketParser}: echo identifiers, and for errors the offending packet inside (RFC 792,
 * RFC 4443, RFC 4884 lengths). Stateless; reads only inside the bounds it is given.
 */
final class IcmpParser {

    private IcmpParser() {}

    static int parseIcmp4(byte[] b, int l4, int end, PacketInfo out) {
        if (end - l4 < 8) {
            return DropReason.TRUNCATED.code();
        }
        out.icmpType = u8(b, l4);
        out.icmpCode = u8(b, l4 + 1);
        out.l4HeaderLength = 8;
        switch (out.icmpType) {
            case 0, 8 -> {
                out.sourcePort = u16(b, l4 + 4);
                out.destinationPort = out.sourcePort;
                return 0;
            }
            case 3, 11, 12 -> {
                out.icmpError = true;
                // RFC 4884 section 4.1: the length of the original datagram, in 32-bit words, is in byte 5.
                return parseInner4(b, l4 + 8, end, u8(b, l4 + 5) << 2, out);
            }
            default -> {
                return DropReason.UNSUPPORTED_ICMP_TYPE.code();
            }
        }
    }

    static int parseIcmp6(byte[] b, int l4, int end, PacketInfo out) {
        if (end - l4 < 8) {
            return DropReason.TRUNCATED.code();
        }
        out.icmpType = u8(b, l4);
        out.icmpCode = u8(b, l4 + 1);
        out.l4HeaderLength = 8;
        switch (out.icmpType) {
            case 128, 129 -> {
                out.sourcePort = u16(b, l4 + 4);
                out.destinationPort = out.sourcePort;
                return 0;
            }
            case 1, 2, 3, 4 -> {
                out.icmpError = true;
                // RFC 4884 section 4.5: destination unreachable and time exceeded carry a length in 64-bit words.
                int length = out.icmpType == 1 || out.icmpType == 3 ? u8(b, l4 + 4) << 3 : 0;
                return parseInner6(b, l4 + 8, end, length, out);
            }
            default -> {
                return DropReason.UNSUPPORTED_ICMP_TYPE.code();
            }
        }
    }

    private static int parseInner4(byte[] b, int i, int end, int icmpLength, PacketInfo out) {
        int available = end - i;
        if (icmpLength != 0) {
            if (icmpLength > available) {
                return DropReason.BAD_ICMP_LENGTH.code();
            }
            available = icmpLength;
        }
        out.innerL3Offset = i;
        if (available < IPV4_HEADER) {
            return DropReason.INNER_TRUNCATED.code();
        }
        int vihl = u8(b, i);
        out.innerVersion = vihl >>> 4;
        if (out.innerVersion != 4) {
            return DropReason.INNER_BAD_VERSION.code();
        }
        int ihl = (vihl & 0x0f) << 2;
        if (ihl < IPV4_HEADER) {
            return DropReason.INNER_BAD_HEADER_LENGTH.code();
        }
        if (ihl > available) {
            return DropReason.INNER_TRUNCATED.code();
        }
        out.innerTotalLength = u16(b, i + 2);
        if (out.innerTotalLength < ihl) {
            return DropReason.INNER_BAD_TOTAL_LENGTH.code();
        }
        out.innerLength = Math.min(available, out.innerTotalLength);
        out.innerTrafficClass = u8(b, i + 1);
        out.innerIdentification = u16(b, i + 4);
        int flags = u16(b, i + 6);
        out.innerMoreFragments = (flags & 0x2000) != 0;
        if ((flags & 0x1fff) != 0) {
            return DropReason.INNER_FRAGMENT.code();
        }
        out.innerHopLimit = u8(b, i + 8);
        out.innerSource4 = i32(b, i + 12);
        out.innerDestination4 = i32(b, i + 16);
        out.innerProtocolNumber = u8(b, i + 9);
        out.innerL3HeaderLength = ihl;
        out.innerL4Offset = i + ihl;
        return parseInnerL4(b, out.innerProtocolNumber, i + ihl, i + out.innerLength, false, out);
    }

    private static int parseInner6(byte[] b, int i, int end, int icmpLength, PacketInfo out) {
        int available = end - i;
        if (icmpLength != 0) {
            if (icmpLength > available) {
                return DropReason.BAD_ICMP_LENGTH.code();
            }
            available = icmpLength;
        }
        out.innerL3Offset = i;
        if (available < IPV6_HEADER) {
            return DropReason.INNER_TRUNCATED.code();
        }
        out.innerVersion = u8(b, i) >>> 4;
        if (out.innerVersion != 6) {
            return DropReason.INNER_BAD_VERSION.code();
        }
        out.innerTotalLength = IPV6_HEADER + u16(b, i + 4);
        out.innerLength = Math.min(available, out.innerTotalLength);
        out.innerTrafficClass = (i32(b, i) >>> 20) & 0xff;
        out.innerHopLimit = u8(b, i + 7);
        out.innerSource6High = i64(b, i + 8);
        out.innerSource6Low = i64(b, i + 16);
        out.innerDestination6High = i64(b, i + 24);
        out.innerDestination6Low = i64(b, i + 32);
        int end6 = i + out.innerLength;
        int l4 = PacketParser.walkExtensionHeaders(b, i + IPV6_HEADER, end6, u8(b, i + 6), out, true);
        if (l4 < 0) {
            return l4;
        }
        out.innerL3HeaderLength = l4 - i;
        out.innerL4Offset = l4;
        return parseInnerL4(b, out.innerProtocolNumber, l4, end6, true, out);
    }

    private static int parseInnerL4(byte[] b, int protocol, int l4, int end, boolean six, PacketInfo out) {
        int icmp = six ? PROTO_ICMPV6 : PROTO_ICMP;
        if (protocol != PROTO_TCP && protocol != PROTO_UDP && protocol != icmp) {
            return DropReason.INNER_UNSUPPORTED_PROTOCOL.code();
        }
        // RFC 792/1812: an error quotes at least the first 8 bytes of the offending transport header.
        if (end - l4 < 8) {
            return DropReason.INNER_TRUNCATED.code();
        }
        if (protocol == icmp) {
            int type = u8(b, l4);
            boolean echo = six ? type == 128 || type == 129 : type == 0 || type == 8;
            if (!echo) {
                boolean error = six ? type < 128 : type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
                return error ? DropReason.INNER_ICMP_ERROR.code() : DropReason.UNSUPPORTED_ICMP_TYPE.code();
            }
            out.innerL4Protocol = L4Protocol.ICMP;
            out.innerSourcePort = u16(b, l4 + 4);
            out.innerDestinationPort = out.innerSourcePort;
            return 0;
        }
        out.innerL4Protocol = protocol == PROTO_TCP ? L4Protocol.TCP : L4Protocol.UDP;
        out.innerSourcePort = u16(b, l4);
        out.innerDestinationPort = u16(b, l4 + 2);
        return 0;
    }
}
