package io.nat64.core.addr;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv6 address as two 64-bit halves in network order ({@code high} holds bytes 0 to 7).
 *
 * <p>{@code Ipv6Address.parse("2001:db8::8").toString()} is {@code "2001:db8::8"} (RFC 5952 form).
 */
public record Ipv6Address(long high, long low) implements Comparable<Ipv6Address> {

    /** Parses any textual IPv6 form (RFC 4291), including an embedded dotted quad; no zone id. */
    public static Ipv6Address parse(String text) {
        if (text.indexOf(':') < 0 || text.indexOf('%') >= 0 || text.indexOf('/') >= 0) {
            throw new IllegalArgumentException("not an IPv6 address: '" + text + "'");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok =
                    (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) {
                throw new IllegalArgumentException("not an IPv6 address: '" + text + "'");
            }
        }
        try {
            // A literal never triggers a name lookup: InetAddress parses it in place.
            byte[] b = InetAddress.getByName(text).getAddress();
            if (b.length != 16) {
                throw new IllegalArgumentException("not an IPv6 address: '" + text + "'");
            }
            return fromBytes(b, 0);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: '" + text + "'", e);
        }
    }

    /** Reads 16 bytes in network order starting at {@code offset}. */
    public static Ipv6Address fromBytes(byte[] bytes, int offset) {
        return new Ipv6Address(readLong(bytes, offset), readLong(bytes, offset + 8));
    }

    /** The 16 bytes of this address in network order. */
    public byte[] toBytes() {
        byte[] b = new byte[16];
        writeLong(b, 0, high);
        writeLong(b, 8, low);
        return b;
    }

    /** This address as a JDK address (no zone). */
    public Inet6Address toInet6Address() {
        try {
            return Inet6Address.getByAddress(null, toBytes(), -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Byte {@code index} (0 to 15) of this address. */
    public int byteAt(int index) {
        long half = index < 8 ? high : low;
        return (int) (half >>> (56 - 8 * (index & 7))) & 0xff;
    }

    /** Formats two halves in the RFC 5952 canonical text form. */
    public static String format(long high, long low) {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (high >>> (48 - 16 * i)) & 0xffff;
            g[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xffff;
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    @Override
    public int compareTo(Ipv6Address other) {
        int c = Long.compareUnsigned(high, other.high);
        return c != 0 ? c : Long.compareUnsigned(low, other.low);
    }

    @Override
    public String toString() {
        return format(high, low);
    }

    static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    static void writeLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
