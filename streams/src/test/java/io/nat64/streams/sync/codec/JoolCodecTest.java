package io.nat64.streams.sync.codec;

import static io.nat64.streams.sync.codec.Records.ALL;
import static io.nat64.streams.sync.codec.Records.JOOL_ALL;
import static io.nat64.streams.sync.codec.Records.JOOL_ICMP;
import static io.nat64.streams.sync.codec.Records.JOOL_TCP_EST;
import static io.nat64.streams.sync.codec.Records.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JoolCodecTest {
    private final SyncCodec codec = SyncCodec.jool();

    @Test
    void encodesJoolsFortyByteRecordsByteForByte() {
        assertThat(codec.encode(List.of(Records.TCP_EST))).isEqualTo(hex(JOOL_TCP_EST));
        assertThat(codec.encode(ALL)).isEqualTo(hex(JOOL_ALL));
        assertThat(codec.datagramSize(36)).isEqualTo(1440); // jool-session.md 6.4: 36 sessions make 1440 bytes
    }

    @Test
    void decodesAHandBuiltDatagram() {
        Decoded d = codec.decode(hex(JOOL_ALL));
        assertThat(d).isInstanceOf(SyncBatch.class);
        SyncBatch b = (SyncBatch) d;
        assertThat(b.records()).containsExactlyElementsOf(ALL);
        assertThat(b.hasHeader()).isFalse();
    }

    @Test
    void roundTripsEveryShape() {
        for (SyncRecord r : ALL) {
            assertThat(((SyncBatch) codec.decode(codec.encode(List.of(r)))).records())
                    .containsExactly(r);
        }
    }

    @Test
    void decodesAtAnOffset() {
        byte[] d = hex("ffff" + JOOL_ICMP + "ffff");
        assertThat(((SyncBatch) codec.decode(d, 2, 40)).records()).containsExactly(Records.ICMP);
    }

    /**
     * Jool's format has no count: a cut between two records leaves a valid shorter datagram and cannot be
     * detected. Every other truncation is refused.
     */
    @Test
    void everyTruncationOffARecordBoundaryIsRefusedAndOneOnItDecodesThePrefix() {
        byte[] full = hex(JOOL_ALL);
        for (int len = 0; len < full.length; len++) {
            Decoded d = codec.decode(Arrays.copyOf(full, len));
            if (len > 0 && len % 40 == 0) {
                assertThat(((SyncBatch) d).records())
                        .as("cut at %d", len)
                        .containsExactlyElementsOf(ALL.subList(0, len / 40));
            } else {
                assertThat(d).as("cut at %d", len).isEqualTo(new Rejection(RejectReason.TRUNCATED, len - len % 40));
            }
        }
    }

    /**
     * Every single-byte corruption of every record: the attribute header and an impossible protocol/state/timer
     * word or ICMP identifier pair are caught; addresses, ports and lifetimes can hold any value, so a change
     * there decodes, and changes exactly that record's field.
     */
    @Test
    void everySingleByteCorruptionIsRefusedIfDetectableAndConfinedToItsFieldOtherwise() {
        byte[] full = hex(JOOL_ALL);
        int refused = 0;
        int undetectable = 0;
        for (int pos = 0; pos < full.length; pos++) {
            for (int v = 0; v < 256; v++) {
                if ((byte) v == full[pos]) {
                    continue;
                }
                byte[] bad = full.clone();
                bad[pos] = (byte) v;
                Decoded d = codec.decode(bad);
                int record = pos / 40;
                int field = pos % 40;
                RejectReason expected = expectedRejection(bad, record, field);
                if (expected != null) {
                    assertThat(d).as("byte %d = %02x", pos, v).isEqualTo(new Rejection(expected, record * 40));
                    refused++;
                } else {
                    assertThat(d).as("byte %d = %02x", pos, v).isInstanceOf(SyncBatch.class);
                    List<SyncRecord> got = ((SyncBatch) d).records();
                    for (int i = 0; i < ALL.size(); i++) {
                        if (i != record) {
                            assertThat(got.get(i)).isEqualTo(ALL.get(i));
                        }
                    }
                    assertThat(got.get(record)).isNotEqualTo(ALL.get(record));
                    undetectable++;
                }
            }
        }
        // the header (4 of 40 bytes) always, the flags word often, the rest never
        assertThat(refused).isGreaterThan(5 * 4 * 255);
        assertThat(refused + undetectable).isEqualTo(full.length * 255);
    }

    /** The detection rules of jool-session.md 6.4 and the tables, restated independently of the codec. */
    private static RejectReason expectedRejection(byte[] d, int record, int field) {
        int base = record * 40;
        if (field < 4) {
            return RejectReason.BAD_HEADER;
        }
        int flags = ((d[base + 38] & 0xff) << 8) | (d[base + 39] & 0xff);
        int proto = (flags >> 5) & 3;
        int state = (flags >> 2) & 7;
        int timer = flags & 3;
        boolean possible = (flags & 0xff80) == 0 && proto <= 2 && state <= 6 && timer <= 2;
        if (possible && proto != 0) {
            possible = state == 0 && timer == 0;
        } else if (possible) {
            possible = switch (timer) {
                case 0 -> state == 0 || state == 3 || state == 4;
                case 1 -> state != 0;
                default -> state == 2;
            };
        }
        boolean icmpIdsDiffer = proto == 2 && (d[base + 34] != d[base + 36] || d[base + 35] != d[base + 37]);
        return possible && !icmpIdsDiffer ? null : RejectReason.BAD_RECORD;
    }

    @Test
    void refusesBigEndianAttributeHeadersAndOtherLengths() {
        byte[] be = hex("0028" + "0001" + JOOL_TCP_EST.substring(8));
        assertThat(codec.decode(be)).isEqualTo(new Rejection(RejectReason.BAD_HEADER, 0));
        byte[] longer = hex("2c00" + JOOL_TCP_EST.substring(4));
        assertThat(codec.decode(longer)).isEqualTo(new Rejection(RejectReason.BAD_HEADER, 0));
        assertThat(codec.decode(new byte[0])).isEqualTo(new Rejection(RejectReason.TRUNCATED, 0));
    }

    @Test
    void aDatagramHoldsAtMostWhatFitsInOneUdpPayload() {
        assertThat(codec.maxRecords()).isEqualTo(1637);
        assertThat(codec.datagramSize(codec.maxRecords())).isLessThanOrEqualTo(65_507);
    }
}
