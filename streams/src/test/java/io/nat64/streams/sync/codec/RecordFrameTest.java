package io.nat64.streams.sync.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.TcpState;
import io.nat64.core.session.TimerType;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordFrameTest {
    private static final SyncRecord UDP = new SyncRecord(
            L4Protocol.UDP,
            Ipv6Address.parse("2001:db8::8"),
            40000,
            Ipv4Address.parse("192.0.2.1"),
            61001,
            Ipv4Address.parse("192.0.2.8"),
            7,
            TcpState.ESTABLISHED,
            TimerType.EST,
            299_950);
    private static final SyncRecord TCP = new SyncRecord(
            L4Protocol.TCP,
            Ipv6Address.parse("2001:db8::9"),
            1234,
            Ipv4Address.parse("192.0.2.1"),
            62000,
            Ipv4Address.parse("198.51.100.7"),
            80,
            TcpState.V4_FIN_RCV,
            TimerType.EST,
            7_000_000);

    @Test
    void aFrameIsTheRecordsBackToBackAsTheRsocketApiPageShows() {
        byte[] frame = RecordFrame.encode(List.of(UDP));
        assertThat(HexFormat.of().formatHex(frame))
                .isEqualTo("20010db8000000000000000000000008c0000201c0000208000493ae9c40ee4900070020");
        assertThat(RecordFrame.decode(frame)).containsExactly(UDP);
    }

    @Test
    void framesRoundTripAnyNumberOfRecords() {
        assertThat(RecordFrame.decode(RecordFrame.encode(List.of()))).isEmpty();
        assertThat(RecordFrame.decode(RecordFrame.encode(List.of(UDP, TCP, UDP))))
                .containsExactly(UDP, TCP, UDP);
    }

    @Test
    void aFrameCutAnywhereOrHoldingAnImpossibleRecordIsRefused() {
        byte[] frame = RecordFrame.encode(List.of(UDP, TCP));
        for (int cut = 1; cut < frame.length; cut++) {
            if (cut % RecordFrame.RECORD_SIZE != 0) {
                assertThat(RecordFrame.decode(java.util.Arrays.copyOf(frame, cut)))
                        .as("cut at " + cut)
                        .isNull();
            }
        }
        frame[RecordFrame.RECORD_SIZE + 35] = (byte) 0x7f; // protocol 3: impossible
        assertThat(RecordFrame.decode(frame)).isNull();
    }
}
