package io.nat64.core.translate;

import static io.nat64.core.packet.Bytes.put16;
import static io.nat64.core.packet.Bytes.put32;

/**
 * Splits a translated IPv6 packet into fragments in place (RFC 8200 section 4.5, RFC 7915 section 4.1), for IPv4
 * packets without DF that are longer than {@code lowest-ipv6-mtu}, as Jool's slow path does. The fragments lie
 * back to back in the output; each is a whole IPv6 packet whose payload length says where the next begins.
 */
final class Fragments {

    private static final int HEADERS = Headers.IPV6 + Headers.FRAGMENT;

    private Fragments() {}

    /** Payload bytes per fragment for a maximum packet size {@code mtu}: a multiple of 8. */
    static int chunk(int mtu) {
        return (mtu - HEADERS) & ~7;
    }

    /** Bytes taken by the fragments of an upper-layer packet of {@code l4Length} bytes. */
    static int length(int l4Length, int chunk) {
        int count = (l4Length + chunk - 1) / chunk;
        return count * HEADERS + l4Length;
    }

    /**
     * Turns the unfragmented IPv6 packet at {@code o} (a 40-byte header, then {@code l4Length} bytes) into
     * fragments of {@code chunk} payload bytes with the IPv4 Identification {@code id} (RFC 7915 section 4.1:
     * "copied from the Identification field in the IPv4 header"). The output must have room for {@link #length}.
     */
    static void split(byte[] out, int o, int l4Length, int chunk, int id) {
        int count = (l4Length + chunk - 1) / chunk;
        int nextHeader = out[o + 6] & 0xff;
        // Every chunk moves right (by 8 + 48 * i bytes), so move the last one first.
        for (int i = count - 1; i >= 0; i--) {
            System.arraycopy(
                    out,
                    o + Headers.IPV6 + i * chunk,
                    out,
                    o + i * (HEADERS + chunk) + HEADERS,
                    size(i, count, chunk, l4Length));
        }
        for (int i = 0; i < count; i++) {
            int f = o + i * (HEADERS + chunk);
            if (i > 0) {
                System.arraycopy(out, o, out, f, Headers.IPV6);
            }
            put16(out, f + 4, Headers.FRAGMENT + size(i, count, chunk, l4Length));
            out[f + 6] = 44;
            out[f + Headers.IPV6] = (byte) nextHeader;
            out[f + Headers.IPV6 + 1] = 0;
            put16(out, f + Headers.IPV6 + 2, (i * chunk) | (i < count - 1 ? 1 : 0));
            put32(out, f + Headers.IPV6 + 4, id & 0xffff);
        }
    }

    private static int size(int i, int count, int chunk, int l4Length) {
        return i < count - 1 ? chunk : l4Length - i * chunk;
    }
}
