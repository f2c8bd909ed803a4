package io.nat64.core.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.packet.DropReason;
import io.nat64.core.packet.PacketInfo;
import io.nat64.core.packet.PacketParser;
import java.util.Arrays;

/**
 * One session, named as RFC 6146 and Jool name it, and the plumbing to parse and translate against it into an
 * output buffer fenced with guard bytes.
 *
 * <pre>
 * src6 2001:db8::8#40000 -- dst6 64:ff9b::c000:201#80 | src4 203.0.113.5#61001 -- dst4 192.0.2.1#80
 * </pre>
 */
final class Fixture {

    static final String SRC6 = "2001:db8::8";
    static final int SRC6_PORT = 40000;
    static final String DST6 = "64:ff9b::c000:201";
    static final String SRC4 = "203.0.113.5";
    static final int SRC4_PORT = 61001;
    static final String DST4 = "192.0.2.1";
    static final int PORT = 80;
    static final Ipv6Prefix POOL6 = Ipv6Prefix.parse("64:ff9b::/96");
    static final int GUARD = 16;
    static final byte GUARD_BYTE = (byte) 0xa5;

    final Translator translator = Translator.create(POOL6, 42);
    final PacketInfo info = new PacketInfo();
    TranslationGlobals globals = TranslationGlobals.defaults();
    byte[] buffer = new byte[0];

    static long high(String a) {
        return Ipv6Address.parse(a).high();
    }

    static long low(String a) {
        return Ipv6Address.parse(a).low();
    }

    static int v4(String a) {
        return Ipv4Address.parseBits(a);
    }

    /** Parses {@code in} as IPv6 and translates it with the session's 6-to-4 mapping; returns the code. */
    int run6to4(byte[] in) {
        int r = PacketParser.parse6(in, 0, in.length, info);
        assertThat(r).as("parse").isZero();
        buffer = guarded(2000);
        return translator.translate6to4(
                in, 0, in.length, info, v4(SRC4), SRC4_PORT, v4(DST4), PORT, buffer, GUARD, globals);
    }

    /** Parses {@code in} as IPv4 and translates it with the session's 4-to-6 mapping; returns the code. */
    int run4to6(byte[] in) {
        int r = PacketParser.parse4(in, 0, in.length, info);
        assertThat(r).as("parse").isZero();
        buffer = guarded(2000);
        return translator.translate4to6(
                in,
                0,
                in.length,
                info,
                high(DST6),
                low(DST6),
                PORT,
                high(SRC6),
                low(SRC6),
                SRC6_PORT,
                buffer,
                GUARD,
                globals);
    }

    /** The translated packet, after checking that nothing was written outside it. */
    byte[] output(int length) {
        assertThat(length).as("translation result %s", describe(length)).isPositive();
        for (int i = 0; i < GUARD; i++) {
            assertThat(buffer[i]).isEqualTo(GUARD_BYTE);
        }
        for (int i = GUARD + length; i < buffer.length; i++) {
            assertThat(buffer[i]).as("byte %d past the output", i).isEqualTo(GUARD_BYTE);
        }
        return Arrays.copyOfRange(buffer, GUARD, GUARD + length);
    }

    static String describe(int code) {
        return DropReason.isCode(code) ? DropReason.fromCode(code).name() : Integer.toString(code);
    }

    static byte[] guarded(int size) {
        byte[] b = new byte[size + 2 * GUARD];
        Arrays.fill(b, GUARD_BYTE);
        return b;
    }
}
