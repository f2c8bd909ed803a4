package io.nat64.core.addr;

/**
 * An IPv4 address as its 32 bits in network order (the most significant byte is the first octet).
 *
 * <p>{@code Ipv4Address.parse("192.0.2.1").toString()} is {@code "192.0.2.1"}.
 */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

    /** Parses dotted-quad notation; throws {@link IllegalArgumentException} with the bad text. */
    public static Ipv4Address parse(String text) {
        return new Ipv4Address(parseBits(text));
    }

    /** Parses dotted-quad notation into its 32 bits. */
    public static int parseBits(String text) {
        int bits = 0;
        int octets = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || octets == 4) {
                    throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
                }
                bits = (bits << 8) | value;
                octets++;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
                }
            } else {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
            }
        }
        if (octets != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
        }
        return bits;
    }

    /** Formats 32 bits as dotted-quad notation. */
    public static String format(int bits) {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }

    /** Whether this address is multicast (224.0.0.0/4). */
    public boolean isMulticast() {
        return (bits >>> 28) == 0xe;
    }

    @Override
    public int compareTo(Ipv4Address other) {
        return Integer.compareUnsigned(bits, other.bits);
    }

    @Override
    public String toString() {
        return format(bits);
    }
}
