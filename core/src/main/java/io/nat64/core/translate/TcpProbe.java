package io.nat64.core.translate;

import static io.nat64.core.packet.Bytes.put16;
import static io.nat64.core.packet.Bytes.put32;

import io.nat64.core.packet.Checksums;
import io.nat64.core.packet.DropReason;

/**
 * The probe of RFC 6146 section 3.5.2.2 that Jool sends when an established TCP session expires
 * ({@code send_probe_packet}, jool-session.md section 2.4): a bare TCP ACK in IPv6 to the IPv6 node, from dst6
 * to src6, seq 0, ack 0, window 8192, hop limit 255, no payload. Stateless.
 *
 * <p>{@code int n = TcpProbe.write(dst6High, dst6Low, dst6Port, src6High, src6Low, src6Port, out, 0);}
 */
public final class TcpProbe {

    /** Length of the probe: a 40-byte IPv6 header and a 20-byte TCP header. */
    public static final int LENGTH = 60;

    private TcpProbe() {}

    /**
     * Writes the probe for the session (src6, dst6): source dst6 and its port, destination src6 and its port.
     *
     * @return {@link #LENGTH}, or {@link DropReason#OUTPUT_TOO_SMALL}'s code
     */
    public static int write(
            long dst6High,
            long dst6Low,
            int dst6Port,
            long src6High,
            long src6Low,
            int src6Port,
            byte[] out,
            int outOff) {
        if (!Headers.fits(out, outOff, LENGTH)) {
            return DropReason.OUTPUT_TOO_SMALL.code();
        }
        Headers.ipv6(out, outOff, 0, 20, 6, 255, dst6High, dst6Low, src6High, src6Low);
        int t = outOff + Headers.IPV6;
        put16(out, t, dst6Port);
        put16(out, t + 2, src6Port);
        put32(out, t + 4, 0); // sequence number
        put32(out, t + 8, 0); // acknowledgment number
        out[t + 12] = 0x50; // data offset 5, no options
        out[t + 13] = 0x10; // ACK only
        put16(out, t + 14, 8192); // window
        put16(out, t + 16, 0);
        put16(out, t + 18, 0); // urgent pointer
        int pseudo = Checksums.pseudoHeader6(dst6High, dst6Low, src6High, src6Low, 6, 20);
        put16(out, t + 16, Checksums.finish(Checksums.add(pseudo, Checksums.sum(out, t, 20))));
        return LENGTH;
    }
}
