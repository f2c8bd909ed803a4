package io.nat64.core.translate;

import static io.nat64.core.packet.Bytes.i32;
import static io.nat64.core.packet.Bytes.i64;
import static io.nat64.core.packet.Bytes.put16;
import static io.nat64.core.packet.Bytes.put32;
import static io.nat64.core.packet.Bytes.u16;
import static io.nat64.core.packet.Bytes.u8;

import io.nat64.core.packet.Checksums;
import io.nat64.core.packet.DropReason;
import java.security.SecureRandom;

/**
 * Builds the ICMP errors the NAT64 sends itself, back to the sender of an offending packet: TTL/hop limit 64, as
 * much of the offending packet as fits in 576 (IPv4) or 1280 (IPv6) bytes, and a source address chosen by the
 * caller (decisions.md: the pool4 address of the BIB entry concerned, or pool6 + it for IPv6).
 *
 * <p>Errors are refused ({@link DropReason#ICMP_ERROR_SUPPRESSED}) about ICMP errors, non-first IPv4 fragments and
 * packets from or to unspecified, multicast or broadcast addresses (RFC 1812 section 4.3.2.7, RFC 4443 section
 * 2.4 (e)). Threading: owned by one thread (IPv4 Identification sequence); allocation-free per packet.
 *
 * <pre>{@code
 * int n = errors.toIpv6(Icmp6Error.TIME_EXCEEDED, 0, in, 0, len, srcHigh, srcLow, out, 0);
 * }</pre>
 */
public final class IcmpErrors {

    /** Hop limit and TTL of the errors (decisions.md). */
    public static final int HOP_LIMIT = 64;

    private final Ipv4Ids ids;

    private IcmpErrors(long seed) {
        this.ids = new Ipv4Ids(seed);
    }

    /** A builder with a random IPv4 Identification sequence. */
    public static IcmpErrors create() {
        return new IcmpErrors(new SecureRandom().nextLong());
    }

    /**
     * Writes an ICMPv6 {@code kind} error about the IPv6 packet {@code offending[off, off + len)} to its source,
     * from {@code src6}. {@code info} is the MTU for packet too big, the pointer for parameter problem, else 0.
     *
     * @return the error's length, or a negative {@link DropReason} code
     */
    public int toIpv6(
            Icmp6Error kind,
            int info,
            byte[] offending,
            int off,
            int len,
            long src6High,
            long src6Low,
            byte[] out,
            int outOff) {
        if (off < 0 || len < 0 || off > offending.length - len) {
            return DropReason.BAD_BOUNDS.code();
        }
        if (len < Headers.IPV6) {
            return DropReason.TRUNCATED.code();
        }
        if (u8(offending, off) >>> 4 != 6) {
            return DropReason.BAD_VERSION.code();
        }
        long sourceHigh = i64(offending, off + 8);
        long sourceLow = i64(offending, off + 16);
        boolean badSource = (sourceHigh == 0 && sourceLow == 0) || (sourceHigh >>> 56) == 0xff;
        boolean multicastDestination = (i64(offending, off + 24) >>> 56) == 0xff;
        int quoted = Math.min(len, Headers.IPV6 + u16(offending, off + 4));
        if (badSource
                || (multicastDestination && kind != Icmp6Error.PACKET_TOO_BIG)
                || isIcmp6Error(offending, off, off + quoted)) {
            return DropReason.ICMP_ERROR_SUPPRESSED.code();
        }
        int total = Math.min(Headers.IPV6 + Headers.ICMP + quoted, Ipv4ToIpv6.MAX_ICMP6_ERROR);
        if (!Headers.fits(out, outOff, total)) {
            return DropReason.OUTPUT_TOO_SMALL.code();
        }
        int icmpLength = total - Headers.IPV6;
        Headers.ipv6(out, outOff, 0, icmpLength, 58, HOP_LIMIT, src6High, src6Low, sourceHigh, sourceLow);
        int icmp = outOff + Headers.IPV6;
        out[icmp] = (byte) kind.type();
        out[icmp + 1] = (byte) kind.code();
        put16(out, icmp + 2, 0);
        put32(out, icmp + 4, info);
        System.arraycopy(offending, off, out, icmp + Headers.ICMP, icmpLength - Headers.ICMP);
        int pseudo = Checksums.pseudoHeader6(src6High, src6Low, sourceHigh, sourceLow, 58, icmpLength);
        put16(out, icmp + 2, Checksums.finish(Checksums.add(pseudo, Checksums.sum(out, icmp, icmpLength))));
        return total;
    }

