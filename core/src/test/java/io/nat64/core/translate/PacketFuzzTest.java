package io.nat64.core.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.packet.Bytes;
import io.nat64.core.packet.DropReason;
import io.nat64.core.packet.PacketBuilder;
import io.nat64.core.packet.PacketInfo;
import io.nat64.core.packet.PacketParser;
import io.nat64.core.packet.Wire;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Generated inputs (random bytes, every truncation of valid packets, single-byte corruptions, bad length fields)
 * through parse and translate both ways and the ICMP error builders. Properties: nothing throws, nothing is written
 * outside the output (guard bytes) or into the input, every rejection is a known {@link DropReason}, a rejection
 * writes nothing, and a translated packet parses again with a transport checksum that verifies whenever the
 * input's did. Seeded: {@code -Dfuzz.seed=N} replays a run; the seed is printed on failure.
 */
class PacketFuzzTest {

    private static final int ROUNDS = Integer.getInteger("fuzz.rounds", 25_000);
    private static final int GUARD = 24;
    private static final byte FILL = (byte) 0x5a;

    private final PacketInfo info = new PacketInfo();
    private final PacketInfo again = new PacketInfo();
    private final Translator translator = Translator.create(Ipv6Prefix.parse("64:ff9b::/96"), 1);
    private final IcmpErrors errors = IcmpErrors.create();
    private final byte[] out = new byte[1600 + 2 * GUARD];
    private final Map<DropReason, Integer> seen = new EnumMap<>(DropReason.class);
    private SplittableRandom random = new SplittableRandom(0);
    private TranslationGlobals globals = TranslationGlobals.defaults();
    private int inputs;
    private int translated;

