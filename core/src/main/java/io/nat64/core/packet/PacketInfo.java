package io.nat64.core.packet;

import io.nat64.core.addr.L4Protocol;
import org.jspecify.annotations.Nullable;

/**
 * What {@link PacketParser} learned about one packet: a mutable parse result, reused from packet to packet.
 *
 * <p>Threading: owned by one thread (the packet loop that parses and translates with it); not thread-safe.
 *
 * <p>Addresses and ports are in header order (the packet's source is {@code source*}), not RFC 6146 names. IPv6
 * addresses are two longs in network order, IPv4 addresses an int. For ICMP echo, both "ports" are the
 * identifier, as Jool does. For an ICMP error, the outer ports are 0 and the {@code inner*} accessors describe the
 * offending packet inside it, again in its own header order: the session it belongs to is found by the reversed
 * inner tuple. Offsets are absolute indexes into the parsed array.
 */
public final class PacketInfo {

    /** TCP FIN flag bit in {@link #tcpFlags()}. */
    public static final int TCP_FIN = 0x01;
    /** TCP SYN flag bit. */
    public static final int TCP_SYN = 0x02;
    /** TCP RST flag bit. */
    public static final int TCP_RST = 0x04;
    /** TCP ACK flag bit. */
    public static final int TCP_ACK = 0x10;

    boolean parsed;
    int version;

    @Nullable
    L4Protocol l4Protocol;

    int protocolNumber;
    long source6High;
    long source6Low;
    long destination6High;
    long destination6Low;
    int source4;
    int destination4;
    int sourcePort;
    int destinationPort;
    int tcpFlags;
    int icmpType;
    int icmpCode;
    boolean icmpError;
    int l3Offset;
    int l3HeaderLength;
    int l4Offset;
    int l4HeaderLength;
    int packetLength;
    int hopLimit;
    int trafficClass;
    int flowLabel;
    int identification;
    boolean dontFragment;
    boolean moreFragments;
    int fragmentOffset;
    int fragmentHeaderOffset;
    int errorPointer;

    int innerVersion;
    int innerProtocolNumber;

    @Nullable
    L4Protocol innerL4Protocol;

    long innerSource6High;
    long innerSource6Low;
    long innerDestination6High;
    long innerDestination6Low;
    int innerSource4;
    int innerDestination4;
    int innerSourcePort;
    int innerDestinationPort;
    int innerL3Offset;
    int innerL3HeaderLength;
    int innerL4Offset;
    int innerLength;
    int innerTotalLength;
    int innerHopLimit;
    int innerTrafficClass;
    int innerIdentification;
    boolean innerMoreFragments;
    int innerFragmentHeaderOffset;

    /** Creates an empty result; {@link PacketParser} fills it. */
    public PacketInfo() {
        reset();
    }

    void reset() {
        parsed = false;
        version = 0;
        l4Protocol = null;
        protocolNumber = -1;
        source6High = source6Low = destination6High = destination6Low = 0;
        source4 = destination4 = 0;
        sourcePort = destinationPort = 0;
        tcpFlags = 0;
        icmpType = icmpCode = -1;
        icmpError = false;
        l3Offset = l3HeaderLength = l4Offset = l4HeaderLength = packetLength = 0;
        hopLimit = trafficClass = flowLabel = identification = 0;
        dontFragment = moreFragments = false;
        fragmentOffset = 0;
        fragmentHeaderOffset = -1;
        errorPointer = -1;
        innerVersion = 0;
        innerProtocolNumber = -1;
        innerL4Protocol = null;
        innerSource6High = innerSource6Low = innerDestination6High = innerDestination6Low = 0;
        innerSource4 = innerDestination4 = innerSourcePort = innerDestinationPort = 0;
        innerL3Offset = innerL3HeaderLength = innerL4Offset = innerLength = innerTotalLength = 0;
        innerHopLimit = innerTrafficClass = innerIdentification = 0;
        innerMoreFragments = false;
        innerFragmentHeaderOffset = -1;
    }

