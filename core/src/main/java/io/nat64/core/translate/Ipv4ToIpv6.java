package io.nat64.core.translate;

import static io.nat64.core.packet.Bytes.put16;
import static io.nat64.core.packet.Bytes.put32;
import static io.nat64.core.packet.Bytes.u16;
import static io.nat64.core.packet.Bytes.u8;
import static io.nat64.core.packet.Checksums.add;
import static io.nat64.core.packet.Checksums.pseudoHeader6;
import static io.nat64.core.packet.Checksums.sum128;
import static io.nat64.core.packet.Checksums.sum32;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.packet.Checksums;
import io.nat64.core.packet.DropReason;
import io.nat64.core.packet.PacketInfo;
import io.nat64.core.pool.Pool6;

/** RFC 7915 section 4: an IPv4 packet (TCP, UDP, ICMP echo or error) into IPv6. Stateless. */
final class Ipv4ToIpv6 {

    /** RFC 7915 section 4.2 via RFC 4443 section 2.4: an ICMPv6 error is at most 1280 bytes. */
    static final int MAX_ICMP6_ERROR = 1280;

    private static final int NH_FRAGMENT = 44;

    private Ipv4ToIpv6() {}

    static int translate(
            byte[] in,
            PacketInfo info,
            long src6High,
            long src6Low,
            int src6Port,
            long dst6High,
            long dst6Low,
            int dst6Port,
            byte[] out,
            int o,
            TranslationGlobals g,
            Pool6 pool6) {
        // RFC 7915 section 4.1: the TTL is decremented; a packet that would reach 0 is not translated.
        if (info.hopLimit() <= 1) {
            return DropReason.TTL_EXPIRED.code();
        }
        L4Protocol proto = info.l4Protocol();
        if (proto == null) {
            return DropReason.NOT_PARSED.code();
        }
        if (info.isIcmpError()) {
            return translateError(in, info, src6High, src6Low, src6Port, dst6High, dst6Low, dst6Port, out, o, g, pool6);
        }
        int l4Length = info.l4Length();
        int total = Headers.IPV6 + l4Length;
        // RFC 7915 section 4 and Jool: without DF, the IPv6 side may not be able to say "too big", so a packet
        // longer than lowest-ipv6-mtu leaves as fragments of that size.
        boolean fragment = !info.dontFragment() && total > g.lowestIpv6Mtu();
        int chunk = Fragments.chunk(g.lowestIpv6Mtu());
        int length = fragment ? Fragments.length(l4Length, chunk) : total;
        if (!Headers.fits(out, o, length)) {
            return DropReason.OUTPUT_TOO_SMALL.code();
        }
        Headers.ipv6(
                out,
                o,
                trafficClass(g, info.trafficClass()),
                l4Length,
                proto.ipv6Number(),
                info.hopLimit() - 1,
                src6High,
                src6Low,
                dst6High,
                dst6Low);
        int l4 = o + Headers.IPV6;
        System.arraycopy(in, info.l4Offset(), out, l4, l4Length);
        int removed = add(sum32(info.source4()), sum32(info.destination4()));
        int added = add(sum128(src6High, src6Low), sum128(dst6High, dst6Low));
        switch (proto) {
            case TCP -> Headers.rewritePorts(out, l4, l4Length, false, src6Port, dst6Port, removed, added, false);
            case UDP -> {
                if (u16(out, l4 + 6) == 0) {
                    zeroUdpChecksum(out, l4, src6High, src6Low, src6Port, dst6High, dst6Low, dst6Port);
                } else {
                    Headers.rewritePorts(out, l4, l4Length, true, src6Port, dst6Port, removed, added, false);
                }
            }
            case ICMP ->
                Headers.rewriteEcho(
                        out,
                        l4,
                        info.icmpType() == 8 ? 128 : 129,
                        dst6Port,
                        0,
                        pseudoHeader6(src6High, src6Low, dst6High, dst6Low, 58, l4Length));
        }
        if (fragment) {
            Fragments.split(out, o, l4Length, chunk, info.identification());
        }
        return length;
    }

    /**
     * RFC 7915 section 4.5: IPv6 forbids a zero UDP checksum, so a NAT64 computes one (Jool does it on the IPv6
     * side). It covers the UDP length the header declares.
     */
    private static void zeroUdpChecksum(
            byte[] out, int l4, long srcHigh, long srcLow, int srcPort, long dstHigh, long dstLow, int dstPort) {
        put16(out, l4, srcPort);
        put16(out, l4 + 2, dstPort);
        int udpLength = u16(out, l4 + 4);
        int c = Checksums.finish(
                add(pseudoHeader6(srcHigh, srcLow, dstHigh, dstLow, 17, udpLength), Checksums.sum(out, l4, udpLength)));
        put16(out, l4 + 6, c == 0 ? 0xffff : c);
    }

