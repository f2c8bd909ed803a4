package io.nat64.core.packet;

/**
 * Why a packet was not parsed or translated. Every rejection on the packet path is one of these, returned as the
 * negative {@link #code()} (so a length or 0 means success), and is meant to be counted per reason.
 *
 * <p>A few reasons ask the caller to answer with an ICMP error (see each constant); the translator never sends
 * anything itself. {@code if (r < 0) drops[DropReason.fromCode(r).ordinal()]++;}
 */
public enum DropReason {
    /** {@code off}/{@code len} do not describe a slice of the array, or an offset is negative. */
    BAD_BOUNDS,
    /** The packet ends before a header it announces, or before its declared length. */
    TRUNCATED,
    /** The IP version nibble is not the one the parse method expects. */
    BAD_VERSION,
    /** IPv4 IHL below 5. */
    BAD_HEADER_LENGTH,
    /** IPv4 total length shorter than the header. */
    BAD_TOTAL_LENGTH,
    /** The IPv4 header checksum does not verify. */
    BAD_IPV4_CHECKSUM,
    /** AH, ESP, Mobility, HIP, Shim6, two fragment headers, or an extension header after the fragment header. */
    UNSUPPORTED_EXTENSION_HEADER,
    /**
     * A routing header with Segments Left not zero (RFC 7915 section 5.1); answer with ICMPv6 parameter problem
     * code 0 pointing at {@link PacketInfo#errorPointer()}.
     */
    SEGMENTS_LEFT,
    /** An unexpired IPv4 source route (RFC 7915 section 4.1); answer with ICMPv4 3/5 (source route failed). */
    SOURCE_ROUTE,
    /** A fragment (not an atomic fragment); this translator does not reassemble. */
    FRAGMENTED,
    /**
     * Neither TCP, UDP nor ICMP; Jool answers with ICMPv4 protocol unreachable or ICMPv6 port unreachable (its
     * reading of RFC 6146 section 3.4, determining the incoming tuple).
     */
    UNSUPPORTED_L4_PROTOCOL,
    /** TCP data offset below 5 or past the end of the packet. */
    BAD_TCP_HEADER_LENGTH,
    /** UDP length below 8 or past the end of the packet. */
    BAD_UDP_LENGTH,
    /** An ICMP type with no counterpart (not echo, not one of the translated errors; RFC 7915 4.2, 5.2). */
    UNSUPPORTED_ICMP_TYPE,
    /** An ICMP error code with no counterpart on the other side (RFC 7915 sections 4.2 and 5.2: silently drop). */
    UNSUPPORTED_ICMP_CODE,
    /** A parameter problem pointer with no counterpart (RFC 7915 sections 4.2 and 5.2). */
    UNTRANSLATABLE_POINTER,
    /** The RFC 4884 length of an ICMP error is longer than its payload. */
    BAD_ICMP_LENGTH,
    /** An ICMP error's checksum does not verify (it is recomputed, so a bad one must not be laundered). */
    BAD_ICMP_CHECKSUM,
    /** The packet inside an ICMP error is too short for its own headers. */
    INNER_TRUNCATED,
    /** The packet inside an ICMP error has the wrong IP version. */
    INNER_BAD_VERSION,
    /** The packet inside an ICMP error has an IHL below 5. */
    INNER_BAD_HEADER_LENGTH,
    /** The packet inside an ICMP error has a total length shorter than its header. */
    INNER_BAD_TOTAL_LENGTH,
    /** The packet inside an ICMP error is a fragment other than the first. */
    INNER_FRAGMENT,
    /** The packet inside an ICMP error is neither TCP, UDP nor ICMP echo. */
    INNER_UNSUPPORTED_PROTOCOL,
    /** An ICMP error inside an ICMP error. */
    INNER_ICMP_ERROR,
    /** The {@link PacketInfo} was not a successful parse of this buffer in the direction asked for. */
    NOT_PARSED,
    /**
     * The hop limit or TTL would reach 0 (RFC 7915 sections 4.1 and 5.1); answer with ICMP time exceeded (code 0)
     * to the sender.
     */
    TTL_EXPIRED,
    /** An ICMPv6 echo while {@code drop-icmpv6-info} is on. */
    ICMPV6_INFO_DROPPED,
    /** The translated packet would be longer than an IPv4 total length can say (65,535 bytes). */
    TOO_BIG,
    /** The output buffer cannot hold the translated packet. */
    OUTPUT_TOO_SMALL,
    /**
     * No ICMP error may be sent about this packet (it is an ICMP error, a non-first fragment, or from or to a
     * multicast, broadcast or unspecified address; RFC 1812 section 4.3.2.7, RFC 4443 section 2.4).
     */
    ICMP_ERROR_SUPPRESSED;

    private static final DropReason[] VALUES = values();

    /** The negative value returned for this reason: {@code -(ordinal() + 1)}. */
    public int code() {
        return -(ordinal() + 1);
    }

    /** Whether {@code code} is the code of some reason. */
    public static boolean isCode(int code) {
        return code < 0 && -code <= VALUES.length;
    }

    /** The reason whose {@link #code()} is {@code code}; {@link IllegalArgumentException} otherwise. */
    public static DropReason fromCode(int code) {
        if (!isCode(code)) {
            throw new IllegalArgumentException("not a drop code: " + code);
        }
        return VALUES[-code - 1];
    }
}
