package io.nat64.core.translate;

import static io.nat64.core.translate.Fixture.DST4;
import static io.nat64.core.translate.Fixture.DST6;
import static io.nat64.core.translate.Fixture.PORT;
import static io.nat64.core.translate.Fixture.SRC4;
import static io.nat64.core.translate.Fixture.SRC4_PORT;
import static io.nat64.core.translate.Fixture.SRC6;
import static io.nat64.core.translate.Fixture.SRC6_PORT;
import static io.nat64.core.translate.Fixture.v4;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.packet.Bytes;
import io.nat64.core.packet.DropReason;
import io.nat64.core.packet.PacketBuilder;
import io.nat64.core.packet.PacketInfo;
import io.nat64.core.packet.Wire;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** ICMP errors with their offending packet, both ways (RFC 7915 sections 4.2, 4.3, 5.2, 5.3). */
class TranslatorIcmpErrorTest {

    private static final String ROUTER4 = "198.51.100.9";
    private static final String ROUTER6 = "2001:db8::1";
    private final Fixture f = new Fixture();

    /** What the IPv6 node received from the IPv4 peer through the NAT64. */
    private static byte[] offending6(int payload) {
        return PacketBuilder.ipv6(DST6, SRC6)
                .hopLimit(61)
                .udp(PORT, SRC6_PORT)
                .payload(payload)
                .build();
    }

    /** What the IPv4 peer was sent by the NAT64 for the IPv6 node. */
    private static PacketBuilder offending4() {
        return PacketBuilder.ipv4(SRC4, DST4).hopLimit(1).tcp(SRC4_PORT, PORT, PacketInfo.TCP_SYN);
    }

    private static byte[] error4(int type, int code, int rest, byte[] inner) {
        return PacketBuilder.ipv4(ROUTER4, SRC4).icmp(type, code, rest, inner).build();
    }

    @Test
    void icmpv6PortUnreachableBecomesIcmpv4WithTheInnerPacketTranslatedBack() {
        byte[] inner = offending6(12);
        byte[] in =
                PacketBuilder.ipv6(SRC6, DST6).hopLimit(64).icmp(1, 4, 0, inner).build();

        byte[] out = f.output(f.run6to4(in));

        assertThat(out).hasSize(20 + 8 + 20 + 8 + 12);
        assertThat(Wire.ipv4HeaderOk(out, 0)).isTrue();
        assertThat(out[8]).isEqualTo((byte) 63);
        assertThat(out[9]).isEqualTo((byte) 1);
        assertThat(Wire.u32(out, 12)).isEqualTo(v4(SRC4));
        assertThat(Wire.u32(out, 16)).isEqualTo(v4(DST4));
        assertThat(out[20]).isEqualTo((byte) 3);
        assertThat(out[21]).isEqualTo((byte) 3);
        assertThat(Wire.u32(out, 24)).isZero();
        assertThat(Wire.verifySum(out)).as("ICMPv4 checksum").isEqualTo(0xffff);
        byte[] inner4 = Arrays.copyOfRange(out, 28, out.length);
        assertThat(Wire.ipv4HeaderOk(inner4, 0)).isTrue();
        assertThat(Wire.u16(inner4, 2)).isEqualTo(inner4.length);
        assertThat(inner4[8]).as("inner TTL not decremented").isEqualTo((byte) 61);
        assertThat(inner4[9]).isEqualTo((byte) 17);
        assertThat(Wire.u32(inner4, 12)).isEqualTo(v4(DST4));
        assertThat(Wire.u32(inner4, 16)).isEqualTo(v4(SRC4));
        assertThat(Wire.u16(inner4, 20)).isEqualTo(PORT);
        assertThat(Wire.u16(inner4, 22)).isEqualTo(SRC4_PORT);
        assertThat(Wire.verifySum(inner4)).as("inner UDP checksum").isEqualTo(0xffff);
    }

