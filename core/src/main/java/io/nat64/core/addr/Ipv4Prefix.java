package io.nat64.core.addr;

/**
 * An IPv4 prefix: an address whose bits past {@code length} are zero, and a length from 0 to 32.
 *
 * <p>{@code Ipv4Prefix.parse("192.0.2.0/24")}; a bare address parses as a /32.
 */
public record Ipv4Prefix(Ipv4Address address, int length) {

    /** Validates the length and that no host bit is set. */
    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("IPv4 prefix length must be 0 to 32, not " + length);
        }
        if ((address.bits() & ~mask(length)) != 0) {
            throw new IllegalArgumentException(
                    "IPv4 prefix " + address + "/" + length + " has bits set past its length");
        }
    }

    /** Parses {@code ADDRESS[/LENGTH]}. */
    public static Ipv4Prefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new Ipv4Prefix(Ipv4Address.parse(text), 32);
        }
        int length;
        try {
            length = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IPv4 prefix length: '" + text + "'", e);
        }
        return new Ipv4Prefix(Ipv4Address.parse(text.substring(0, slash)), length);
    }

    /** The number of addresses in this prefix. */
    public long size() {
        return 1L << (32 - length);
    }

    /** The first address's bits. */
    public int first() {
        return address.bits();
    }

    /** Whether {@code bits} lies inside this prefix. */
    public boolean contains(int bits) {
        return (bits & mask(length)) == address.bits();
    }

    static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    @Override
    public String toString() {
        return length == 32 ? address.toString() : address + "/" + length;
    }
}