    /**
     * Writes an ICMPv4 {@code kind} error about the IPv4 packet {@code offending[off, off + len)} to its source,
     * from {@code src4}. {@code info} is the next-hop MTU for fragmentation needed, else ignored.
     *
     * @return the error's length, or a negative {@link DropReason} code
     */
    public int toIpv4(Icmp4Error kind, int info, byte[] offending, int off, int len, int src4, byte[] out, int outOff) {
        if (off < 0 || len < 0 || off > offending.length - len) {
            return DropReason.BAD_BOUNDS.code();
        }
        if (len < Headers.IPV4) {
            return DropReason.TRUNCATED.code();
        }
        int vihl = u8(offending, off);
        if (vihl >>> 4 != 4) {
            return DropReason.BAD_VERSION.code();
        }
        int ihl = (vihl & 0x0f) << 2;
        if (ihl < Headers.IPV4 || ihl > len) {
            return DropReason.BAD_HEADER_LENGTH.code();
        }
        int source = i32(offending, off + 12);
        int destination = i32(offending, off + 16);
        boolean badSource = source == 0 || (source >>> 28) >= 0xe;
        boolean badDestination = destination == -1 || (destination >>> 28) == 0xe;
        boolean laterFragment = (u16(offending, off + 6) & 0x1fff) != 0;
        boolean icmpError = u8(offending, off + 9) == 1 && ihl < len && isIcmp4Error(u8(offending, off + ihl));
        if (badSource || badDestination || laterFragment || icmpError) {
            return DropReason.ICMP_ERROR_SUPPRESSED.code();
        }
        int quoted = Math.min(len, Math.max(ihl, u16(offending, off + 2)));
        int total = Math.min(Headers.IPV4 + Headers.ICMP + quoted, Ipv6ToIpv4.MAX_ICMP4_ERROR);
        if (!Headers.fits(out, outOff, total)) {
            return DropReason.OUTPUT_TOO_SMALL.code();
        }
        Headers.ipv4(out, outOff, 0, total, ids.next(), 0, HOP_LIMIT, 1, src4, source);
        int icmp = outOff + Headers.IPV4;
        int icmpLength = total - Headers.IPV4;
        out[icmp] = (byte) kind.type();
        out[icmp + 1] = (byte) kind.code();
        put16(out, icmp + 2, 0);
        put32(out, icmp + 4, kind == Icmp4Error.FRAGMENTATION_NEEDED ? info & 0xffff : 0);
        System.arraycopy(offending, off, out, icmp + Headers.ICMP, icmpLength - Headers.ICMP);
        put16(out, icmp + 2, Checksums.finish(Checksums.sum(out, icmp, icmpLength)));
        return total;
    }

    private static boolean isIcmp4Error(int type) {
        return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    }

    /** Whether the IPv6 packet in {@code [off, end)} carries an ICMPv6 error (type below 128). */
    private static boolean isIcmp6Error(byte[] b, int off, int end) {
        int nh = u8(b, off + 6);
        int i = off + Headers.IPV6;
        while (nh == 0 || nh == 43 || nh == 60 || nh == 44) {
            if (end - i < 8) {
                return false;
            }
            int length = nh == 44 ? 8 : (u8(b, i + 1) + 1) << 3;
            nh = u8(b, i);
            i += length;
        }
        return nh == 58 && i < end && u8(b, i) < 128;
    }
}
