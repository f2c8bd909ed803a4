package io.nat64.core.pool;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.Ipv6Prefix;

/**
 * pool6: the RFC 6052 prefix under which every IPv4 address is represented as an IPv6 address.
 *
 * <p>Immutable, so any thread may use it. The {@code long}/{@code int} methods are the packet path and
 * allocate nothing; the others are conveniences.
 *
 * <pre>{@code
 * Pool6 pool6 = Pool6.of(Ipv6Prefix.parse("64:ff9b::/96"));
 * pool6.embed(Ipv4Address.parse("192.0.2.33"));  // 64:ff9b::c000:221
 * }</pre>
 */
public final class Pool6 {

    private final Ipv6Prefix prefix;
    private final long prefixHigh;
    private final long prefixLow;
    private final long maskHigh;
    private final long maskLow;
    // The IPv4 bits before byte 8 are ipv4 >>> highShift; those after it are (ipv4 & lowMask) << lowShift.
    private final int highShift;
    private final long lowMask;
    private final int lowShift;

    private Pool6(Ipv6Prefix prefix) {
        this.prefix = prefix;
        int length = prefix.length();
        this.prefixHigh = prefix.address().high();
        this.prefixLow = prefix.address().low();
        this.maskHigh = length >= 64 ? -1L : -1L << (64 - length);
        this.maskLow = length <= 64 ? 0L : -1L << (128 - length);
        if (length == 96) {
            this.highShift = 32;
            this.lowMask = 0xffffffffL;
            this.lowShift = 0;
        } else {
            int bytesAfterU = 4 - (64 - length) / 8; // IPv4 bytes that go after the u-octet
            this.highShift = 8 * bytesAfterU;
            this.lowMask = (1L << (8 * bytesAfterU)) - 1;
            this.lowShift = 56 - 8 * bytesAfterU;
        }
    }

    /** A pool6 of {@code prefix}, which must have an RFC 6052 length and a zero u-octet (bits 64 to 71). */
    public static Pool6 of(Ipv6Prefix prefix) {
        return of(prefix, false);
    }

    /** A pool6 of {@code prefix}; {@code force} accepts a non-zero u-octet, as Jool's {@code --force} does. */
    public static Pool6 of(Ipv6Prefix prefix, boolean force) {
        switch (prefix.length()) {
            case 32, 40, 48, 56, 64, 96 -> {}
            default ->
                throw new IllegalArgumentException("pool6 prefix " + prefix + " has length " + prefix.length()
                        + "; RFC 6052 allows only 32, 40, 48, 56, 64 and 96");
        }
        int uOctet = prefix.address().byteAt(8);
        if (uOctet != 0 && !force) {
            throw new IllegalArgumentException("pool6 prefix " + prefix + " has bits 64 to 71 (the u-octet) set to "
                    + uOctet + "; RFC 6052 requires them to be zero (force to accept it anyway)");
        }
        return new Pool6(prefix);
    }

    /** The prefix this pool6 embeds IPv4 addresses under. */
    public Ipv6Prefix prefix() {
        return prefix;
    }

    /** Bytes 0 to 7 of the IPv6 address that represents {@code ipv4}. */
    public long embedHigh(int ipv4) {
        return prefixHigh | ((ipv4 & 0xffffffffL) >>> highShift);
    }

    /** Bytes 8 to 15 of the IPv6 address that represents {@code ipv4}: byte 8 and the suffix are zero. */
    public long embedLow(int ipv4) {
        return prefixLow | ((ipv4 & lowMask) << lowShift);
    }

    /** Whether {@code high:low} lies inside the prefix (byte 8 and the suffix may hold anything). */
    public boolean contains(long high, long low) {
        return (high & maskHigh) == prefixHigh && (low & maskLow) == prefixLow;
    }

    /** The IPv4 bits embedded in {@code high:low}, ignoring byte 8 and the suffix; call only if it is contained. */
    public int extract(long high, long low) {
        return (int) (((high & ~maskHigh) << highShift) | ((low >>> lowShift) & lowMask));
    }

    /** Whether {@code address} lies inside the prefix. */
    public boolean contains(Ipv6Address address) {
        return contains(address.high(), address.low());
    }

    /** The IPv6 address that represents {@code ipv4}. */
    public Ipv6Address embed(Ipv4Address ipv4) {
        return new Ipv6Address(embedHigh(ipv4.bits()), embedLow(ipv4.bits()));
    }

    /** The IPv4 address embedded in {@code ipv6}; an {@link IllegalArgumentException} if it is outside the prefix. */
    public Ipv4Address extract(Ipv6Address ipv6) {
        if (!contains(ipv6)) {
            throw new IllegalArgumentException(ipv6 + " is not inside pool6 " + prefix);
        }
        return new Ipv4Address(extract(ipv6.high(), ipv6.low()));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Pool6 p && p.prefix.equals(prefix);
    }

    @Override
    public int hashCode() {
        return prefix.hashCode();
    }

    @Override
    public String toString() {
        return prefix.toString();
    }
}