    @Test
    void icmpv6ErrorCodesMapAsRfc7915Section52Says() {
        int[][] cases = {
            {1, 0, 3, 1},
            {1, 1, 3, 10},
            {1, 2, 3, 1},
            {1, 3, 3, 1},
            {1, 4, 3, 3},
            {3, 0, 11, 0},
            {3, 1, 11, 1},
            {4, 1, 3, 2},
            {2, 0, 3, 4}
        };
        for (int[] c : cases) {
            byte[] in = PacketBuilder.ipv6(SRC6, DST6)
                    .icmp(c[0], c[1], c[0] == 2 ? 1500 : 0, offending6(0))
                    .build();
            byte[] out = f.output(f.run6to4(in));
            assertThat(new int[] {out[20], out[21]})
                    .as("ICMPv6 %d/%d", c[0], c[1])
                    .containsExactly(c[2], c[3]);
        }
    }

    @Test
    void icmpv6ErrorsWithoutCounterpartAreDropped() {
        assertThat(f.run6to4(PacketBuilder.ipv6(SRC6, DST6)
                        .icmp(1, 5, 0, offending6(0))
                        .build()))
                .isEqualTo(DropReason.UNSUPPORTED_ICMP_CODE.code());
        assertThat(f.run6to4(PacketBuilder.ipv6(SRC6, DST6)
                        .icmp(4, 2, 0, offending6(0))
                        .build()))
                .isEqualTo(DropReason.UNSUPPORTED_ICMP_CODE.code());
    }

    @Test
    void parameterProblemPointersAreTranslatedOrDropped() {
        byte[] in = PacketBuilder.ipv6(SRC6, DST6).icmp(4, 0, 7, offending6(0)).build();
        byte[] out = f.output(f.run6to4(in));
        assertThat(out[20]).isEqualTo((byte) 12);
        assertThat(out[24]).as("hop limit (7) is TTL (8)").isEqualTo((byte) 8);

        byte[] dst =
                PacketBuilder.ipv6(SRC6, DST6).icmp(4, 0, 30, offending6(0)).build();
        assertThat(f.output(f.run6to4(dst))[24]).as("destination address is 16").isEqualTo((byte) 16);

        byte[] flow =
                PacketBuilder.ipv6(SRC6, DST6).icmp(4, 0, 2, offending6(0)).build();
        assertThat(f.run6to4(flow)).isEqualTo(DropReason.UNTRANSLATABLE_POINTER.code());

        byte[] in4 = error4(12, 0, 9 << 24, offending4().build());
        byte[] out6 = f.output(f.run4to6(in4));
        assertThat(out6[40]).isEqualTo((byte) 4);
        assertThat(Wire.u32(out6, 44)).as("protocol (9) is next header (6)").isEqualTo(6);

        assertThat(f.run4to6(error4(12, 0, 5 << 24, offending4().build())))
                .isEqualTo(DropReason.UNTRANSLATABLE_POINTER.code());
    }

    @Test
    void packetTooBigBecomesFragmentationNeededWith20BytesLess() {
        byte[] in =
                PacketBuilder.ipv6(SRC6, DST6).icmp(2, 0, 1400, offending6(0)).build();

        byte[] out = f.output(f.run6to4(in));

        assertThat(Wire.u16(out, 24)).isZero();
        assertThat(Wire.u16(out, 26)).isEqualTo(1380);
        assertThat(Wire.verifySum(out)).isEqualTo(0xffff);
    }

    @Test
    void fragmentationNeededBecomesPacketTooBigWith20BytesMore() {
        byte[] out = f.output(f.run4to6(error4(3, 4, 1400, offending4().build())));

        assertThat(out[40]).isEqualTo((byte) 2);
        assertThat(out[41]).isZero();
        assertThat(Wire.u32(out, 44)).isEqualTo(1420);
        assertThat(Wire.verifySum(out)).isEqualTo(0xffff);
    }

    @Test
    void fragmentationNeededWithoutMtuUsesThePlateauBelowTheOffendingLength() {
        byte[] big = offending4().dontFragment(true).payload(1500 - 40).build();

        byte[] out = f.output(f.run4to6(error4(3, 4, 0, Arrays.copyOf(big, 68))));

        assertThat(Wire.u32(out, 44)).isEqualTo(1492 + 20);
    }

    @Test
    void packetTooBigNeverGoesUnder1280() {
        byte[] out = f.output(f.run4to6(error4(3, 4, 576, offending4().build())));

        assertThat(Wire.u32(out, 44)).isEqualTo(1280);
    }

