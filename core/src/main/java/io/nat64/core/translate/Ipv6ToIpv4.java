package io.nat64.core.translate;

import static io.nat64.core.packet.Bytes.i32;
import static io.nat64.core.packet.Bytes.put16;
import static io.nat64.core.packet.Bytes.put32;
import static io.nat64.core.packet.Bytes.u8;
import static io.nat64.core.packet.Checksums.add;
import static io.nat64.core.packet.Checksums.pseudoHeader6;
import static io.nat64.core.packet.Checksums.sum128;
import static io.nat64.core.packet.Checksums.sum32;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.packet.Checksums;
import io.nat64.core.packet.DropReason;
import io.nat64.core.packet.PacketInfo;

/** RFC 7915 section 5: an IPv6 packet (TCP, UDP, ICMPv6 echo or error) into IPv4. Stateless. */
final class Ipv6ToIpv4 {

    /** RFC 7915 section 5.2 via RFC 1812 section 4.3.2.3: an ICMPv4 error is at most 576 bytes. */
    static final int MAX_ICMP4_ERROR = 576;

    private Ipv6ToIpv4() {}

    static int translate(
            byte[] in,
            PacketInfo info,
            int src4,
            int src4Port,
            int dst4,
            int dst4Port,
            byte[] out,
            int o,
            TranslationGlobals g,
            Ipv4Ids ids) {
        // RFC 7915 section 5.1: the hop limit is decremented; a packet that would reach 0 is not translated.
        if (info.hopLimit() <= 1) {
            return DropReason.TTL_EXPIRED.code();
        }
        L4Protocol proto = info.l4Protocol();
        if (proto == null) {
            return DropReason.NOT_PARSED.code();
        }
        if (info.isIcmpError()) {
            return translateError(in, info, src4, src4Port, dst4, dst4Port, out, o, g, ids);
        }
        if (proto == L4Protocol.ICMP && g.dropIcmpv6Info()) {
            return DropReason.ICMPV6_INFO_DROPPED.code();
        }
        int l4Length = info.l4Length();
        int total = Headers.IPV4 + l4Length;
        if (total > 0xffff) {
            return DropReason.TOO_BIG.code();
        }
        if (!Headers.fits(out, o, total)) {
            return DropReason.OUTPUT_TOO_SMALL.code();
        }
        int id;
        int flags;
        if (info.hasFragmentHeader()) {
            // RFC 7915 section 5.1.1: identification from the fragment header's low 16 bits; DF clear.
            id = info.identification() & 0xffff;
            flags = info.moreFragments() ? Headers.MF : 0;
        } else {
            // RFC 7915 section 5.1: DF set only when the IPv4 packet is longer than 1260 bytes.
            id = ids.next();
            flags = total > Headers.DF_THRESHOLD ? Headers.DF : 0;
        }
        Headers.ipv4(
                out,
                o,
                tos(g, info.trafficClass()),
                total,
                id,
                flags,
                info.hopLimit() - 1,
                proto.ipv4Number(),
                src4,
                dst4);
        int l4 = o + Headers.IPV4;
        System.arraycopy(in, info.l4Offset(), out, l4, l4Length);
        int removed = add(
                sum128(info.source6High(), info.source6Low()), sum128(info.destination6High(), info.destination6Low()));
        int added = add(sum32(src4), sum32(dst4));
        switch (proto) {
            case TCP -> Headers.rewritePorts(out, l4, l4Length, false, src4Port, dst4Port, removed, added, false);
            case UDP -> Headers.rewritePorts(out, l4, l4Length, true, src4Port, dst4Port, removed, added, false);
            case ICMP ->
                Headers.rewriteEcho(
                        out,
                        l4,
                        info.icmpType() == 128 ? 8 : 0,
                        src4Port,
                        pseudoHeader6(
                                info.source6High(),
                                info.source6Low(),
                                info.destination6High(),
                                info.destination6Low(),
                                58,
                                l4Length),
                        0);
        }
        return total;
    }

