package io.nat64.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TcpSegmentTest {

    @Test
    void ofAndTheAccessorsRoundTripAllSixteenKinds() {
        Set<Integer> seen = new HashSet<>();
        for (int bits = 0; bits < 16; bits++) {
            boolean v4 = (bits & 1) != 0;
            boolean syn = (bits & 2) != 0;
            boolean fin = (bits & 4) != 0;
            boolean rst = (bits & 8) != 0;
            int segment = TcpSegment.of(v4, syn, fin, rst);
            assertThat(TcpSegment.isValid(segment)).isTrue();
            assertThat(TcpSegment.isFromIpv4(segment)).isEqualTo(v4);
            assertThat(TcpSegment.isFromIpv6(segment)).isEqualTo(!v4);
            assertThat(TcpSegment.hasSyn(segment)).isEqualTo(syn);
            assertThat(TcpSegment.hasFin(segment)).isEqualTo(fin);
            assertThat(TcpSegment.hasRst(segment)).isEqualTo(rst);
            seen.add(segment);
        }
        assertThat(seen).hasSize(TcpSegment.COUNT);
    }

    @Test
    void tcpHeaderFlagsByteKeepsOnlySynFinRst() {
        int synAck = 0x12;
        int finPshAck = 0x19;
        int rstAck = 0x14;
        assertThat(TcpSegment.fromIpv6(synAck)).isEqualTo(TcpSegment.of(false, true, false, false));
        assertThat(TcpSegment.fromIpv4(finPshAck)).isEqualTo(TcpSegment.of(true, false, true, false));
        assertThat(TcpSegment.fromIpv4(rstAck)).isEqualTo(TcpSegment.of(true, false, false, true));
        assertThat(TcpSegment.fromIpv6(0xff)).isEqualTo(TcpSegment.of(false, true, true, true));
        assertThat(TcpSegment.fromIpv4(0x10)).isEqualTo(TcpSegment.of(true, false, false, false));
    }

    @Test
    void namesAreDistinctAndReadable() {
        Set<String> names = new HashSet<>();
        for (int segment = 0; segment < TcpSegment.COUNT; segment++) {
            names.add(TcpSegment.toString(segment));
        }
        assertThat(names).hasSize(TcpSegment.COUNT);
        assertThat(TcpSegment.toString(TcpSegment.fromIpv6(TcpSegment.SYN))).isEqualTo("v6 SYN");
        assertThat(TcpSegment.toString(TcpSegment.fromIpv4(TcpSegment.FIN | TcpSegment.RST)))
                .isEqualTo("v4 FIN+RST");
        assertThat(TcpSegment.toString(TcpSegment.fromIpv6(0))).isEqualTo("v6 -");
        assertThat(TcpSegment.toString(TcpSegment.fromIpv4(0x07))).isEqualTo("v4 SYN+FIN+RST");
    }

    @Test
    void checkRejectsEverythingOutsideTheSixteenKinds() {
        assertThat(TcpSegment.check(15)).isEqualTo(15);
        for (int bad : new int[] {-1, 16, 255, Integer.MAX_VALUE}) {
            assertThat(TcpSegment.isValid(bad)).isFalse();
            assertThatIllegalArgumentException().isThrownBy(() -> TcpSegment.check(bad));
        }
    }
}
