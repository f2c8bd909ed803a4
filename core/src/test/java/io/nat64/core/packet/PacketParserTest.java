package io.nat64.core.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketParserTest {

    private static final String SRC6 = "2001:db8::8";
    private static final String DST6 = "64:ff9b::c000:201";
    private final PacketInfo info = new PacketInfo();

    private static int reason(DropReason r) {
        return r.code();
    }

    @Test
    void parsesEveryFieldOfAnIpv6TcpSegment() {
        byte[] p = PacketBuilder.ipv6(SRC6, DST6)
                .trafficClass(0xb8)
                .flowLabel(0x12345)
                .hopLimit(33)
                .tcp(40000, 80, PacketInfo.TCP_SYN | PacketInfo.TCP_ACK)
                .tcpOptions((byte) 2, (byte) 4, (byte) 5, (byte) 0xb4)
                .payload(10)
                .build();
        byte[] buf = new byte[p.length + 7];
        System.arraycopy(p, 0, buf, 3, p.length);

        assertThat(PacketParser.parse6(buf, 3, p.length, info)).isZero();

        assertThat(info.parsed()).isTrue();
        assertThat(info.version()).isEqualTo(6);
        assertThat(info.l4Protocol()).isEqualTo(L4Protocol.TCP);
        assertThat(new Ipv6Address(info.source6High(), info.source6Low())).isEqualTo(Ipv6Address.parse(SRC6));
        assertThat(new Ipv6Address(info.destination6High(), info.destination6Low()))
                .isEqualTo(Ipv6Address.parse(DST6));
        assertThat(info.sourcePort()).isEqualTo(40000);
        assertThat(info.destinationPort()).isEqualTo(80);
        assertThat(info.isSyn()).isTrue();
        assertThat(info.isAck()).isTrue();
        assertThat(info.isFin()).isFalse();
        assertThat(info.isRst()).isFalse();
        assertThat(info.trafficClass()).isEqualTo(0xb8);
        assertThat(info.flowLabel()).isEqualTo(0x12345);
        assertThat(info.hopLimit()).isEqualTo(33);
        assertThat(info.l3Offset()).isEqualTo(3);
        assertThat(info.l3HeaderLength()).isEqualTo(40);
        assertThat(info.l4Offset()).isEqualTo(43);
        assertThat(info.l4HeaderLength()).isEqualTo(24);
        assertThat(info.payloadOffset()).isEqualTo(67);
        assertThat(info.payloadLength()).isEqualTo(10);
        assertThat(info.packetLength()).isEqualTo(p.length);
        assertThat(info.isIcmpError()).isFalse();
        assertThat(info.hasFragmentHeader()).isFalse();
    }

    @Test
    void parsesEveryFieldOfAnIpv4UdpDatagram() {
        byte[] p = PacketBuilder.ipv4("192.0.2.1", "203.0.113.5")
                .trafficClass(0x10)
                .id(0xbeef)
                .dontFragment(true)
                .hopLimit(9)
                .udp(53, 61001)
                .payload(5)
                .build();

        assertThat(PacketParser.parse4(p, 0, p.length, info)).isZero();

        assertThat(info.version()).isEqualTo(4);
        assertThat(info.l4Protocol()).isEqualTo(L4Protocol.UDP);
        assertThat(info.source4()).isEqualTo(Ipv4Address.parseBits("192.0.2.1"));
        assertThat(info.destination4()).isEqualTo(Ipv4Address.parseBits("203.0.113.5"));
        assertThat(info.sourcePort()).isEqualTo(53);
        assertThat(info.destinationPort()).isEqualTo(61001);
        assertThat(info.trafficClass()).isEqualTo(0x10);
        assertThat(info.identification()).isEqualTo(0xbeef);
        assertThat(info.dontFragment()).isTrue();
        assertThat(info.moreFragments()).isFalse();
        assertThat(info.hopLimit()).isEqualTo(9);
        assertThat(info.l4HeaderLength()).isEqualTo(8);
        assertThat(info.payloadLength()).isEqualTo(5);
    }

    @Test
    void echoIdentifierIsBothPorts() {
        byte[] p = PacketBuilder.ipv6(SRC6, DST6).echo(true, 0x4242, 7).build();

        assertThat(PacketParser.parse6(p, 0, p.length, info)).isZero();

        assertThat(info.l4Protocol()).isEqualTo(L4Protocol.ICMP);
        assertThat(info.icmpType()).isEqualTo(128);
        assertThat(info.sourcePort()).isEqualTo(0x4242);
        assertThat(info.destinationPort()).isEqualTo(0x4242);
    }

    @Test
    void icmpv4ErrorExposesTheInnerTupleInItsOwnHeaderOrder() {
        byte[] offending = PacketBuilder.ipv4("203.0.113.5", "192.0.2.1")
                .tcp(61001, 443, PacketInfo.TCP_SYN)
                .build();
        byte[] p = PacketBuilder.ipv4("198.51.100.9", "203.0.113.5")
                .icmp(3, 3, 0, offending)
                .build();

        assertThat(PacketParser.parse4(p, 0, p.length, info)).isZero();

        assertThat(info.isIcmpError()).isTrue();
        assertThat(info.innerVersion()).isEqualTo(4);
        assertThat(info.innerL4Protocol()).isEqualTo(L4Protocol.TCP);
        assertThat(info.innerSource4()).isEqualTo(Ipv4Address.parseBits("203.0.113.5"));
        assertThat(info.innerDestination4()).isEqualTo(Ipv4Address.parseBits("192.0.2.1"));
        assertThat(info.innerSourcePort()).isEqualTo(61001);
        assertThat(info.innerDestinationPort()).isEqualTo(443);
        assertThat(info.innerLength()).isEqualTo(offending.length);
        assertThat(info.innerTotalLength()).isEqualTo(offending.length);
        assertThat(info.innerL4Offset()).isEqualTo(info.innerL3Offset() + 20);
        assertThat(info.sourcePort()).isZero();
    }

    @Test
    void icmpv6ErrorWithEchoInsideUsesTheIdentifier() {
        byte[] offending = PacketBuilder.ipv6(DST6, SRC6).echo(false, 99, 1).build();
        byte[] p =
                PacketBuilder.ipv6("2001:db8::1", DST6).icmp(3, 0, 0, offending).build();

        assertThat(PacketParser.parse6(p, 0, p.length, info)).isZero();

        assertThat(info.innerL4Protocol()).isEqualTo(L4Protocol.ICMP);
        assertThat(info.innerSourcePort()).isEqualTo(99);
        assertThat(info.innerDestinationPort()).isEqualTo(99);
        assertThat(new Ipv6Address(info.innerSource6High(), info.innerSource6Low()))
                .isEqualTo(Ipv6Address.parse(DST6));
    }

    @Test
    void skipsExtensionHeadersAndAcceptsAnAtomicFragment() {
        byte[] p = PacketBuilder.ipv6(SRC6, DST6)
                .hopByHop()
                .destinationOptions()
                .routing(0)
                .fragment(0xabcdef01, 0, false)
                .udp(1, 2)
                .build();

        assertThat(PacketParser.parse6(p, 0, p.length, info)).isZero();

        assertThat(info.l3HeaderLength()).isEqualTo(72);
        assertThat(info.hasFragmentHeader()).isTrue();
        assertThat(info.fragmentHeaderOffset()).isEqualTo(64);
        assertThat(info.identification()).isEqualTo(0xabcdef01);
        assertThat(info.l4Protocol()).isEqualTo(L4Protocol.UDP);
    }

    @Test
    void ignoresBytesPastTheDeclaredLength() {
        byte[] p = PacketBuilder.ipv4("192.0.2.1", "203.0.113.5").udp(1, 2).build();
        byte[] longer = Arrays.copyOf(p, p.length + 9);

        assertThat(PacketParser.parse4(longer, 0, longer.length, info)).isZero();
        assertThat(info.packetLength()).isEqualTo(p.length);
    }

    @Test
    void rejectsMalformedIpv4() {
        byte[] udp = PacketBuilder.ipv4("192.0.2.1", "203.0.113.5").udp(1, 2).build();
        assertThat(PacketParser.parse4(udp, 0, 19, info)).isEqualTo(reason(DropReason.TRUNCATED));
        assertThat(PacketParser.parse4(udp, 1, udp.length, info)).isEqualTo(reason(DropReason.BAD_BOUNDS));
        assertThat(PacketParser.parse4(udp, -1, 3, info)).isEqualTo(reason(DropReason.BAD_BOUNDS));

        byte[] v6 = udp.clone();
        v6[0] = 0x65;
        assertThat(PacketParser.parse4(v6, 0, v6.length, info)).isEqualTo(reason(DropReason.BAD_VERSION));

        byte[] ihl = udp.clone();
        ihl[0] = 0x44;
        assertThat(PacketParser.parse4(ihl, 0, ihl.length, info)).isEqualTo(reason(DropReason.BAD_HEADER_LENGTH));

        byte[] total = udp.clone();
        Bytes.put16(total, 2, 19);
        assertThat(PacketParser.parse4(total, 0, total.length, info)).isEqualTo(reason(DropReason.BAD_TOTAL_LENGTH));

        byte[] longTotal = udp.clone();
        Bytes.put16(longTotal, 2, udp.length + 1);
        assertThat(PacketParser.parse4(longTotal, 0, longTotal.length, info)).isEqualTo(reason(DropReason.TRUNCATED));

        byte[] checksum = udp.clone();
        checksum[8]++;
        assertThat(PacketParser.parse4(checksum, 0, checksum.length, info))
                .isEqualTo(reason(DropReason.BAD_IPV4_CHECKSUM));
    }

    @Test
    void rejectsWhatTheTranslatorCannotHandleOnIpv4() {
        assertThat(parse4(PacketBuilder.ipv4("192.0.2.1", "203.0.113.5")
                        .moreFragments(true)
                        .udp(1, 2)))
                .isEqualTo(reason(DropReason.FRAGMENTED));
        assertThat(parse4(PacketBuilder.ipv4("192.0.2.1", "203.0.113.5")
                        .fragmentOffset(8)
                        .udp(1, 2)))
                .isEqualTo(reason(DropReason.FRAGMENTED));
        assertThat(parse4(PacketBuilder.ipv4("192.0.2.1", "203.0.113.5")
                        .options((byte) 131, (byte) 7, (byte) 4, (byte) 1, (byte) 2, (byte) 3, (byte) 4)
                        .udp(1, 2)))
                .isEqualTo(reason(DropReason.SOURCE_ROUTE));
        assertThat(parse4(PacketBuilder.ipv4("192.0.2.1", "203.0.113.5")
                        .options((byte) 131, (byte) 7, (byte) 8, (byte) 1, (byte) 2, (byte) 3, (byte) 4)
                        .udp(1, 2)))
                .as("an expired source route is ignored")
                .isZero();
        assertThat(parse4(PacketBuilder.ipv4("192.0.2.1", "203.0.113.5").protocol(47)))
                .isEqualTo(reason(DropReason.UNSUPPORTED_L4_PROTOCOL));
        assertThat(parse4(PacketBuilder.ipv4("192.0.2.1", "203.0.113.5").icmp(13, 0, 0, new byte[12])))
                .isEqualTo(reason(DropReason.UNSUPPORTED_ICMP_TYPE));
    }

    @Test
    void rejectsBadTransportHeaders() {
        byte[] tcp = PacketBuilder.ipv4("192.0.2.1", "203.0.113.5").tcp(1, 2, 0).build();
        tcp[20 + 12] = 0x40;
        fixIpv4Checksum(tcp);
        assertThat(PacketParser.parse4(tcp, 0, tcp.length, info)).isEqualTo(reason(DropReason.BAD_TCP_HEADER_LENGTH));

        byte[] udp = PacketBuilder.ipv6(SRC6, DST6).udp(1, 2).payload(4).build();
        Bytes.put16(udp, 44, 13);
        assertThat(PacketParser.parse6(udp, 0, udp.length, info)).isEqualTo(reason(DropReason.BAD_UDP_LENGTH));

        byte[] shortTcp = PacketBuilder.ipv6(SRC6, DST6).protocol(6).payload(19).build();
        assertThat(PacketParser.parse6(shortTcp, 0, shortTcp.length, info)).isEqualTo(reason(DropReason.TRUNCATED));
    }

    @Test
    void rejectsWhatTheTranslatorCannotHandleOnIpv6() {
        assertThat(parse6(PacketBuilder.ipv6(SRC6, DST6).fragment(1, 0, true).udp(1, 2)))
                .isEqualTo(reason(DropReason.FRAGMENTED));
        assertThat(parse6(PacketBuilder.ipv6(SRC6, DST6)
                        .fragment(1, 0, false)
                        .fragment(2, 0, false)
                        .udp(1, 2)))
                .isEqualTo(reason(DropReason.UNSUPPORTED_EXTENSION_HEADER));
        assertThat(parse6(PacketBuilder.ipv6(SRC6, DST6)
                        .fragment(1, 0, false)
                        .destinationOptions()
                        .udp(1, 2)))
                .isEqualTo(reason(DropReason.UNSUPPORTED_EXTENSION_HEADER));
        assertThat(parse6(PacketBuilder.ipv6(SRC6, DST6).protocol(50).payload(16)))
                .isEqualTo(reason(DropReason.UNSUPPORTED_EXTENSION_HEADER));
        assertThat(parse6(PacketBuilder.ipv6(SRC6, DST6).protocol(132).payload(16)))
                .isEqualTo(reason(DropReason.UNSUPPORTED_L4_PROTOCOL));
        assertThat(parse6(PacketBuilder.ipv6(SRC6, DST6).echo(true, 1, 1))).isZero();
        assertThat(parse6(PacketBuilder.ipv6(SRC6, DST6).icmp(135, 0, 0, new byte[16])))
                .isEqualTo(reason(DropReason.UNSUPPORTED_ICMP_TYPE));
    }

    @Test
    void routingHeaderWithSegmentsLeftPointsAtThatField() {
        int r = parse6(PacketBuilder.ipv6(SRC6, DST6).hopByHop().routing(2).udp(1, 2));

        assertThat(r).isEqualTo(reason(DropReason.SEGMENTS_LEFT));
        assertThat(info.errorPointer()).isEqualTo(40 + 8 + 3);
    }

    @Test
    void rejectsBadInnerPackets() {
        byte[] echoError = PacketBuilder.ipv4("203.0.113.5", "192.0.2.1")
                .icmp(
                        3,
                        1,
                        0,
                        PacketBuilder.ipv4("192.0.2.1", "203.0.113.5").udp(1, 2).build())
                .build();
        assertThat(parse4(PacketBuilder.ipv4("198.51.100.1", "203.0.113.5").icmp(11, 0, 0, echoError)))
                .isEqualTo(reason(DropReason.INNER_ICMP_ERROR));
        byte[] later = PacketBuilder.ipv4("203.0.113.5", "192.0.2.1")
                .fragmentOffset(16)
                .udp(1, 2)
                .build();
        assertThat(parse4(PacketBuilder.ipv4("198.51.100.1", "203.0.113.5").icmp(3, 3, 0, later)))
                .isEqualTo(reason(DropReason.INNER_FRAGMENT));
        byte[] gre = PacketBuilder.ipv4("203.0.113.5", "192.0.2.1")
                .protocol(47)
                .payload(8)
                .build();
        assertThat(parse4(PacketBuilder.ipv4("198.51.100.1", "203.0.113.5").icmp(3, 3, 0, gre)))
                .isEqualTo(reason(DropReason.INNER_UNSUPPORTED_PROTOCOL));
        byte[] udp6 = PacketBuilder.ipv6(DST6, SRC6).udp(1, 2).build();
        assertThat(parse4(PacketBuilder.ipv4("198.51.100.1", "203.0.113.5").icmp(3, 3, 0, udp6)))
                .isEqualTo(reason(DropReason.INNER_BAD_VERSION));
        assertThat(parse6(PacketBuilder.ipv6(SRC6, DST6).icmp(1, 4, 0, Arrays.copyOf(udp6, 47))))
                .isEqualTo(reason(DropReason.INNER_TRUNCATED));
        assertThat(parse6(PacketBuilder.ipv6(SRC6, DST6).icmp(1, 4, 200 << 24, udp6)))
                .isEqualTo(reason(DropReason.BAD_ICMP_LENGTH));
    }

    @Test
    void rfc4884LengthCutsTheQuotedPacket() {
        byte[] offending = PacketBuilder.ipv6(DST6, SRC6).udp(1, 2).payload(100).build();
        byte[] quoted = Arrays.copyOf(offending, 128 + 16); // 128-byte original datagram field + an extension
        int r = parse6(PacketBuilder.ipv6(SRC6, DST6).icmp(1, 4, 16 << 24, quoted));

        assertThat(r).isZero();
        assertThat(info.innerLength()).isEqualTo(128);
        assertThat(info.innerTotalLength()).isEqualTo(offending.length);
    }

    private int parse4(PacketBuilder b) {
        byte[] p = b.build();
        return PacketParser.parse4(p, 0, p.length, info);
    }

    private int parse6(PacketBuilder b) {
        byte[] p = b.build();
        return PacketParser.parse6(p, 0, p.length, info);
    }

    static void fixIpv4Checksum(byte[] p) {
        Bytes.put16(p, 10, 0);
        Bytes.put16(p, 10, Wire.checksum(p, 0, (p[0] & 0x0f) * 4));
    }
}