    @Test
    void icmpv4TimeExceededComesFromPool6PlusTheRouter() {
        byte[] inner = offending4().payload(20).build();

        byte[] out = f.output(f.run4to6(error4(11, 0, 0, inner)));

        assertThat(out).hasSize(40 + 8 + 40 + inner.length - 20);
        assertThat(Wire.u16(out, 4)).isEqualTo(out.length - 40);
        assertThat(out[6]).isEqualTo((byte) 58);
        assertThat(Translator4to6Test.source(out)).isEqualTo(Ipv6Address.parse("64:ff9b::c633:6409"));
        assertThat(Translator4to6Test.destination(out)).isEqualTo(Ipv6Address.parse(SRC6));
        assertThat(out[40]).isEqualTo((byte) 3);
        assertThat(out[41]).isZero();
        assertThat(Wire.verifySum(out)).as("ICMPv6 checksum").isEqualTo(0xffff);
        byte[] inner6 = Arrays.copyOfRange(out, 48, out.length);
        assertThat(Wire.u16(inner6, 4)).isEqualTo(inner6.length - 40);
        assertThat(inner6[6]).isEqualTo((byte) 6);
        assertThat(inner6[7]).as("inner hop limit not decremented").isEqualTo((byte) 1);
        assertThat(Translator4to6Test.source(inner6)).isEqualTo(Ipv6Address.parse(SRC6));
        assertThat(Translator4to6Test.destination(inner6)).isEqualTo(Ipv6Address.parse(DST6));
        assertThat(Wire.u16(inner6, 40)).isEqualTo(SRC6_PORT);
        assertThat(Wire.u16(inner6, 42)).isEqualTo(PORT);
        assertThat(Wire.verifySum(inner6)).as("inner TCP checksum").isEqualTo(0xffff);
    }

    @Test
    void withoutSourceIcmpv6ErrorsBetterTheErrorComesFromThePeer() {
        f.globals = f.globals.withSourceIcmpv6ErrorsBetter(false);

        byte[] out = f.output(f.run4to6(error4(11, 0, 0, offending4().build())));

        assertThat(Translator4to6Test.source(out)).isEqualTo(Ipv6Address.parse(DST6));
        assertThat(Wire.verifySum(out)).isEqualTo(0xffff);
    }

    @Test
    void icmpv4ErrorCodesMapAsRfc7915Section42Says() {
        int[][] cases = {
            {3, 0, 1, 0},
            {3, 1, 1, 0},
            {3, 2, 4, 1},
            {3, 3, 1, 4},
            {3, 5, 1, 0},
            {3, 9, 1, 1},
            {3, 10, 1, 1},
            {3, 13, 1, 1},
            {3, 15, 1, 1},
            {11, 1, 3, 1},
            {12, 2, 4, 0}
        };
        for (int[] c : cases) {
            byte[] out = f.output(f.run4to6(error4(c[0], c[1], 0, offending4().build())));
            assertThat(new int[] {out[40], out[41]})
                    .as("ICMPv4 %d/%d", c[0], c[1])
                    .containsExactly(c[2], c[3]);
        }
        assertThat(f.run4to6(error4(3, 14, 0, offending4().build())))
                .isEqualTo(DropReason.UNSUPPORTED_ICMP_CODE.code());
        assertThat(f.run4to6(error4(12, 1, 0, offending4().build())))
                .isEqualTo(DropReason.UNSUPPORTED_ICMP_CODE.code());
    }

    @Test
    void innerEchoGetsTheIpv6IdentifierBack() {
        byte[] inner = PacketBuilder.ipv4(SRC4, DST4)
                .echo(true, SRC4_PORT, 3)
                .payload(16)
                .build();

        byte[] out = f.output(f.run4to6(error4(11, 0, 0, inner)));

        byte[] inner6 = Arrays.copyOfRange(out, 48, out.length);
        assertThat(inner6[40] & 0xff).isEqualTo(128);
        assertThat(Wire.u16(inner6, 44)).isEqualTo(SRC6_PORT);
        assertThat(Wire.verifySum(inner6)).isEqualTo(0xffff);
    }

