package io.nat64.core.translate;

import static io.nat64.core.translate.Fixture.DST4;
import static io.nat64.core.translate.Fixture.DST6;
import static io.nat64.core.translate.Fixture.SRC4;
import static io.nat64.core.translate.Fixture.SRC6;
import static io.nat64.core.translate.Fixture.high;
import static io.nat64.core.translate.Fixture.low;
import static io.nat64.core.translate.Fixture.v4;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.packet.DropReason;
import io.nat64.core.packet.PacketBuilder;
import io.nat64.core.packet.Wire;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IcmpErrorsTest {

    private static final String NAT64_6 = "64:ff9b::cb00:7105";
    private final IcmpErrors errors = IcmpErrors.create();
    private final byte[] out = Fixture.guarded(1400);

    private byte[] to6(Icmp6Error kind, int info, byte[] offending) {
        int n = errors.toIpv6(
                kind, info, offending, 0, offending.length, high(NAT64_6), low(NAT64_6), out, Fixture.GUARD);
        assertThat(n).as(Fixture.describe(n)).isPositive();
        assertThat(out[Fixture.GUARD + n]).isEqualTo(Fixture.GUARD_BYTE);
        return Arrays.copyOfRange(out, Fixture.GUARD, Fixture.GUARD + n);
    }

    private byte[] to4(Icmp4Error kind, int info, byte[] offending) {
        int n = errors.toIpv4(kind, info, offending, 0, offending.length, v4(SRC4), out, Fixture.GUARD);
        assertThat(n).as(Fixture.describe(n)).isPositive();
        assertThat(out[Fixture.GUARD + n]).isEqualTo(Fixture.GUARD_BYTE);
        return Arrays.copyOfRange(out, Fixture.GUARD, Fixture.GUARD + n);
    }

    @Test
    void timeExceededGoesBackToTheIpv6SenderWithHopLimit64AndTheWholePacket() {
        byte[] offending =
                PacketBuilder.ipv6(SRC6, DST6).hopLimit(1).udp(5, 6).payload(30).build();

        byte[] e = to6(Icmp6Error.TIME_EXCEEDED, 0, offending);

        assertThat(e).hasSize(48 + offending.length);
        assertThat(Wire.u32(e, 0)).isEqualTo(0x60000000);
        assertThat(Wire.u16(e, 4)).isEqualTo(e.length - 40);
        assertThat(e[6]).isEqualTo((byte) 58);
        assertThat(e[7]).isEqualTo((byte) 64);
        assertThat(Ipv6Address.fromBytes(e, 8)).isEqualTo(Ipv6Address.parse(NAT64_6));
        assertThat(Ipv6Address.fromBytes(e, 24)).isEqualTo(Ipv6Address.parse(SRC6));
        assertThat(new int[] {e[40], e[41]}).containsExactly(3, 0);
        assertThat(Arrays.copyOfRange(e, 48, e.length)).isEqualTo(offending);
        assertThat(Wire.verifySum(e)).isEqualTo(0xffff);
    }

    @Test
    void ipv6ErrorsCarryTheirInfoWordAndStopAt1280Bytes() {
        byte[] offending =
                PacketBuilder.ipv6(SRC6, DST6).udp(5, 6).payload(1400).build();

        byte[] e = to6(Icmp6Error.PACKET_TOO_BIG, 1280, offending);

        assertThat(e).hasSize(1280);
        assertThat(new int[] {e[40], e[41]}).containsExactly(2, 0);
        assertThat(Wire.u32(e, 44)).isEqualTo(1280);
        assertThat(Arrays.copyOfRange(e, 48, 1280)).isEqualTo(Arrays.copyOf(offending, 1232));
        assertThat(Wire.verifySum(e)).isEqualTo(0xffff);
    }

    @Test
    void everyIpv6KindHasItsTypeAndCode() {
        byte[] offending = PacketBuilder.ipv6(SRC6, DST6).tcp(5, 6, 0).build();
        for (Icmp6Error kind : Icmp6Error.values()) {
            byte[] e = to6(kind, 0, offending);
            assertThat(new int[] {e[40] & 0xff, e[41]}).containsExactly(kind.type(), kind.code());
        }
        assertThat(Icmp6Error.ADDRESS_UNREACHABLE.code()).isEqualTo(3);
        assertThat(Icmp6Error.PORT_UNREACHABLE.code()).isEqualTo(4);
    }

    @Test
    void portUnreachableGoesBackToTheIpv4SenderWithTtl64() {
        byte[] offending =
                PacketBuilder.ipv4(DST4, SRC4).tcp(80, 61001, 2).payload(8).build();

        byte[] e = to4(Icmp4Error.PORT_UNREACHABLE, 0, offending);

        assertThat(e).hasSize(28 + offending.length);
        assertThat(Wire.ipv4HeaderOk(e, 0)).isTrue();
        assertThat(Wire.u16(e, 2)).isEqualTo(e.length);
        assertThat(e[8]).isEqualTo((byte) 64);
        assertThat(e[9]).isEqualTo((byte) 1);
        assertThat(Wire.u32(e, 12)).isEqualTo(v4(SRC4));
        assertThat(Wire.u32(e, 16)).isEqualTo(v4(DST4));
        assertThat(new int[] {e[20], e[21]}).containsExactly(3, 3);
        assertThat(Arrays.copyOfRange(e, 28, e.length)).isEqualTo(offending);
        assertThat(Wire.verifySum(e)).isEqualTo(0xffff);
    }

    @Test
    void fragmentationNeededCarriesTheMtuAndIpv4ErrorsStopAt576Bytes() {
        byte[] offending = PacketBuilder.ipv4(DST4, SRC4)
                .dontFragment(true)
                .udp(1, 2)
                .payload(1000)
                .build();

        byte[] e = to4(Icmp4Error.FRAGMENTATION_NEEDED, 1260, offending);

        assertThat(e).hasSize(576);
        assertThat(new int[] {e[20], e[21]}).containsExactly(3, 4);
        assertThat(Wire.u16(e, 24)).isZero();
        assertThat(Wire.u16(e, 26)).isEqualTo(1260);
        assertThat(Wire.verifySum(e)).isEqualTo(0xffff);
    }

    @Test
    void adminProhibitedIsCode13() {
        byte[] e = to4(
                Icmp4Error.ADMIN_PROHIBITED,
                0,
                PacketBuilder.ipv4(DST4, SRC4).udp(1, 2).build());

        assertThat(new int[] {e[20], e[21]}).containsExactly(3, 13);
    }

    @Test
    void noErrorAboutAnErrorOrFromMulticastOrUnspecifiedSources() {
        byte[] error6 = PacketBuilder.ipv6(SRC6, DST6)
                .icmp(1, 4, 0, PacketBuilder.ipv6(DST6, SRC6).udp(1, 2).build())
                .build();
        byte[] multicast6 = PacketBuilder.ipv6("ff02::1", DST6).udp(1, 2).build();
        byte[] unspecified6 = PacketBuilder.ipv6("::", DST6).udp(1, 2).build();
        byte[] error4 = PacketBuilder.ipv4(DST4, SRC4)
                .icmp(3, 3, 0, PacketBuilder.ipv4(SRC4, DST4).udp(1, 2).build())
                .build();
        byte[] broadcast4 =
                PacketBuilder.ipv4(DST4, "255.255.255.255").udp(1, 2).build();
        byte[] later4 =
                PacketBuilder.ipv4(DST4, SRC4).fragmentOffset(64).udp(1, 2).build();
        int suppressed = DropReason.ICMP_ERROR_SUPPRESSED.code();

        for (byte[] p : new byte[][] {error6, multicast6, unspecified6}) {
            assertThat(errors.toIpv6(Icmp6Error.TIME_EXCEEDED, 0, p, 0, p.length, 1, 1, out, 0))
                    .isEqualTo(suppressed);
        }
        for (byte[] p : new byte[][] {error4, broadcast4, later4}) {
            assertThat(errors.toIpv4(Icmp4Error.TIME_EXCEEDED, 0, p, 0, p.length, 1, out, 0))
                    .isEqualTo(suppressed);
        }
    }

    @Test
    void echoRequestsStillGetErrors() {
        byte[] echo6 = PacketBuilder.ipv6(SRC6, DST6).echo(true, 1, 1).build();

        assertThat(to6(Icmp6Error.ADDRESS_UNREACHABLE, 0, echo6)).hasSize(48 + echo6.length);
    }
}
