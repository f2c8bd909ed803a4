package io.nat64.core.translate;

import static io.nat64.core.translate.Fixture.DST6;
import static io.nat64.core.translate.Fixture.SRC6;
import static io.nat64.core.translate.Fixture.high;
import static io.nat64.core.translate.Fixture.low;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.packet.DropReason;
import io.nat64.core.packet.Wire;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TcpProbeTest {

    @Test
    void probeIsABareAckFromDst6ToSrc6() {
        byte[] out = new byte[TcpProbe.LENGTH];

        int n = TcpProbe.write(high(DST6), low(DST6), 80, high(SRC6), low(SRC6), 40000, out, 0);

        assertThat(n).isEqualTo(60);
        String hex = HexFormat.of().formatHex(out);
        assertThat(hex)
                .isEqualTo("60000000" + "0014" + "06" + "ff"
                        + "0064ff9b0000000000000000c0000201"
                        + "20010db8000000000000000000000008"
                        + "0050" + "9c40" + "00000000" + "00000000" + "50" + "10" + "2000"
                        + hex.substring(112, 116) + "0000");
        assertThat(Wire.verifySum(out)).isEqualTo(0xffff);
    }

    @Test
    void probeNeedsSixtyBytes() {
        assertThat(TcpProbe.write(1, 2, 3, 4, 5, 6, new byte[70], 11)).isEqualTo(DropReason.OUTPUT_TOO_SMALL.code());
    }
}