    @Test
    void innerEchoGetsTheMaskIdentifierBack() {
        byte[] inner = PacketBuilder.ipv6(DST6, SRC6)
                .echo(false, SRC6_PORT, 3)
                .payload(16)
                .build();

        byte[] out = f.output(
                f.run6to4(PacketBuilder.ipv6(SRC6, DST6).icmp(1, 0, 0, inner).build()));

        byte[] inner4 = Arrays.copyOfRange(out, 28, out.length);
        assertThat(inner4[20]).isZero();
        assertThat(Wire.u16(inner4, 24)).isEqualTo(SRC4_PORT);
        assertThat(Wire.verifySum(inner4)).isEqualTo(0xffff);
    }

    @Test
    void firstFragmentInsideGetsAFragmentHeader() {
        byte[] inner = offending4().moreFragments(true).id(0x7777).payload(8).build();

        byte[] out = f.output(f.run4to6(error4(3, 1, 0, inner)));

        byte[] inner6 = Arrays.copyOfRange(out, 48, out.length);
        assertThat(inner6[6]).isEqualTo((byte) 44);
        assertThat(inner6[40]).isEqualTo((byte) 6);
        assertThat(Wire.u16(inner6, 42)).isEqualTo(1);
        assertThat(Wire.u32(inner6, 44)).isEqualTo(0x7777);
        assertThat(Wire.u16(inner6, 4)).isEqualTo(inner6.length - 40);
        assertThat(Wire.verifySum(out)).isEqualTo(0xffff);
    }

    @Test
    void icmpv6ErrorsAreTruncatedTo576BytesOfIpv4() {
        byte[] inner = offending6(1200);
        byte[] in = PacketBuilder.ipv6(SRC6, DST6).icmp(3, 0, 0, inner).build();

        byte[] out = f.output(f.run6to4(in));

        assertThat(out).hasSize(576);
        assertThat(Wire.u16(out, 2)).isEqualTo(576);
        assertThat(Wire.ipv4HeaderOk(out, 0)).isTrue();
        assertThat(Wire.u16(out, 28 + 2))
                .as("inner total length is the offending packet's")
                .isEqualTo(1248 - 20);
        assertThat(Wire.verifySum(out)).isEqualTo(0xffff);
    }

    @Test
    void icmpv4ErrorsAreTruncatedTo1280BytesOfIpv6() {
        byte[] inner = offending4().payload(1400).build();

        byte[] out = f.output(f.run4to6(error4(11, 0, 0, inner)));

        assertThat(out).hasSize(1280);
        assertThat(Wire.u16(out, 4)).isEqualTo(1240);
        assertThat(Wire.u16(out, 48 + 4)).isEqualTo(inner.length - 20);
        assertThat(Wire.verifySum(out)).isEqualTo(0xffff);
    }

    @Test
    void errorsWithABadChecksumAreNotLaundered() {
        byte[] in6 = PacketBuilder.ipv6(SRC6, DST6)
                .icmp(1, 4, 0, offending6(0))
                .wrongChecksum(1)
                .build();
        assertThat(f.run6to4(in6)).isEqualTo(DropReason.BAD_ICMP_CHECKSUM.code());

        byte[] in4 = PacketBuilder.ipv4(ROUTER4, SRC4)
                .icmp(3, 3, 0, offending4().build())
                .wrongChecksum(1)
                .build();
        assertThat(f.run4to6(in4)).isEqualTo(DropReason.BAD_ICMP_CHECKSUM.code());
    }

    @Test
    void rfc4884ExtensionsAreStripped() {
        byte[] inner = Arrays.copyOf(offending4().payload(200).build(), 128);
        byte[] quoted = Arrays.copyOf(inner, 128 + 12);
        Bytes.put32(quoted, 128, 0x20000000); // extension header, version 2
        byte[] in = error4(11, 0, 32 << 16, quoted);

        byte[] out = f.output(f.run4to6(in));

        assertThat(out).hasSize(40 + 8 + 40 + 128 - 20);
        assertThat(out[44]).as("no RFC 4884 length").isZero();
        assertThat(Wire.verifySum(out)).isEqualTo(0xffff);
    }
}
