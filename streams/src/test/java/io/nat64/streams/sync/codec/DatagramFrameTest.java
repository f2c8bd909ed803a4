package io.nat64.streams.sync.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatagramFrameTest {
    private static final List<byte[]> THREE = List.of(new byte[] {1, 2, 3}, new byte[0], new byte[1320]);

    @Test
    void datagramsRoundTripWholeAndInOrder() {
        byte[] frame = DatagramFrame.encode(THREE);
        assertThat(frame).hasSize(3 * DatagramFrame.OVERHEAD + 3 + 0 + 1320);
        assertThat(frame[0]).isEqualTo((byte) 0);
        assertThat(frame[1]).isEqualTo((byte) 3);
        assertThat(DatagramFrame.decode(frame)).containsExactlyElementsOf(THREE);
        assertThat(DatagramFrame.decode(new byte[0])).isEmpty();
    }

    @Test
    void theLargestUdpPayloadFitsAndOneByteMoreIsRefused() {
        byte[] max = new byte[DatagramFrame.MAX_DATAGRAM];
        max[65_534] = 7;
        assertThat(DatagramFrame.decode(DatagramFrame.encode(List.of(max))).get(0))
                .isEqualTo(max);
        assertThatThrownBy(() -> DatagramFrame.encode(List.of(new byte[65_536])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536 bytes");
    }

    @Test
    void everyTruncationThatCutsADatagramIsRefused() {
        byte[] frame = DatagramFrame.encode(THREE);
        int[] boundaries = {0, 5, 7}; // after the 1st and the (empty) 2nd datagram: a shorter, valid frame
        for (int len = 0; len < frame.length; len++) {
            List<byte[]> d = DatagramFrame.decode(Arrays.copyOf(frame, len));
            int at = len;
            if (Arrays.stream(boundaries).anyMatch(b -> b == at)) {
                assertThat(d).as("cut at %d", len).isNotNull();
            } else {
                assertThat(d).as("cut at %d", len).isNull();
            }
        }
    }
}
