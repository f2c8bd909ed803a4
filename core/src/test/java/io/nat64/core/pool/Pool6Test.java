package io.nat64.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.Ipv6Prefix;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Pool6Test {

    private static final Set<Integer> LENGTHS = Set.of(32, 40, 48, 56, 64, 96);

    /** Where the four IPv4 bytes go for each length (RFC 6052 figure 1; jool-session.md 3.3). */
    private static final Map<Integer, int[]> POSITIONS = Map.of(
            32, new int[] {4, 5, 6, 7},
            40, new int[] {5, 6, 7, 9},
            48, new int[] {6, 7, 9, 10},
            56, new int[] {7, 9, 10, 11},
            64, new int[] {9, 10, 11, 12},
            96, new int[] {12, 13, 14, 15});

    @ParameterizedTest(name = "{1} under {0} is {2}")
    @CsvSource({
        "2001:db8::/32,         192.0.2.33, 2001:db8:c000:221::",
        "2001:db8:100::/40,     192.0.2.33, 2001:db8:1c0:2:21::",
        "2001:db8:122::/48,     192.0.2.33, 2001:db8:122:c000:2:2100::",
        "2001:db8:122:300::/56, 192.0.2.33, 2001:db8:122:3c0:0:221::",
        "2001:db8:122:344::/64, 192.0.2.33, 2001:db8:122:344:c0:2:2100:0",
        "2001:db8:122:344::/96, 192.0.2.33, 2001:db8:122:344::192.0.2.33",
        "64:ff9b::/96,          192.0.2.33, 64:ff9b::192.0.2.33",
    })
    void embedsAndExtractsEveryExampleOfRfc6052Section2_4(String prefix, String ipv4, String ipv6) {
        Pool6 pool6 = Pool6.of(Ipv6Prefix.parse(prefix));
        Ipv4Address v4 = Ipv4Address.parse(ipv4);
        Ipv6Address v6 = Ipv6Address.parse(ipv6);

        assertThat(pool6.embed(v4)).isEqualTo(v6);
        assertThat(pool6.embedHigh(v4.bits())).isEqualTo(v6.high());
        assertThat(pool6.embedLow(v4.bits())).isEqualTo(v6.low());
        assertThat(pool6.contains(v6)).isTrue();
        assertThat(pool6.contains(v6.high(), v6.low())).isTrue();
        assertThat(pool6.extract(v6)).isEqualTo(v4);
        assertThat(pool6.extract(v6.high(), v6.low())).isEqualTo(v4.bits());
    }

    @Test
    void wellKnownPrefixEmbedsTheIpv4AddressInTheLast32Bits() {
        Pool6 pool6 = Pool6.of(Ipv6Prefix.parse("64:ff9b::/96"));
        assertThat(pool6.embed(Ipv4Address.parse("192.0.2.33")).toString()).isEqualTo("64:ff9b::c000:221");
    }

    @Test
    void rejectsEveryLengthThatRfc6052DoesNotAllow() {
        for (int length = 0; length <= 128; length++) {
            Ipv6Prefix prefix = new Ipv6Prefix(new Ipv6Address(0, 0), length);
            if (LENGTHS.contains(length)) {
                assertThat(Pool6.of(prefix).prefix()).isEqualTo(prefix);
            } else {
                assertThatThrownBy(() -> Pool6.of(prefix, true))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("pool6 prefix ::/" + length + " has length " + length
                                + "; RFC 6052 allows only 32, 40, 48, 56, 64 and 96");
            }
        }
    }

    @Test
    void rejectsANonZeroUOctetUnlessForced() {
        Ipv6Prefix prefix = Ipv6Prefix.parse("64:ff9b:0:0:100::/96");

        assertThatThrownBy(() -> Pool6.of(prefix))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bits 64 to 71 (the u-octet)")
                .hasMessageContaining("force");
        Pool6 forced = Pool6.of(prefix, true);
        Ipv6Address embedded = forced.embed(Ipv4Address.parse("198.51.100.7"));
        assertThat(embedded).isEqualTo(Ipv6Address.parse("64:ff9b:0:0:100::198.51.100.7"));
        assertThat(forced.extract(embedded)).isEqualTo(Ipv4Address.parse("198.51.100.7"));
    }

    @Test
    void extractionIgnoresTheUOctetAndTheSuffix() {
        Pool6 pool6 = Pool6.of(Ipv6Prefix.parse("2001:db8:100::/40"));
        Ipv6Address dirty = Ipv6Address.parse("2001:db8:1c0:2:ff21:ffff:ffff:ffff");

        assertThat(pool6.contains(dirty)).isTrue();
        assertThat(pool6.extract(dirty)).isEqualTo(Ipv4Address.parse("192.0.2.33"));
    }

    @Test
    void addressesOutsideThePrefixAreNotContainedAndCannotBeExtracted() {
        Pool6 pool6 = Pool6.of(Ipv6Prefix.parse("64:ff9b::/96"));
        Ipv6Address outside = Ipv6Address.parse("64:ff9b:1::192.0.2.33");

        assertThat(pool6.contains(outside)).isFalse();
        assertThat(pool6.contains(outside.high(), outside.low())).isFalse();
        assertThatThrownBy(() -> pool6.extract(outside))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("64:ff9b:1::c000:221 is not inside pool6 64:ff9b::/96");
    }

    @Test
    void roundTripsRandomAddressesUnderRandomPrefixesOfEveryLength() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        try {
            for (int length : LENGTHS) {
                for (int i = 0; i < 2000; i++) {
                    roundTripOnce(random, length);
                }
            }
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
    }

    private static void roundTripOnce(Random random, int length) {
        byte[] prefixBytes = new byte[16];
        random.nextBytes(prefixBytes);
        for (int bit = length; bit < 128; bit++) {
            prefixBytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        prefixBytes[8] = 0;
        Ipv6Prefix prefix = new Ipv6Prefix(Ipv6Address.fromBytes(prefixBytes, 0), length);
        Pool6 pool6 = Pool6.of(prefix);
        int ipv4 = random.nextInt();

        // The oracle: RFC 6052's byte positions, written independently of Pool6's shifts.
        byte[] expected = new byte[16];
        System.arraycopy(prefixBytes, 0, expected, 0, length / 8);
        int[] positions = POSITIONS.get(length);
        for (int k = 0; k < 4; k++) {
            expected[positions[k]] = (byte) (ipv4 >>> (24 - 8 * k));
        }
        Ipv6Address embedded = new Ipv6Address(pool6.embedHigh(ipv4), pool6.embedLow(ipv4));
        assertThat(embedded)
                .as("%s under %s", Ipv4Address.format(ipv4), prefix)
                .isEqualTo(Ipv6Address.fromBytes(expected, 0));
        assertThat(pool6.embed(new Ipv4Address(ipv4))).isEqualTo(embedded);
        assertThat(pool6.contains(embedded.high(), embedded.low())).isTrue();
        assertThat(pool6.extract(embedded.high(), embedded.low())).isEqualTo(ipv4);

        // Noise in byte 8 (outside a /96) and the suffix changes neither containment nor the extracted address.
        byte[] noisy = embedded.toBytes();
        if (length < 96) {
            noisy[8] = (byte) random.nextInt();
        }
        for (int b = positions[3] + 1; b < 16; b++) {
            noisy[b] = (byte) random.nextInt();
        }
        Ipv6Address dirty = Ipv6Address.fromBytes(noisy, 0);
        assertThat(pool6.contains(dirty)).isTrue();
        assertThat(pool6.extract(dirty)).isEqualTo(new Ipv4Address(ipv4));
    }
}
