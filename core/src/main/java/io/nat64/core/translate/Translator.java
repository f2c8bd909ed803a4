package io.nat64.core.translate;

import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.packet.DropReason;
import io.nat64.core.packet.PacketInfo;
import io.nat64.core.pool.Pool6;
import java.security.SecureRandom;

/**
 * RFC 7915 header translation for a NAT64, as Jool does it: the caller parses the packet, looks up its session,
 * and hands the mapping in; the translator writes the other family's packet into a caller-provided buffer.
 *
 * <p>Threading: owned by one thread (it keeps the IPv4 Identification sequence). Allocation-free per packet.
 * Never throws on packet contents; every rejection is a negative {@link DropReason} code, and {@link
 * DropReason#TTL_EXPIRED} asks the caller to answer with ICMP time exceeded ({@link IcmpErrors}). Transport
 * checksums are updated incrementally (RFC 1624), so a wrong one stays equally wrong; ICMP error checksums are
 * verified, then recomputed. An IPv4 packet without DF whose IPv6 form exceeds {@code lowest-ipv6-mtu} leaves as
 * IPv6 fragments, back to back in the output. Not done: incoming fragments (the parser rejects them; there is no
 * reassembly), carrying RFC 4884 ICMP extensions over (they are stripped), next-hop MTU checks (the kernel behind
 * the TUN device answers too-big packets, and its errors come back through here).
 *
 * <pre>{@code
 * Translator t = Translator.create(Ipv6Prefix.parse("64:ff9b::/96"));
 * int n = t.translate6to4(in, 0, len, info, src4, src4Port, dst4, dst4Port, out, 0, globals);
 * }</pre>
 */
public final class Translator {

    private final Pool6 pool6;
    private final Ipv4Ids ids;

    private Translator(Ipv6Prefix pool6, long seed) {
        this.pool6 = Pool6.of(pool6);
        this.ids = new Ipv4Ids(seed);
    }

    /**
     * A translator for an instance whose pool6 is {@code pool6} (length 32, 40, 48, 56, 64 or 96); pool6 is only
     * used to source translated ICMPv4 errors under {@code source-icmpv6-errors-better}.
     */
    public static Translator create(Ipv6Prefix pool6) {
        return new Translator(pool6, new SecureRandom().nextLong());
    }

    /** As {@link #create(Ipv6Prefix)}, with a fixed seed for the IPv4 Identification sequence (tests). */
    static Translator create(Ipv6Prefix pool6, long seed) {
        return new Translator(pool6, seed);
    }

    /**
     * RFC 7915 section 5: translates the IPv6 packet {@code in[off, off + len)}, parsed into {@code info} by {@link
     * io.nat64.core.packet.PacketParser#parse6}, into IPv4 at {@code out[outOff...]}. The IPv4 packet goes from the
     * pool4 mask (src4, src4Port) to the IPv4 peer (dst4, dst4Port); an ICMP echo gets identifier src4Port. For an
     * ICMPv6 error, pass the session of the offending packet in the same orientation: the inner packet is then
     * written from dst4 to src4. Ports use their low 16 bits. {@code in} and {@code out} must not overlap.
     *
     * @return the IPv4 packet's length, or a negative {@link DropReason} code
     */
    public int translate6to4(
            byte[] in,
            int off,
            int len,
            PacketInfo info,
            int src4,
            int src4Port,
            int dst4,
            int dst4Port,
            byte[] out,
            int outOff,
            TranslationGlobals g) {
        if (!matches(in, off, len, info, 6)) {
            return DropReason.NOT_PARSED.code();
        }
        return Ipv6ToIpv4.translate(in, info, src4, src4Port & 0xffff, dst4, dst4Port & 0xffff, out, outOff, g, ids);
    }

    /**
     * RFC 7915 section 4: translates the IPv4 packet {@code in[off, off + len)}, parsed into {@code info} by {@link
     * io.nat64.core.packet.PacketParser#parse4}, into IPv6 at {@code out[outOff...]}. The IPv6 packet goes from
     * (src6, src6Port), pool6 + the IPv4 source with its source port, to (dst6, dst6Port), the BIB entry's IPv6
     * transport address; an ICMP echo gets identifier dst6Port (Jool's 3-tuple). For an ICMPv4 error, pass the
     * session of the offending packet in the same orientation: the inner packet is written from dst6 to src6.
     *
     * @return the IPv6 packet's length (the fragments' total when it had to be fragmented; each fragment's payload
     *     length field gives where the next one starts), or a negative {@link DropReason} code
     */
    public int translate4to6(
            byte[] in,
            int off,
            int len,
            PacketInfo info,
            long src6High,
            long src6Low,
            int src6Port,
            long dst6High,
            long dst6Low,
            int dst6Port,
            byte[] out,
            int outOff,
            TranslationGlobals g) {
        if (!matches(in, off, len, info, 4)) {
            return DropReason.NOT_PARSED.code();
        }
        return Ipv4ToIpv6.translate(
                in,
                info,
                src6High,
                src6Low,
                src6Port & 0xffff,
                dst6High,
                dst6Low,
                dst6Port & 0xffff,
                out,
                outOff,
                g,
                pool6);
    }

    private static boolean matches(byte[] in, int off, int len, PacketInfo info, int version) {
        return info.parsed()
                && info.version() == version
                && off >= 0
                && len >= 0
                && off <= in.length - len
                && info.l3Offset() == off
                && info.packetLength() <= len;
    }
}
