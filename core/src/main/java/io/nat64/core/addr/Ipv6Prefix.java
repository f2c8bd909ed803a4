package io.nat64.core.addr;

/**
 * An IPv6 prefix: an address whose bits past {@code length} are zero, and a length from 0 to 128.
 *
 * <p>{@code Ipv6Prefix.parse("64:ff9b::/96")}
 */
public record Ipv6Prefix(Ipv6Address address, int length) {

    /** Validates the length and that no host bit is set. */
    public Ipv6Prefix {
        if (length < 0 || length > 128) {
            throw new IllegalArgumentException("IPv6 prefix length must be 0 to 128, not " + length);
        }
        if ((address.high() & ~maskHigh(length)) != 0 || (address.low() & ~maskLow(length)) != 0) {
            throw new IllegalArgumentException(
                    "IPv6 prefix " + address + "/" + length + " has bits set past its length");
        }
    }

    /** Parses {@code ADDRESS/LENGTH}. */
    public static Ipv6Prefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not an IPv6 prefix (ADDRESS/LENGTH): '" + text + "'");
        }
        int length;
        try {
            length = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IPv6 prefix length: '" + text + "'", e);
        }
        return new Ipv6Prefix(Ipv6Address.parse(text.substring(0, slash)), length);
    }

    /** Whether {@code high:low} lies inside this prefix. */
    public boolean contains(long high, long low) {
        return (high & maskHigh(length)) == address.high() && (low & maskLow(length)) == address.low();
    }

    /** Whether {@code a} lies inside this prefix. */
    public boolean contains(Ipv6Address a) {
        return contains(a.high(), a.low());
    }

    static long maskHigh(int length) {
        return length >= 64 ? -1L : length == 0 ? 0L : -1L << (64 - length);
    }

    static long maskLow(int length) {
        return length <= 64 ? 0L : length == 128 ? -1L : -1L << (128 - length);
    }

    @Override
    public String toString() {
        return address + "/" + length;
    }
}
