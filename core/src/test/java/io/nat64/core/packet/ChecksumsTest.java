package io.nat64.core.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChecksumsTest {

    @Test
    void sumMatchesTheRfc1071Example() {
        byte[] b = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};

        assertThat(Checksums.sum(b, 0, b.length)).isEqualTo(0xddf2);
    }

    @Test
    void oddLengthsArePaddedWithZero() {
        byte[] b = {0x12, 0x34, 0x56};

        assertThat(Checksums.sum(b, 0, 3)).isEqualTo(0x1234 + 0x5600);
    }

    @Test
    void incrementalUpdateEqualsARecomputation() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 10_000; round++) {
            byte[] b = new byte[2 + 2 * random.nextInt(1, 40)];
            random.nextBytes(b);
            b[0] = 0;
            b[1] = 0;
            int checksum = Wire.checksum(b, 0, b.length);
            int word = 2 * random.nextInt(1, b.length / 2);
            int old = Bytes.u16(b, word);
            int replacement = random.nextInt(0x10000);
            Bytes.put16(b, word, replacement);

            int updated = Checksums.update(checksum, old, replacement);

            Bytes.put16(b, 0, updated);
            assertThat(Wire.fold(Wire.rawSum(b, 0, b.length)))
                    .as("round %d", round)
                    .isEqualTo(0xffff);
        }
    }

    @Test
    void pseudoHeadersSumTheirFields() {
        assertThat(Checksums.pseudoHeader4(0xc0000201, 0xcb007105, 6, 20))
                .isEqualTo(fold(0xc000L + 0x0201 + 0xcb00 + 0x7105 + 6 + 20));
        assertThat(Checksums.pseudoHeader6(0x20010db800000000L, 8, 0x0064ff9b00000000L, 0xc0000201L, 58, 0x10008))
                .isEqualTo(fold(0x2001L + 0x0db8 + 8 + 0x64 + 0xff9b + 0xc000 + 0x0201 + 1 + 8 + 58));
    }

    @Test
    void ipv4HeaderChecksumIgnoresTheStoredOne() {
        byte[] p = PacketBuilder.ipv4("192.0.2.1", "203.0.113.5").udp(1, 2).build();
        int stored = Bytes.u16(p, 10);
        Bytes.put16(p, 10, 0xbeef);

        assertThat(Checksums.ipv4Header(p, 0, 20)).isEqualTo(stored);
    }

    private static int fold(long s) {
        return Wire.fold(s);
    }
}