    /** Whether the last parse succeeded; the fields of a failed parse are only filled as far as it got. */
    public boolean parsed() {
        return parsed;
    }

    /** 4 or 6 (0 before the version was read). */
    public int version() {
        return version;
    }

    /** TCP, UDP or ICMP (ICMPv4 or ICMPv6); null for anything else. */
    public @Nullable L4Protocol l4Protocol() {
        return l4Protocol;
    }

    /** The IPv4 protocol or the last IPv6 next header (-1 before it was read). */
    public int protocolNumber() {
        return protocolNumber;
    }

    /** IPv6 source, bytes 0 to 7. */
    public long source6High() {
        return source6High;
    }

    /** IPv6 source, bytes 8 to 15. */
    public long source6Low() {
        return source6Low;
    }

    /** IPv6 destination, bytes 0 to 7. */
    public long destination6High() {
        return destination6High;
    }

    /** IPv6 destination, bytes 8 to 15. */
    public long destination6Low() {
        return destination6Low;
    }

    /** IPv4 source address bits. */
    public int source4() {
        return source4;
    }

    /** IPv4 destination address bits. */
    public int destination4() {
        return destination4;
    }

    /** TCP/UDP source port, or the ICMP echo identifier; 0 for ICMP errors. */
    public int sourcePort() {
        return sourcePort;
    }

    /** TCP/UDP destination port, or the ICMP echo identifier; 0 for ICMP errors. */
    public int destinationPort() {
        return destinationPort;
    }

    /** The TCP flags byte (see {@link #TCP_SYN} and friends); 0 for other protocols. */
    public int tcpFlags() {
        return tcpFlags;
    }

    /** Whether this is a TCP segment with SYN. */
    public boolean isSyn() {
        return (tcpFlags & TCP_SYN) != 0;
    }

    /** Whether this is a TCP segment with FIN. */
    public boolean isFin() {
        return (tcpFlags & TCP_FIN) != 0;
    }

    /** Whether this is a TCP segment with RST. */
    public boolean isRst() {
        return (tcpFlags & TCP_RST) != 0;
    }

    /** Whether this is a TCP segment with ACK. */
    public boolean isAck() {
        return (tcpFlags & TCP_ACK) != 0;
    }

    /** The ICMP or ICMPv6 type, or -1. */
    public int icmpType() {
        return icmpType;
    }

    /** The ICMP or ICMPv6 code, or -1. */
    public int icmpCode() {
        return icmpCode;
    }

    /** Whether this is an ICMP error carrying an offending packet (see the {@code inner*} accessors). */
    public boolean isIcmpError() {
        return icmpError;
    }

    /** Index of the IP header (the {@code off} given to the parser). */
    public int l3Offset() {
        return l3Offset;
    }

    /** IPv4 header with options, or IPv6 header with every extension header. */
    public int l3HeaderLength() {
        return l3HeaderLength;
    }

    /** Index of the TCP, UDP or ICMP header. */
    public int l4Offset() {
        return l4Offset;
    }

    /** TCP header with options (data offset), 8 for UDP and ICMP. */
    public int l4HeaderLength() {
        return l4HeaderLength;
    }

    /** Index of the first byte after the transport header. */
    public int payloadOffset() {
        return l4Offset + l4HeaderLength;
    }

    /** Bytes after the transport header up to the declared end of the packet. */
    public int payloadLength() {
        return packetLength - (payloadOffset() - l3Offset);
    }

    /** Bytes from the transport header to the declared end of the packet. */
    public int l4Length() {
        return packetLength - (l4Offset - l3Offset);
    }

    /** The declared packet length (IPv4 total length; 40 + IPv6 payload length); later bytes are ignored. */
    public int packetLength() {
        return packetLength;
    }

    /** IPv6 hop limit or IPv4 TTL. */
    public int hopLimit() {
        return hopLimit;
    }

    /** IPv6 traffic class or IPv4 TOS byte. */
    public int trafficClass() {
        return trafficClass;
    }

