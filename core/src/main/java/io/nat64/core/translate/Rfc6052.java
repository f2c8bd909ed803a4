package io.nat64.core.translate;

import io.nat64.core.addr.Ipv6Prefix;

/**
 * RFC 6052 section 2.2 embedding of an IPv4 address in an IPv6 prefix of length 32, 40, 48, 56, 64 or 96; bits 64
 * to 71 (the "u" octet) stay zero. Used only for {@code source-icmpv6-errors-better}.
 */
final class Rfc6052 {

    private final long prefixHigh;
    private final long prefixLow;
    private final int length;

    Rfc6052(Ipv6Prefix prefix) {
        int l = prefix.length();
        if (l != 32 && l != 40 && l != 48 && l != 56 && l != 64 && l != 96) {
            throw new IllegalArgumentException("RFC 6052 prefix length must be 32, 40, 48, 56, 64 or 96, not " + l);
        }
        this.prefixHigh = prefix.address().high();
        this.prefixLow = prefix.address().low();
        this.length = l;
    }

    /** Bytes 0 to 7 of the embedded address. */
    long high(int v4) {
        long a = v4 & 0xffffffffL;
        return switch (length) {
            case 32 -> prefixHigh | a;
            case 40 -> prefixHigh | (a >>> 8);
            case 48 -> prefixHigh | (a >>> 16);
            case 56 -> prefixHigh | (a >>> 24);
            default -> prefixHigh;
        };
    }

    /** Bytes 8 to 15 of the embedded address. */
    long low(int v4) {
        long a = v4 & 0xffffffffL;
        return switch (length) {
            case 32 -> prefixLow;
            case 40 -> prefixLow | ((a & 0xff) << 48);
            case 48 -> prefixLow | ((a & 0xffff) << 40);
            case 56 -> prefixLow | ((a & 0xffffff) << 32);
            case 64 -> prefixLow | (a << 24);
            default -> prefixLow | a;
        };
    }
}
