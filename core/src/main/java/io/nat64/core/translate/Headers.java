package io.nat64.core.translate;

import static io.nat64.core.packet.Bytes.put16;
import static io.nat64.core.packet.Bytes.put32;
import static io.nat64.core.packet.Bytes.put64;
import static io.nat64.core.packet.Bytes.u16;

import io.nat64.core.packet.Checksums;

/** Writers for the headers the translator builds, shared by both directions and the ICMP error builders. */
final class Headers {

    static final int IPV4 = 20;
    static final int IPV6 = 40;
    static final int ICMP = 8;
    static final int FRAGMENT = 8;
    static final int DF = 0x4000;
    static final int MF = 0x2000;
    /** RFC 7915 section 5.1: DF is set when the translated IPv4 packet is longer than this. */
    static final int DF_THRESHOLD = 1260;

    private Headers() {}

    /** A 20-byte IPv4 header with its checksum. */
    static void ipv4(byte[] b, int o, int tos, int total, int id, int flags, int ttl, int proto, int src, int dst) {
        b[o] = 0x45;
        b[o + 1] = (byte) tos;
        put16(b, o + 2, total);
        put16(b, o + 4, id);
        put16(b, o + 6, flags);
        b[o + 8] = (byte) ttl;
        b[o + 9] = (byte) proto;
        put16(b, o + 10, 0);
        put32(b, o + 12, src);
        put32(b, o + 16, dst);
        put16(b, o + 10, Checksums.ipv4Header(b, o, IPV4));
    }

    /** A 40-byte IPv6 header with flow label 0. */
    static void ipv6(
            byte[] b,
            int o,
            int trafficClass,
            int payloadLength,
            int nextHeader,
            int hopLimit,
            long srcHigh,
            long srcLow,
            long dstHigh,
            long dstLow) {
        put32(b, o, (6 << 28) | ((trafficClass & 0xff) << 20));
        put16(b, o + 4, payloadLength);
        b[o + 6] = (byte) nextHeader;
        b[o + 7] = (byte) hopLimit;
        put64(b, o + 8, srcHigh);
        put64(b, o + 16, srcLow);
        put64(b, o + 24, dstHigh);
        put64(b, o + 32, dstLow);
    }

    /**
     * Rewrites the ports of a TCP or UDP header at {@code l4} and updates its checksum at {@code l4 + csumAt} by
     * RFC 1624 for {@code removed} (old pseudo header addresses) and {@code added} (new ones). {@code available}
     * is how many header bytes are present (inner packets may be cut short); a checksum past it is left alone.
     * UDP's 0 ("no checksum") is kept when {@code keepZero}, and a computed 0 becomes 0xffff.
     */
    static void rewritePorts(
            byte[] b,
            int l4,
            int available,
            boolean udp,
            int newSrcPort,
            int newDstPort,
            int removed,
            int added,
            boolean keepZero) {
        int oldSrc = u16(b, l4);
        int oldDst = u16(b, l4 + 2);
        put16(b, l4, newSrcPort);
        put16(b, l4 + 2, newDstPort);
        int at = l4 + (udp ? 6 : 16);
        if (at + 2 > l4 + available) {
            return;
        }
        int old = u16(b, at);
        if (udp && old == 0 && keepZero) {
            return;
        }
        int rem = Checksums.add(removed, Checksums.add(oldSrc, oldDst));
        int add = Checksums.add(added, Checksums.add(newSrcPort, newDstPort));
        int c = Checksums.update(old, rem, add);
        put16(b, at, udp && c == 0 ? 0xffff : c);
    }

    /**
     * Rewrites an ICMP echo header at {@code l4} to {@code type} (code 0) and {@code id}, updating its checksum
     * for those words and for the pseudo header partials {@code removed}/{@code added} (ICMPv6 has one, ICMPv4
     * has none; RFC 7915 sections 4.2 and 5.2).
     */
    static void rewriteEcho(byte[] b, int l4, int type, int id, int removed, int added) {
        int oldTypeCode = u16(b, l4);
        int oldId = u16(b, l4 + 4);
        int newTypeCode = type << 8;
        b[l4] = (byte) type;
        b[l4 + 1] = 0;
        put16(b, l4 + 4, id);
        int rem = Checksums.add(removed, Checksums.add(oldTypeCode, oldId));
        int add = Checksums.add(added, Checksums.add(newTypeCode, id));
        put16(b, l4 + 2, Checksums.update(u16(b, l4 + 2), rem, add));
    }

    /** Whether {@code n} bytes fit in {@code out} from {@code o}. */
    static boolean fits(byte[] out, int o, int n) {
        return o >= 0 && n >= 0 && o <= out.length - n;
    }
}
