package io.nat64.streams.sync.codec;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Several received datagrams in one payload, as the session proxy hands them to its daemon on {@code sync.merge}
 * (one RSocket frame and one owner task per few dozen datagrams instead of per datagram). Each datagram is kept
 * whole and undecoded; the daemon validates them one by one.
 *
 * <table>
 *   <caption>layout, repeated until the end of the frame</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>2</td><td>length L of the datagram, u16 big-endian (0 to 65,535)</td></tr>
 *   <tr><td>2</td><td>L</td><td>the datagram's UDP payload, untouched</td></tr>
 * </table>
 *
 * <p>Pure functions, any thread.
 *
 * <pre>{@code
 * byte[] frame = DatagramFrame.encode(List.of(d1, d2));
 * List<byte[]> again = DatagramFrame.decode(frame); // null if the lengths do not add up
 * }</pre>
 */
public final class DatagramFrame {
    /** The largest datagram a frame carries (the largest UDP payload). */
    public static final int MAX_DATAGRAM = 65_535;
    /** Bytes of framing per datagram. */
    public static final int OVERHEAD = 2;

    private DatagramFrame() {}

    /** The frame of {@code datagrams}, in order; throws {@link IllegalArgumentException} for one over 65,535 bytes. */
    public static byte[] encode(List<byte[]> datagrams) {
        int size = 0;
        for (byte[] d : datagrams) {
            if (d.length > MAX_DATAGRAM) {
                throw new IllegalArgumentException("a datagram of " + d.length + " bytes does not fit a frame");
            }
            size += OVERHEAD + d.length;
        }
        byte[] out = new byte[size];
        int off = 0;
        for (byte[] d : datagrams) {
            out[off] = (byte) (d.length >>> 8);
            out[off + 1] = (byte) d.length;
            System.arraycopy(d, 0, out, off + OVERHEAD, d.length);
            off += OVERHEAD + d.length;
        }
        return out;
    }

    /** The datagrams of {@code frame}; null if a length runs past its end. An empty frame holds none. */
    public static @Nullable List<byte[]> decode(byte[] frame) {
        List<byte[]> out = new ArrayList<>();
        int off = 0;
        while (off < frame.length) {
            if (frame.length - off < OVERHEAD) {
                return null;
            }
            int len = ((frame[off] & 0xff) << 8) | (frame[off + 1] & 0xff);
            off += OVERHEAD;
            if (len > frame.length - off) {
                return null;
            }
            byte[] d = new byte[len];
            System.arraycopy(frame, off, d, 0, len);
            out.add(d);
            off += len;
        }
        return out;
    }
}