    /** IPv6 flow label (0 for IPv4). */
    public int flowLabel() {
        return flowLabel;
    }

    /** IPv4 identification, or the 32-bit identification of the IPv6 fragment header. */
    public int identification() {
        return identification;
    }

    /** IPv4 DF. */
    public boolean dontFragment() {
        return dontFragment;
    }

    /** IPv4 MF or the IPv6 fragment header's M flag. */
    public boolean moreFragments() {
        return moreFragments;
    }

    /** Fragment offset in bytes. */
    public int fragmentOffset() {
        return fragmentOffset;
    }

    /** Whether the IPv6 packet has a fragment header (an atomic fragment, if it parsed). */
    public boolean hasFragmentHeader() {
        return fragmentHeaderOffset >= 0;
    }

    /** Index of the IPv6 fragment header, or -1. */
    public int fragmentHeaderOffset() {
        return fragmentHeaderOffset;
    }

    /** For {@link DropReason#SEGMENTS_LEFT}: the offset from the IPv6 header of the offending field; else -1. */
    public int errorPointer() {
        return errorPointer;
    }

    /** IP version of the packet inside an ICMP error (0 when none). */
    public int innerVersion() {
        return innerVersion;
    }

    /** The inner packet's IPv4 protocol or last IPv6 next header (-1 before it was read). */
    public int innerProtocolNumber() {
        return innerProtocolNumber;
    }

    /** Protocol of the packet inside an ICMP error (ICMP only for echo). */
    public @Nullable L4Protocol innerL4Protocol() {
        return innerL4Protocol;
    }

    /** Inner IPv6 source, bytes 0 to 7. */
    public long innerSource6High() {
        return innerSource6High;
    }

    /** Inner IPv6 source, bytes 8 to 15. */
    public long innerSource6Low() {
        return innerSource6Low;
    }

    /** Inner IPv6 destination, bytes 0 to 7. */
    public long innerDestination6High() {
        return innerDestination6High;
    }

    /** Inner IPv6 destination, bytes 8 to 15. */
    public long innerDestination6Low() {
        return innerDestination6Low;
    }

    /** Inner IPv4 source. */
    public int innerSource4() {
        return innerSource4;
    }

    /** Inner IPv4 destination. */
    public int innerDestination4() {
        return innerDestination4;
    }

    /** Inner source port, or the inner echo identifier. */
    public int innerSourcePort() {
        return innerSourcePort;
    }

    /** Inner destination port, or the inner echo identifier. */
    public int innerDestinationPort() {
        return innerDestinationPort;
    }

    /** Index of the inner IP header. */
    public int innerL3Offset() {
        return innerL3Offset;
    }

    /** Inner IPv4 header with options, or inner IPv6 header with its extension headers. */
    public int innerL3HeaderLength() {
        return innerL3HeaderLength;
    }

    /** Index of the inner transport header. */
    public int innerL4Offset() {
        return innerL4Offset;
    }

    /**
     * Bytes of the inner packet present: what the error carries, cut at the RFC 4884 length when there is one and
     * at the inner packet's own declared length.
     */
    public int innerLength() {
        return innerLength;
    }

    /** The inner packet's declared length (the offending packet's full size, usually more than is quoted). */
    public int innerTotalLength() {
        return innerTotalLength;
    }

    /** Inner hop limit or TTL. */
    public int innerHopLimit() {
        return innerHopLimit;
    }

    /** Inner traffic class or TOS. */
    public int innerTrafficClass() {
        return innerTrafficClass;
    }

    /** Inner IPv4 identification, or inner IPv6 fragment header identification. */
    public int innerIdentification() {
        return innerIdentification;
    }

    /** Inner MF flag (the inner packet may be a first fragment). */
    public boolean innerMoreFragments() {
        return innerMoreFragments;
    }

    /** Index of the inner IPv6 fragment header, or -1. */
    public int innerFragmentHeaderOffset() {
        return innerFragmentHeaderOffset;
    }
}