    /**
     * RFC 7915 sections 5.2 and 5.3: an ICMPv6 error with its offending packet. The outer packet goes from src4 to
     * dst4; the inner one, which once went the other way, from dst4 to src4.
     */
    private static int translateError(
            byte[] in,
            PacketInfo info,
            int src4,
            int src4Port,
            int dst4,
            int dst4Port,
            byte[] out,
            int o,
            TranslationGlobals g,
            Ipv4Ids ids) {
        int l4 = info.l4Offset();
        int l4Length = info.l4Length();
        int verify = add(
                pseudoHeader6(
                        info.source6High(),
                        info.source6Low(),
                        info.destination6High(),
                        info.destination6Low(),
                        58,
                        l4Length),
                Checksums.sum(in, l4, l4Length));
        if (verify != 0xffff) {
            return DropReason.BAD_ICMP_CHECKSUM.code();
        }
        int typeCode = IcmpMapping.errorTo4(info.icmpType(), info.icmpCode());
        if (typeCode < 0) {
            return typeCode;
        }
        int rest = 0;
        if (info.icmpType() == 2) {
            rest = IcmpMapping.mtuTo4(i32(in, l4 + 4) & 0xffffffffL);
        } else if (typeCode == 12 << 8) {
            int pointer = IcmpMapping.pointerTo4(i32(in, l4 + 4) & 0xffffffffL);
            if (pointer < 0) {
                return DropReason.UNTRANSLATABLE_POINTER.code();
            }
            rest = pointer << 24;
        }
        L4Protocol innerProto = info.innerL4Protocol();
        if (innerProto == null) {
            return DropReason.NOT_PARSED.code();
        }
        int innerL4 = info.innerL4Offset();
        int innerL4Length = info.innerL3Offset() + info.innerLength() - innerL4;
        int total = Headers.IPV4 + Headers.ICMP + Headers.IPV4 + innerL4Length;
        if (total > MAX_ICMP4_ERROR) {
            innerL4Length -= total - MAX_ICMP4_ERROR;
            total = MAX_ICMP4_ERROR;
        }
        if (!Headers.fits(out, o, total)) {
            return DropReason.OUTPUT_TOO_SMALL.code();
        }
        Headers.ipv4(out, o, tos(g, info.trafficClass()), total, ids.next(), 0, info.hopLimit() - 1, 1, src4, dst4);
        int icmp = o + Headers.IPV4;
        out[icmp] = (byte) (typeCode >>> 8);
        out[icmp + 1] = (byte) typeCode;
        put16(out, icmp + 2, 0);
        put32(out, icmp + 4, rest); // RFC 4884 length 0: extensions are not carried over
        int inner = icmp + Headers.ICMP;
        int innerTotal = Math.min(0xffff, info.innerTotalLength() - info.innerL3HeaderLength() + Headers.IPV4);
        int innerId = 0;
        int innerFlags = innerTotal > Headers.DF_THRESHOLD ? Headers.DF : 0;
        if (info.innerFragmentHeaderOffset() >= 0) {
            innerId = info.innerIdentification() & 0xffff;
            innerFlags = info.innerMoreFragments() ? Headers.MF : 0;
        }
        // RFC 7915 section 5.3: the inner header is translated like an outer one, but its TTL is not decremented.
        Headers.ipv4(
                out,
                inner,
                tos(g, info.innerTrafficClass()),
                innerTotal,
                innerId,
                innerFlags,
                info.innerHopLimit(),
                innerProto.ipv4Number(),
                dst4,
                src4);
        int innerL4Out = inner + Headers.IPV4;
        System.arraycopy(in, innerL4, out, innerL4Out, innerL4Length);
        int removed = add(
                sum128(info.innerSource6High(), info.innerSource6Low()),
                sum128(info.innerDestination6High(), info.innerDestination6Low()));
        int added = add(sum32(dst4), sum32(src4));
        switch (innerProto) {
            case TCP ->
                Headers.rewritePorts(out, innerL4Out, innerL4Length, false, dst4Port, src4Port, removed, added, true);
            case UDP ->
                Headers.rewritePorts(out, innerL4Out, innerL4Length, true, dst4Port, src4Port, removed, added, true);
            case ICMP ->
                Headers.rewriteEcho(
                        out,
                        innerL4Out,
                        u8(in, innerL4) == 128 ? 8 : 0,
                        src4Port,
                        pseudoHeader6(
                                info.innerSource6High(),
                                info.innerSource6Low(),
                                info.innerDestination6High(),
                                info.innerDestination6Low(),
                                58,
                                info.innerTotalLength() - info.innerL3HeaderLength()),
                        0);
        }
        put16(out, icmp + 2, Checksums.finish(Checksums.sum(out, icmp, total - Headers.IPV4)));
        return total;
    }

    /** RFC 7915 section 5.1: TOS is the traffic class, or the {@code tos} global under {@code override-tos}. */
    static int tos(TranslationGlobals g, int trafficClass) {
        return g.overrideTos() ? g.tos() : trafficClass;
    }
}
