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

import io.nat64.core.packet.DropReason;
import io.nat64.core.packet.PacketBuilder;
import io.nat64.core.packet.PacketInfo;
import io.nat64.core.packet.Wire;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Translator6to4Test {

    private final Fixture f = new Fixture();

    @Test
    void tcpSegmentGetsEveryIpv4HeaderFieldAndAVerifyingChecksum() {
        byte[] in = PacketBuilder.ipv6(SRC6, DST6)
                .trafficClass(0x28)
                .flowLabel(0xabcde)
                .hopLimit(50)
                .tcp(SRC6_PORT, PORT, PacketInfo.TCP_SYN)
                .tcpOptions((byte) 2, (byte) 4, (byte) 5, (byte) 0xa0)
                .payload(33)
                .build();

        byte[] out = f.output(f.run6to4(in));

        assertThat(out).hasSize(in.length - 20);
        assertThat(out[0]).isEqualTo((byte) 0x45);
        assertThat(out[1] & 0xff).as("TOS copied from the traffic class").isEqualTo(0x28);
        assertThat(Wire.u16(out, 2)).isEqualTo(out.length);
        assertThat(Wire.u16(out, 6))
                .as("DF clear at or under 1260 bytes, MF clear, offset 0")
                .isZero();
        assertThat(out[8] & 0xff).as("TTL is the hop limit less one").isEqualTo(49);
        assertThat(out[9]).isEqualTo((byte) 6);
        assertThat(Wire.ipv4HeaderOk(out, 0)).isTrue();
        assertThat(Wire.u32(out, 12)).isEqualTo(v4(SRC4));
        assertThat(Wire.u32(out, 16)).isEqualTo(v4(DST4));
        assertThat(Wire.u16(out, 20)).isEqualTo(SRC4_PORT);
        assertThat(Wire.u16(out, 22)).isEqualTo(PORT);
        assertThat(Arrays.copyOfRange(out, 24, 36)).isEqualTo(Arrays.copyOfRange(in, 44, 56));
        assertThat(Arrays.copyOfRange(out, 38, out.length)).isEqualTo(Arrays.copyOfRange(in, 58, in.length));
        assertThat(Wire.verifySum(out)).isEqualTo(0xffff);
    }

    @Test
    void wrongTcpChecksumStaysEquallyWrong() {
        byte[] in = PacketBuilder.ipv6(SRC6, DST6)
                .tcp(SRC6_PORT, PORT, PacketInfo.TCP_ACK)
                .payload(10)
                .wrongChecksum(5)
                .build();

        byte[] out = f.output(f.run6to4(in));

        assertThat(Wire.verifySum(in)).isNotEqualTo(0xffff);
        assertThat(Wire.verifySum(out)).isEqualTo(Wire.verifySum(in));
    }

    @Test
    void udpDatagramGetsPortsAndAVerifyingChecksum() {
        byte[] in =
                PacketBuilder.ipv6(SRC6, DST6).udp(SRC6_PORT, PORT).payload(101).build();

        byte[] out = f.output(f.run6to4(in));

        assertThat(out[9]).isEqualTo((byte) 17);
        assertThat(Wire.u16(out, 20)).isEqualTo(SRC4_PORT);
        assertThat(Wire.u16(out, 22)).isEqualTo(PORT);
        assertThat(Wire.u16(out, 24)).isEqualTo(8 + 101);
        assertThat(Wire.u16(out, 26)).isNotZero();
        assertThat(Arrays.copyOfRange(out, 28, out.length)).isEqualTo(Arrays.copyOfRange(in, 48, in.length));
        assertThat(Wire.verifySum(out)).isEqualTo(0xffff);
    }

    @Test
    void wrongUdpChecksumStaysEquallyWrong() {
        byte[] in = PacketBuilder.ipv6(SRC6, DST6)
                .udp(SRC6_PORT, PORT)
                .payload(20)
                .wrongChecksum(0x100)
                .build();

        byte[] out = f.output(f.run6to4(in));

        assertThat(Wire.verifySum(out)).isEqualTo(Wire.verifySum(in)).isNotEqualTo(0xffff);
    }

    @Test
    void echoRequestBecomesType8WithTheMaskIdentifierAndNoPseudoHeader() {
        byte[] in =
                PacketBuilder.ipv6(SRC6, DST6).echo(true, 0x4242, 7).payload(56).build();

        byte[] out = f.output(f.run6to4(in));

        assertThat(out[9]).isEqualTo((byte) 1);
        assertThat(out[20]).isEqualTo((byte) 8);
        assertThat(out[21]).isZero();
        assertThat(Wire.u16(out, 24)).isEqualTo(SRC4_PORT);
        assertThat(Wire.u16(out, 26)).isEqualTo(7);
        assertThat(Arrays.copyOfRange(out, 28, out.length)).isEqualTo(Arrays.copyOfRange(in, 48, in.length));
        assertThat(Wire.verifySum(out)).isEqualTo(0xffff);
    }

    @Test
    void echoReplyBecomesType0() {
        byte[] in = PacketBuilder.ipv6(SRC6, DST6).echo(false, 1, 2).build();

        byte[] out = f.output(f.run6to4(in));

        assertThat(out[20]).isZero();
        assertThat(Wire.verifySum(out)).isEqualTo(0xffff);
    }

    @Test
    void dropIcmpv6InfoDropsEchoButNotErrors() {
        f.globals = f.globals.withDropIcmpv6Info(true);

        assertThat(f.run6to4(PacketBuilder.ipv6(SRC6, DST6).echo(true, 1, 2).build()))
                .isEqualTo(DropReason.ICMPV6_INFO_DROPPED.code());
        byte[] offending = PacketBuilder.ipv6(DST6, SRC6).udp(PORT, SRC6_PORT).build();
        assertThat(f.run6to4(
                        PacketBuilder.ipv6(SRC6, DST6).icmp(1, 4, 0, offending).build()))
                .isPositive();
    }

    @Test
    void hopLimitOfOneIsNotTranslatedButReportedForTimeExceeded() {
        byte[] in = PacketBuilder.ipv6(SRC6, DST6).hopLimit(1).udp(1, 2).build();

        assertThat(f.run6to4(in)).isEqualTo(DropReason.TTL_EXPIRED.code());
        assertThat(f.buffer).containsOnly(Fixture.GUARD_BYTE);
    }

    @Test
    void hopLimitOfTwoLeavesWithTtlOne() {
        byte[] out = f.output(
                f.run6to4(PacketBuilder.ipv6(SRC6, DST6).hopLimit(2).udp(1, 2).build()));

        assertThat(out[8]).isEqualTo((byte) 1);
    }

    @Test
    void packetsOver1260BytesGetDontFragment() {
        byte[] in = PacketBuilder.ipv6(SRC6, DST6).udp(1, 2).payload(1300).build();

        byte[] out = f.output(f.run6to4(in));

        assertThat(Wire.u16(out, 6)).isEqualTo(0x4000);
    }

    @Test
    void atomicFragmentGivesItsIdentificationAndClearsDontFragment() {
        byte[] in = PacketBuilder.ipv6(SRC6, DST6)
                .fragment(0x12345678, 0, false)
                .udp(SRC6_PORT, PORT)
                .payload(1300)
                .build();

        byte[] out = f.output(f.run6to4(in));

        assertThat(out).hasSize(in.length - 28);
        assertThat(Wire.u16(out, 4)).isEqualTo(0x5678);
        assertThat(Wire.u16(out, 6)).isZero();
        assertThat(Wire.verifySum(out)).isEqualTo(0xffff);
    }

    @Test
    void extensionHeadersAreDropped() {
        byte[] in = PacketBuilder.ipv6(SRC6, DST6)
                .hopByHop()
                .destinationOptions()
                .tcp(SRC6_PORT, PORT, 0)
                .payload(3)
                .build();

        byte[] out = f.output(f.run6to4(in));

        assertThat(out).hasSize(in.length - 36);
        assertThat(out[9]).isEqualTo((byte) 6);
        assertThat(Wire.verifySum(out)).isEqualTo(0xffff);
    }

    @Test
    void overrideTosReplacesTheTrafficClass() {
        f.globals = f.globals.withTos(true, 0x60);

        byte[] out = f.output(f.run6to4(
                PacketBuilder.ipv6(SRC6, DST6).trafficClass(0x28).udp(1, 2).build()));

        assertThat(out[1] & 0xff).isEqualTo(0x60);
        assertThat(Wire.ipv4HeaderOk(out, 0)).isTrue();
    }

    @Test
    void identificationVariesFromPacketToPacket() {
        byte[] in = PacketBuilder.ipv6(SRC6, DST6).udp(1, 2).build();
        int first = Wire.u16(f.output(f.run6to4(in)), 4);
        int second = Wire.u16(f.output(f.run6to4(in)), 4);

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void outputBufferTooSmallIsADropNotAWrite() {
        byte[] in = PacketBuilder.ipv6(SRC6, DST6).udp(1, 2).payload(10).build();
        f.run6to4(in);
        byte[] small = new byte[in.length - 21];

        int r = f.translator.translate6to4(in, 0, in.length, f.info, v4(SRC4), 1, v4(DST4), 2, small, 0, f.globals);

        assertThat(r).isEqualTo(DropReason.OUTPUT_TOO_SMALL.code());
        assertThat(small).containsOnly(0);
    }

    @Test
    void infoOfAnotherPacketOrDirectionIsRefused() {
        byte[] in4 = PacketBuilder.ipv4(DST4, SRC4).udp(1, 2).build();
        f.run4to6(in4);
        byte[] in6 = PacketBuilder.ipv6(SRC6, DST6).udp(1, 2).build();

        int r = f.translator.translate6to4(
                in6, 0, in6.length, f.info, v4(SRC4), 1, v4(DST4), 2, new byte[100], 0, f.globals);

        assertThat(r).isEqualTo(DropReason.NOT_PARSED.code());
    }
}
