package io.nat64.core.translate;

import static io.nat64.core.translate.Fixture.DST4;
import static io.nat64.core.translate.Fixture.DST6;
import static io.nat64.core.translate.Fixture.PORT;
import static io.nat64.core.translate.Fixture.SRC4;
import static io.nat64.core.translate.Fixture.SRC4_PORT;
import static io.nat64.core.translate.Fixture.SRC6;
import static io.nat64.core.translate.Fixture.SRC6_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.packet.DropReason;
import io.nat64.core.packet.PacketBuilder;
import io.nat64.core.packet.PacketInfo;
import io.nat64.core.packet.Wire;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Translator4to6Test {

    private final Fixture f = new Fixture();

    static Ipv6Address source(byte[] out) {
        return Ipv6Address.fromBytes(out, 8);
    }

    static Ipv6Address destination(byte[] out) {
        return Ipv6Address.fromBytes(out, 24);
    }

    @Test
    void tcpSegmentGetsEveryIpv6HeaderFieldAndAVerifyingChecksum() {
        byte[] in = PacketBuilder.ipv4(DST4, SRC4)
                .trafficClass(0xb8)
                .dontFragment(true)
                .hopLimit(64)
                .tcp(PORT, SRC4_PORT, PacketInfo.TCP_SYN | PacketInfo.TCP_ACK)
                .payload(40)
                .build();

        byte[] out = f.output(f.run4to6(in));

        assertThat(out).hasSize(in.length + 20);
        assertThat(Wire.u32(out, 0))
                .as("version 6, traffic class from TOS, flow label 0")
                .isEqualTo(0x6b800000);
        assertThat(Wire.u16(out, 4)).isEqualTo(in.length - 20);
        assertThat(out[6]).isEqualTo((byte) 6);
        assertThat(out[7]).as("hop limit is the TTL less one").isEqualTo((byte) 63);
        assertThat(source(out)).isEqualTo(Ipv6Address.parse(DST6));
        assertThat(destination(out)).isEqualTo(Ipv6Address.parse(SRC6));
        assertThat(Wire.u16(out, 40)).isEqualTo(PORT);
        assertThat(Wire.u16(out, 42)).isEqualTo(SRC6_PORT);
        assertThat(Arrays.copyOfRange(out, 44, 56)).isEqualTo(Arrays.copyOfRange(in, 24, 36));
        assertThat(Arrays.copyOfRange(out, 58, out.length)).isEqualTo(Arrays.copyOfRange(in, 38, in.length));
        assertThat(Wire.verifySum(out)).isEqualTo(0xffff);
    }

    @Test
    void wrongTcpChecksumStaysEquallyWrong() {
        byte[] in = PacketBuilder.ipv4(DST4, SRC4)
                .tcp(PORT, SRC4_PORT, PacketInfo.TCP_FIN)
                .payload(7)
                .wrongChecksum(-3)
                .build();

        byte[] out = f.output(f.run4to6(in));

        assertThat(Wire.verifySum(out)).isEqualTo(Wire.verifySum(in)).isNotEqualTo(0xffff);
    }

    @Test
    void udpDatagramGetsPortsAndAVerifyingChecksum() {
        byte[] in =
                PacketBuilder.ipv4(DST4, SRC4).udp(PORT, SRC4_PORT).payload(99).build();

        byte[] out = f.output(f.run4to6(in));

        assertThat(out[6]).isEqualTo((byte) 17);
        assertThat(Wire.u16(out, 40)).isEqualTo(PORT);
        assertThat(Wire.u16(out, 42)).isEqualTo(SRC6_PORT);
        assertThat(Arrays.copyOfRange(out, 48, out.length)).isEqualTo(Arrays.copyOfRange(in, 28, in.length));
        assertThat(Wire.verifySum(out)).isEqualTo(0xffff);
    }

    @Test
    void wrongUdpChecksumStaysEquallyWrong() {
        byte[] in = PacketBuilder.ipv4(DST4, SRC4)
                .udp(PORT, SRC4_PORT)
                .payload(12)
                .wrongChecksum(0x777)
                .build();

        byte[] out = f.output(f.run4to6(in));

        assertThat(Wire.verifySum(out)).isEqualTo(Wire.verifySum(in)).isNotEqualTo(0xffff);
    }

    @Test
    void udpWithoutChecksumGetsOneComputedOnTheIpv6Side() {
        byte[] in = PacketBuilder.ipv4(DST4, SRC4)
                .udp(PORT, SRC4_PORT)
                .payload(31)
                .zeroChecksum()
                .build();

        byte[] out = f.output(f.run4to6(in));

        assertThat(Wire.u16(out, 46)).isNotZero();
        assertThat(Wire.verifySum(out)).isEqualTo(0xffff);
    }

    @Test
    void echoReplyBecomesType129WithTheIpv6IdentifierAndAPseudoHeader() {
        byte[] in = PacketBuilder.ipv4(DST4, SRC4)
                .echo(false, SRC4_PORT, 9)
                .payload(56)
                .build();

        byte[] out = f.output(f.run4to6(in));

        assertThat(out[6]).isEqualTo((byte) 58);
        assertThat(out[40] & 0xff).isEqualTo(129);
        assertThat(out[41]).isZero();
        assertThat(Wire.u16(out, 44)).isEqualTo(SRC6_PORT);
        assertThat(Wire.u16(out, 46)).isEqualTo(9);
        assertThat(Wire.verifySum(out)).isEqualTo(0xffff);
    }

    @Test
    void echoRequestBecomesType128() {
        byte[] out = f.output(
                f.run4to6(PacketBuilder.ipv4(DST4, SRC4).echo(true, 5, 6).build()));

        assertThat(out[40] & 0xff).isEqualTo(128);
        assertThat(Wire.verifySum(out)).isEqualTo(0xffff);
    }

    @Test
    void ttlOfOneIsNotTranslatedButReportedForTimeExceeded() {
        byte[] in = PacketBuilder.ipv4(DST4, SRC4).hopLimit(1).tcp(1, 2, 0).build();

        assertThat(f.run4to6(in)).isEqualTo(DropReason.TTL_EXPIRED.code());
        assertThat(f.buffer).containsOnly(Fixture.GUARD_BYTE);
    }

    @Test
    void zeroizeTrafficClassClearsIt() {
        f.globals = f.globals.withZeroizeTrafficClass(true);

        byte[] out = f.output(f.run4to6(
                PacketBuilder.ipv4(DST4, SRC4).trafficClass(0xff).udp(1, 2).build()));

        assertThat(Wire.u32(out, 0)).isEqualTo(0x60000000);
    }

    @Test
    void ipv4OptionsAreDropped() {
        byte[] in = PacketBuilder.ipv4(DST4, SRC4)
                .options((byte) 1, (byte) 1, (byte) 1, (byte) 0)
                .udp(PORT, SRC4_PORT)
                .payload(4)
                .build();

        byte[] out = f.output(f.run4to6(in));

        assertThat(out).hasSize(in.length - 24 + 40);
        assertThat(Wire.verifySum(out)).isEqualTo(0xffff);
    }

    @Test
    void withoutDontFragmentPacketsOverLowestIpv6MtuLeaveAsFragments() {
        PacketBuilder udp =
                PacketBuilder.ipv4(DST4, SRC4).id(0xcafe).udp(PORT, SRC4_PORT).payload(1472);
        byte[] whole = f.output(f.run4to6(udp.dontFragment(true).build()));

        byte[] out = f.output(f.run4to6(udp.dontFragment(false).build()));

        int first = 40 + Wire.u16(out, 4);
        assertThat(first).isEqualTo(1280);
        assertThat(out).hasSize(first + 48 + (1480 - 1232));
        for (int p : new int[] {0, first}) {
            assertThat(out[p + 6]).isEqualTo((byte) 44);
            assertThat(out[p + 40]).isEqualTo((byte) 17);
            assertThat(Wire.u32(out, p + 44)).isEqualTo(0xcafe);
        }
        assertThat(Wire.u16(out, 42)).as("offset 0, more fragments").isEqualTo(1);
        assertThat(Wire.u16(out, first + 42)).as("offset 1232, last").isEqualTo(1232);
        assertThat(source(Arrays.copyOfRange(out, first, out.length))).isEqualTo(Ipv6Address.parse(DST6));
        assertThat(Wire.reassemble6(out, 0, out.length)).isEqualTo(whole);
        assertThat(Wire.verifySum(whole)).isEqualTo(0xffff);
    }

    @Test
    void withoutDontFragmentPacketsThatFitLeaveWhole() {
        f.globals = f.globals.withLowestIpv6Mtu(1500);

        byte[] out = f.output(
                f.run4to6(PacketBuilder.ipv4(DST4, SRC4).udp(1, 2).payload(1400).build()));

        assertThat(out).hasSize(1448);
        assertThat(out[6]).isEqualTo((byte) 17);
    }
}