    /**
     * RFC 7915 sections 4.2 and 4.3: an ICMPv4 error with its offending packet. The outer packet goes to dst6;
     * the inner one, which once went the other way, from dst6 to src6.
     */
    private static int translateError(
            byte[] in,
            PacketInfo info,
            long src6High,
            long src6Low,
            int src6Port,
            long dst6High,
            long dst6Low,
            int dst6Port,
            byte[] out,
            int o,
            TranslationGlobals g,
            Pool6 pool6) {
        int l4 = info.l4Offset();
        if (Checksums.sum(in, l4, info.l4Length()) != 0xffff) {
            return DropReason.BAD_ICMP_CHECKSUM.code();
        }
        int typeCode = IcmpMapping.errorTo6(info.icmpType(), info.icmpCode());
        if (typeCode < 0) {
            return typeCode;
        }
        int rest = 0;
        if (typeCode == 2 << 8) {
            rest = IcmpMapping.mtuTo6(u16(in, l4 + 6), info.innerTotalLength(), g);
        } else if (typeCode == (4 << 8 | 1)) {
            rest = 6; // RFC 7915 section 4.2: protocol unreachable points at the next header field
        } else if (typeCode == 4 << 8) {
            rest = IcmpMapping.pointerTo6(u8(in, l4 + 4));
            if (rest < 0) {
                return DropReason.UNTRANSLATABLE_POINTER.code();
            }
        }
        L4Protocol innerProto = info.innerL4Protocol();
        if (innerProto == null) {
            return DropReason.NOT_PARSED.code();
        }
        // The offending packet may be a first fragment: its IPv6 form gets a fragment header (RFC 7915 4.1).
        boolean fragment = info.innerMoreFragments();
        int innerHeaders = Headers.IPV6 + (fragment ? Headers.FRAGMENT : 0);
        int innerL4 = info.innerL4Offset();
        int innerL4Length = info.innerL3Offset() + info.innerLength() - innerL4;
        int total = Headers.IPV6 + Headers.ICMP + innerHeaders + innerL4Length;
        if (total > MAX_ICMP6_ERROR) {
            innerL4Length -= total - MAX_ICMP6_ERROR;
            total = MAX_ICMP6_ERROR;
        }
        if (!Headers.fits(out, o, total)) {
            return DropReason.OUTPUT_TOO_SMALL.code();
        }
        // Jool issue #132: the error comes from pool6 + the router that sent it, not from the IPv4 peer.
        long srcHigh = g.sourceIcmpv6ErrorsBetter() ? pool6.embedHigh(info.source4()) : src6High;
        long srcLow = g.sourceIcmpv6ErrorsBetter() ? pool6.embedLow(info.source4()) : src6Low;
        Headers.ipv6(
                out,
                o,
                trafficClass(g, info.trafficClass()),
                total - Headers.IPV6,
                58,
                info.hopLimit() - 1,
                srcHigh,
                srcLow,
                dst6High,
                dst6Low);
        int icmp = o + Headers.IPV6;
        out[icmp] = (byte) (typeCode >>> 8);
        out[icmp + 1] = (byte) typeCode;
        put16(out, icmp + 2, 0);
        put32(out, icmp + 4, rest); // RFC 4884 length 0: extensions are not carried over
        int inner = icmp + Headers.ICMP;
        int innerPayload = info.innerTotalLength() - info.innerL3HeaderLength() + innerHeaders - Headers.IPV6;
        // RFC 7915 section 4.3: the inner header is translated like an outer one, but its TTL is not decremented.
        Headers.ipv6(
                out,
                inner,
                trafficClass(g, info.innerTrafficClass()),
                innerPayload,
                fragment ? NH_FRAGMENT : innerProto.ipv6Number(),
                info.innerHopLimit(),
                dst6High,
                dst6Low,
                src6High,
                src6Low);
        if (fragment) {
            int f = inner + Headers.IPV6;
            out[f] = (byte) innerProto.ipv6Number();
            out[f + 1] = 0;
            put16(out, f + 2, 1); // offset 0, M set
            put32(out, f + 4, info.innerIdentification());
        }
        int innerL4Out = inner + innerHeaders;
        System.arraycopy(in, innerL4, out, innerL4Out, innerL4Length);
        int removed = add(sum32(info.innerSource4()), sum32(info.innerDestination4()));
        int added = add(sum128(dst6High, dst6Low), sum128(src6High, src6Low));
        switch (innerProto) {
            case TCP ->
                Headers.rewritePorts(out, innerL4Out, innerL4Length, false, dst6Port, src6Port, removed, added, true);
            case UDP ->
                Headers.rewritePorts(out, innerL4Out, innerL4Length, true, dst6Port, src6Port, removed, added, true);
            case ICMP ->
                Headers.rewriteEcho(
                        out,
                        innerL4Out,
                        u8(in, innerL4) == 8 ? 128 : 129,
                        dst6Port,
                        0,
                        pseudoHeader6(
                                dst6High,
                                dst6Low,
                                src6High,
                                src6Low,
                                58,
                                info.innerTotalLength() - info.innerL3HeaderLength()));
        }
        int icmpLength = total - Headers.IPV6;
        put16(
                out,
                icmp + 2,
                Checksums.finish(add(
                        pseudoHeader6(srcHigh, srcLow, dst6High, dst6Low, 58, icmpLength),
                        Checksums.sum(out, icmp, icmpLength))));
        return total;
    }

    /** RFC 7915 section 4.1: the traffic class is the TOS, or 0 under {@code zeroize-traffic-class}. */
    static int trafficClass(TranslationGlobals g, int tos) {
        return g.zeroizeTrafficClass() ? 0 : tos;
    }
}