    @Test
    void parseAndTranslateSurviveAnyInput() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        try {
            run(seed);
        } catch (Throwable t) {
            throw new AssertionError("PacketFuzzTest failed with -Dfuzz.seed=" + seed + ": " + t, t);
        }
        assertThat(inputs).isGreaterThanOrEqualTo(100_000);
        assertThat(translated).as("some inputs translate (seed %d)", seed).isGreaterThan(10_000);
        assertThat(seen)
                .as("rejections seen (seed %d)", seed)
                .containsKeys(DropReason.TRUNCATED, DropReason.BAD_VERSION);
    }

    private void run(long seed) {
        random = new SplittableRandom(seed);
        List<byte[]> corpus = corpus();
        for (byte[] valid : corpus) {
            for (int n = 0; n <= valid.length; n++) {
                feed(Arrays.copyOf(valid, n));
                feed(fixLengths(Arrays.copyOf(valid, n)));
            }
        }
        for (int i = 0; i < ROUNDS; i++) {
            byte[] valid = corpus.get(random.nextInt(corpus.size()));
            feed(randomBytes());
            feed(corrupt(valid, false));
            feed(corrupt(valid, true));
            feed(badLength(valid));
        }
    }

    private void feed(byte[] input) {
        inputs++;
        globals = random.nextInt(8) == 0
                ? TranslationGlobals.defaults()
                        .withTos(true, random.nextInt(256))
                        .withZeroizeTrafficClass(true)
                        .withSourceIcmpv6ErrorsBetter(false)
                        .withDropIcmpv6Info(random.nextBoolean())
                : TranslationGlobals.defaults();
        byte[] buf = new byte[input.length + 8];
        int off = random.nextInt(5);
        System.arraycopy(input, 0, buf, off, input.length);
        byte[] before = buf.clone();
        check(PacketParser.parse6(buf, off, input.length, info));
        if (info.parsed()) {
            translate6(buf, off, input.length);
        }
        check(PacketParser.parse4(buf, off, input.length, info));
        if (info.parsed()) {
            translate4(buf, off, input.length);
        }
        errors(buf, off, input.length);
        if (!Arrays.equals(buf, before)) {
            throw new AssertionError("input modified: " + hex(before, off, input.length));
        }
    }

    private void translate6(byte[] in, int off, int len) {
        int o = prepareOutput();
        int r = translator.translate6to4(
                in,
                off,
                len,
                info,
                random.nextInt(),
                random.nextInt(65536),
                random.nextInt(),
                random.nextInt(65536),
                out,
                o,
                globals);
        verifyOutput(o, r);
        if (r > 0) {
            translated++;
            byte[] packet = Arrays.copyOfRange(out, o, o + r);
            assertThat(PacketParser.parse4(packet, 0, r, again))
                    .as(() -> "output parses: " + hex(in, off, len) + " -> " + hex(packet, 0, r))
                    .isZero();
            if (info.isIcmpError() || checksumOk(in, off)) {
                assertThat(Wire.verifySum(packet))
                        .as(() -> "output checksum of " + hex(in, off, len) + " -> " + hex(packet, 0, r))
                        .isEqualTo(0xffff);
            }
        }
    }

    private void translate4(byte[] in, int off, int len) {
        int o = prepareOutput();
        int r = translator.translate4to6(
                in,
                off,
                len,
                info,
                random.nextLong(),
                random.nextLong(),
                random.nextInt(65536),
                random.nextLong(),
                random.nextLong(),
                random.nextInt(65536),
                out,
                o,
                globals);
        verifyOutput(o, r);
        if (r > 0) {
            translated++;
            byte[] packet = Wire.reassemble6(out, o, r);
            assertThat(PacketParser.parse6(packet, 0, packet.length, again))
                    .as(() -> "output parses: " + hex(in, off, len) + " -> " + hex(packet, 0, packet.length))
                    .isZero();
            boolean udpZero = info.l4Protocol() == L4Protocol.UDP && Bytes.u16(in, info.l4Offset() + 6) == 0;
            if (info.isIcmpError() || udpZero || checksumOk(in, off)) {
                assertThat(Wire.verifySum(packet, again.l4Offset(), again.l4Length()))
                        .as(() -> "output checksum of " + hex(in, off, len) + " -> " + hex(packet, 0, packet.length))
                        .isEqualTo(0xffff);
            }
        }
    }

    private static String hex(byte[] b, int off, int len) {
        return java.util.HexFormat.of().formatHex(b, off, off + len);
    }

    private boolean checksumOk(byte[] in, int off) {
        byte[] packet = Arrays.copyOfRange(in, off, off + info.packetLength());
        return Wire.verifySum(packet, info.l4Offset() - off, info.l4Length()) == 0xffff;
    }

    private void errors(byte[] in, int off, int len) {
        int o = prepareOutput();
        Icmp6Error kind6 = Icmp6Error.values()[random.nextInt(Icmp6Error.values().length)];
        verifyOutput(o, errors.toIpv6(kind6, random.nextInt(), in, off, len, random.nextLong(), 1, out, o));
        o = prepareOutput();
        Icmp4Error kind4 = Icmp4Error.values()[random.nextInt(Icmp4Error.values().length)];
        verifyOutput(o, errors.toIpv4(kind4, random.nextInt(), in, off, len, random.nextInt(), out, o));
    }

    /**
     * Fills the output with guard bytes; returns a random start, sometimes near the end (too small). A write past
     * the array would throw; a write past the returned length shows in the guard bytes.
     */
    private int prepareOutput() {
        Arrays.fill(out, FILL);
        return random.nextInt(8) == 0 ? out.length - GUARD - random.nextInt(100) : GUARD + random.nextInt(8);
    }

    private void verifyOutput(int o, int r) {
        check(r);
        int end = r > 0 ? o + r : o;
        int bad = -1;
        for (int i = 0; i < out.length && bad < 0; i++) {
            if ((i < o || i >= end) && out[i] != FILL) {
                bad = i;
            }
        }
        assertThat(bad).as("first byte written outside output [%d, %d)", o, end).isEqualTo(-1);
    }

    private void check(int r) {
        if (r < 0) {
            assertThat(DropReason.isCode(r)).as("known drop code %d", r).isTrue();
            seen.merge(DropReason.fromCode(r), 1, Integer::sum);
        }
    }

    private byte[] randomBytes() {
        byte[] b = new byte[random.nextInt(0, 120)];
        random.nextBytes(b);
        if (b.length > 0 && random.nextBoolean()) {
            b[0] = (byte) ((random.nextBoolean() ? 0x45 : 0x60) | (b[0] & 0x0f));
        }
        return random.nextBoolean() ? fixLengths(b) : b;
    }

    private byte[] corrupt(byte[] valid, boolean fix) {
        byte[] b = valid.clone();
        int hits = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
        for (int i = 0; i < hits; i++) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        return fix ? fixLengths(b) : b;
    }

    private byte[] badLength(byte[] valid) {
        byte[] b = valid.clone();
        int version = (b[0] & 0xff) >>> 4;
        int[] fields = version == 4
                ? new int[] {0, 2, 20 + 4, 20 + 12, 20 + 5, 28 + 2, 28 + 0}
                : new int[] {4, 40 + 4, 40 + 12, 48 + 4, 40 + 4};
        int at = fields[random.nextInt(fields.length)];
        if (at + 1 < b.length) {
            if (at == 0) {
                b[0] = (byte) (0x40 | random.nextInt(16));
            } else if (random.nextBoolean()) {
                b[at] = (byte) random.nextInt(256);
            } else {
                Bytes.put16(b, at, random.nextInt(65536));
            }
        }
        if (version == 4 && b.length >= 20 && random.nextBoolean()) {
            fixIpv4Checksum(b);
        }
        return b;
    }

    /** Makes the outer length field agree with the array, and the IPv4 header checksum right, to go deeper. */
    private static byte[] fixLengths(byte[] b) {
        if (b.length >= 20 && (b[0] & 0xf0) == 0x40) {
            Bytes.put16(b, 2, b.length);
            int ihl = (b[0] & 0x0f) * 4;
            if (b[9] == 1 && ihl >= 20 && ihl + 8 <= b.length) {
                Bytes.put16(b, ihl + 2, 0);
                Bytes.put16(b, ihl + 2, Wire.checksum(b, ihl, b.length - ihl));
            }
            fixIpv4Checksum(b);
        } else if (b.length >= 40 && (b[0] & 0xf0) == 0x60) {
            Bytes.put16(b, 4, b.length - 40);
            if (b[6] == 58 && b.length >= 48) {
                Bytes.put16(b, 42, 0);
                byte[] src = Arrays.copyOfRange(b, 8, 24);
                byte[] dst = Arrays.copyOfRange(b, 24, 40);
                Bytes.put16(b, 42, Wire.transportChecksum(src, dst, 58, b, 40, b.length - 40));
            }
        }
        return b;
    }

    private static void fixIpv4Checksum(byte[] b) {
        int ihl = (b[0] & 0x0f) * 4;
        if (ihl >= 20 && ihl <= b.length) {
            Bytes.put16(b, 10, 0);
            Bytes.put16(b, 10, Wire.checksum(b, 0, ihl));
        }
    }

    private static List<byte[]> corpus() {
        String a6 = "2001:db8::8";
        String b6 = "64:ff9b::c000:201";
        String a4 = "192.0.2.1";
        String b4 = "203.0.113.5";
        List<byte[]> c = new ArrayList<>();
        c.add(PacketBuilder.ipv6(a6, b6)
                .tcp(1000, 80, PacketInfo.TCP_SYN)
                .payload(20)
                .build());
        c.add(PacketBuilder.ipv6(a6, b6).udp(1000, 53).payload(30).build());
        c.add(PacketBuilder.ipv6(a6, b6).udp(1000, 53).payload(1300).build());
        c.add(PacketBuilder.ipv6(a6, b6).echo(true, 7, 1).payload(16).build());
        c.add(PacketBuilder.ipv6(a6, b6)
                .hopByHop()
                .routing(0)
                .fragment(9, 0, false)
                .udp(1, 2)
                .build());
        c.add(PacketBuilder.ipv6(a6, b6)
                .destinationOptions()
                .tcp(1, 2, 0)
                .tcpOptions(new byte[12])
                .build());
        byte[] inner6 = PacketBuilder.ipv6(b6, a6)
                .tcp(80, 1000, PacketInfo.TCP_ACK)
                .payload(40)
                .build();
        c.add(PacketBuilder.ipv6(a6, b6).icmp(1, 4, 0, inner6).build());
        c.add(PacketBuilder.ipv6(a6, b6).icmp(2, 0, 1400, inner6).build());
        c.add(PacketBuilder.ipv6(a6, b6).icmp(4, 0, 24, inner6).build());
        c.add(PacketBuilder.ipv6(a6, b6)
                .icmp(
                        3,
                        0,
                        0,
                        PacketBuilder.ipv6(b6, a6)
                                .fragment(5, 0, true)
                                .echo(false, 3, 4)
                                .build())
                .build());
        c.add(PacketBuilder.ipv6(a6, b6)
                .icmp(
                        3,
                        1,
                        0,
                        PacketBuilder.ipv6(b6, a6).udp(1, 2).payload(1300).build())
                .build());
        c.add(PacketBuilder.ipv4(a4, b4)
                .tcp(80, 61001, PacketInfo.TCP_SYN)
                .payload(20)
                .build());
        c.add(PacketBuilder.ipv4(a4, b4).udp(53, 61001).payload(30).build());
        c.add(PacketBuilder.ipv4(a4, b4)
                .udp(53, 61001)
                .zeroChecksum()
                .payload(30)
                .build());
        c.add(PacketBuilder.ipv4(a4, b4).echo(false, 61001, 1).payload(16).build());
        c.add(PacketBuilder.ipv4(a4, b4).udp(53, 61001).payload(1400).build());
        c.add(PacketBuilder.ipv4(a4, b4).echo(true, 61001, 1).payload(1500).build());
        c.add(PacketBuilder.ipv4(a4, b4)
                .options(new byte[] {1, 1, 1, 0})
                .tcp(1, 2, 0)
                .build());
        byte[] inner4 = PacketBuilder.ipv4(b4, a4)
                .tcp(61001, 80, PacketInfo.TCP_ACK)
                .payload(40)
                .build();
        c.add(PacketBuilder.ipv4("198.51.100.9", b4).icmp(3, 3, 0, inner4).build());
        c.add(PacketBuilder.ipv4("198.51.100.9", b4).icmp(3, 4, 0, inner4).build());
        c.add(PacketBuilder.ipv4("198.51.100.9", b4).icmp(11, 0, 0, inner4).build());
        c.add(PacketBuilder.ipv4("198.51.100.9", b4)
                .icmp(12, 0, 12 << 24, inner4)
                .build());
        c.add(PacketBuilder.ipv4("198.51.100.9", b4)
                .icmp(
                        3,
                        2,
                        0,
                        PacketBuilder.ipv4(b4, a4)
                                .moreFragments(true)
                                .echo(true, 1, 1)
                                .build())
                .build());
        c.add(PacketBuilder.ipv4("198.51.100.9", b4)
                .icmp(
                        11,
                        0,
                        0,
                        PacketBuilder.ipv4(b4, a4).udp(1, 2).payload(1300).build())
                .build());
        return c;
    }
}
