package io.nat64.streams.sync.codec;

import static io.nat64.streams.sync.codec.Records.ALL;
import static io.nat64.streams.sync.codec.Records.JOOL_ALL;
import static io.nat64.streams.sync.codec.Records.JOOL_TCP_EST;
import static io.nat64.streams.sync.codec.Records.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class Nat64CodecTest {
    private static final long NODE = 0x0123_4567_89ab_cdefL;
    private static final long PEER = 0x1122_3344_5566_7788L;

    @Test
    void encodesTheDocumentedLayout() {
        byte[] d = SyncCodec.nat64(NODE).encode(List.of(Records.TCP_EST));
        String expected = "4e363453" // magic "N64S"
                + "01" // version
                + "00" // flags
                + "0001" // record count
                + "0123456789abcdef" // node id
                + "00000000" // sequence
                + JOOL_TCP_EST.substring(8); // the 36-byte record, as Jool's payload
        assertThat(HexFormat.of().formatHex(d, 0, d.length - 4)).isEqualTo(expected);
        assertThat(HexFormat.of().formatHex(d, d.length - 4, d.length))
                .isEqualTo(String.format("%08x", crc32c(hex(expected))));
        assertThat(d).hasSize(20 + 36 + 4);
    }

    @Test
    void usesCastagnolisCrc() {
        assertThat(crc32c("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xe3069283L);
    }

    @Test
    void numbersDatagramsFromZero() {
        SyncCodec sender = SyncCodec.nat64(PEER);
        SyncCodec receiver = SyncCodec.nat64(NODE);
        for (int i = 0; i < 3; i++) {
            SyncBatch b = (SyncBatch) receiver.decode(sender.encode(ALL));
            assertThat(b.nodeId()).isEqualTo(PEER);
            assertThat(b.sequence()).isEqualTo(i);
            assertThat(b.records()).containsExactlyElementsOf(ALL);
        }
    }

    @Test
    void roundTripsEveryShapeAndTheLargestDatagram() {
        SyncCodec sender = SyncCodec.nat64(PEER);
        SyncCodec receiver = SyncCodec.nat64(NODE);
        for (SyncRecord r : ALL) {
            assertThat(((SyncBatch) receiver.decode(sender.encode(List.of(r)))).records())
                    .containsExactly(r);
        }
        List<SyncRecord> many = java.util.Collections.nCopies(sender.maxRecords(), Records.UDP);
        byte[] big = sender.encode(many);
        assertThat(big.length).isLessThanOrEqualTo(65_507);
        assertThat(((SyncBatch) receiver.decode(big)).records()).hasSize(1818);
        assertThatThrownBy(() -> sender.encode(java.util.Collections.nCopies(1819, Records.UDP)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesItsOwnDatagrams() {
        SyncCodec codec = SyncCodec.nat64(NODE);
        assertThat(codec.decode(codec.encode(ALL))).isEqualTo(new Rejection(RejectReason.OWN_NODE, 8));
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] full = SyncCodec.nat64(PEER).encode(ALL);
        SyncCodec receiver = SyncCodec.nat64(NODE);
        for (int len = 0; len < full.length; len++) {
            Decoded d = receiver.decode(Arrays.copyOf(full, len));
            assertThat(d).as("cut at %d", len).isInstanceOf(Rejection.class);
            assertThat(((Rejection) d).reason()).as("cut at %d", len).isEqualTo(RejectReason.TRUNCATED);
        }
    }

    @Test
    void extraBytesAfterTheLastRecordAreRefused() {
        byte[] full = SyncCodec.nat64(PEER).encode(ALL);
        byte[] longer = Arrays.copyOf(full, full.length + 1);
        assertThat(SyncCodec.nat64(NODE).decode(longer)).isEqualTo(new Rejection(RejectReason.BAD_HEADER, 6));
    }

    /** Every position, every other value: CRC32C catches all single-byte errors; the header says which first. */
    @Test
    void everySingleByteCorruptionIsRefused() {
        byte[] full = SyncCodec.nat64(PEER).encode(ALL);
        SyncCodec receiver = SyncCodec.nat64(NODE);
        Map<RejectReason, Integer> reasons = new EnumMap<>(RejectReason.class);
        for (int pos = 0; pos < full.length; pos++) {
            for (int v = 0; v < 256; v++) {
                if ((byte) v == full[pos]) {
                    continue;
                }
                byte[] bad = full.clone();
                bad[pos] = (byte) v;
                Decoded d = receiver.decode(bad);
                assertThat(d).as("byte %d = %02x", pos, v).isInstanceOf(Rejection.class);
                RejectReason reason = ((Rejection) d).reason();
                RejectReason expected = pos < 4
                        ? RejectReason.BAD_MAGIC
                        : pos == 4 ? RejectReason.BAD_VERSION : pos == 6 || pos == 7 ? null : RejectReason.BAD_CHECKSUM;
                if (expected != null) {
                    assertThat(reason).as("byte %d = %02x", pos, v).isEqualTo(expected);
                } else {
                    assertThat(reason).isIn(RejectReason.TRUNCATED, RejectReason.BAD_HEADER);
                }
                reasons.merge(reason, 1, Integer::sum);
            }
        }
        assertThat(reasons.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(full.length * 255);
    }

    @Test
    void aValidChecksumDoesNotMakeAnImpossibleRecordAcceptable() {
        byte[] d = SyncCodec.nat64(PEER).encode(List.of(Records.UDP));
        d[20 + 35] = 0x24; // UDP with state V6_INIT
        reseal(d);
        assertThat(SyncCodec.nat64(NODE).decode(d)).isEqualTo(new Rejection(RejectReason.BAD_RECORD, 20));
    }

    @Test
    void reservedFlagsAndNodeZeroAreRefusedEvenWithAValidChecksum() {
        byte[] d = SyncCodec.nat64(PEER).encode(List.of(Records.UDP));
        d[5] = 1;
        reseal(d);
        assertThat(SyncCodec.nat64(NODE).decode(d)).isEqualTo(new Rejection(RejectReason.BAD_HEADER, 5));
        byte[] z = SyncCodec.nat64(PEER).encode(List.of(Records.UDP));
        Arrays.fill(z, 8, 16, (byte) 0);
        reseal(z);
        assertThat(SyncCodec.nat64(NODE).decode(z)).isEqualTo(new Rejection(RejectReason.BAD_HEADER, 8));
    }

    @Test
    void anotherVersionIsToldApartFromCorruption() {
        byte[] d = SyncCodec.nat64(PEER).encode(List.of(Records.UDP));
        d[4] = 2;
        reseal(d);
        assertThat(SyncCodec.nat64(NODE).decode(d)).isEqualTo(new Rejection(RejectReason.BAD_VERSION, 4));
    }

    @Test
    void aJoolDatagramIsNotMistakenForOurs() {
        assertThat(SyncCodec.nat64(NODE).decode(hex(JOOL_ALL))).isEqualTo(new Rejection(RejectReason.BAD_MAGIC, 0));
    }

    @Test
    void anEmptyBatchIsValid() {
        byte[] d = hex("4e363453" + "01" + "00" + "0000" + "1122334455667788" + "00000007");
        byte[] sealed = Arrays.copyOf(d, 24);
        reseal(sealed);
        SyncBatch b = (SyncBatch) SyncCodec.nat64(NODE).decode(sealed);
        assertThat(b.records()).isEmpty();
        assertThat(b.sequence()).isEqualTo(7);
    }

    @Test
    void formatsParseFromTheirFlagValues() {
        assertThat(SyncFormat.parse("nat64")).isEqualTo(SyncFormat.NAT64);
        assertThat(SyncFormat.parse("JOOL")).isEqualTo(SyncFormat.JOOL);
        assertThat(SyncFormat.NAT64.codec(NODE).nodeId()).isEqualTo(NODE);
        assertThat(SyncFormat.JOOL.codec(NODE).nodeId()).isZero();
        assertThatThrownBy(() -> SyncFormat.parse("json")).hasMessageContaining("nat64 or jool");
        assertThatThrownBy(() -> SyncCodec.nat64(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(SyncCodec.randomNodeId()).isNotZero();
    }

    private static void reseal(byte[] d) {
        long crc = crc32c(Arrays.copyOf(d, d.length - 4));
        for (int i = 0; i < 4; i++) {
            d[d.length - 4 + i] = (byte) (crc >>> (24 - 8 * i));
        }
    }

    private static long crc32c(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b);
        return c.getValue();
    }
}
