package io.nat64.gateway;

import io.rsocket.exceptions.ApplicationErrorException;
import io.rsocket.exceptions.ConnectionErrorException;
import io.rsocket.exceptions.RejectedSetupException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The RSocket 1.0 frames the blocking client uses, over TCP (each frame prefixed by its 24-bit length).
 *
 * <pre>
 * frame:    stream id (u32, high bit 0) | type (6 bits) flags (10 bits) | type-specific fields
 * flags:    0x100 M (metadata present; then a u24 metadata length and the metadata)
 *           0x080 F (follows: more fragments) / R (KEEPALIVE: respond)
 *           0x040 C (PAYLOAD: complete)   0x020 N (PAYLOAD: next)
 * SETUP          0x01  u16 major 1, u16 minor 0, u32 keepalive ms, u32 max lifetime ms,
 *                      u8 + metadata MIME, u8 + data MIME, [metadata], data
 * KEEPALIVE      0x03  u64 last received position (0), data
 * REQUEST_RESPONSE 0x04 [metadata], data
 * REQUEST_STREAM 0x06  u32 initial request n, [metadata], data
 * REQUEST_N      0x08  u32 n
 * CANCEL         0x09  -
 * PAYLOAD        0x0A  [metadata], data
 * ERROR          0x0B  u32 error code, UTF-8 message
 * routing metadata (composite): 0xFE (well-known 0x7E), u24 length, then per tag: u8 length, UTF-8 tag
 * </pre>
 */
final class Frames {
    static final int SETUP = 0x01;
    static final int KEEPALIVE = 0x03;
    static final int REQUEST_RESPONSE = 0x04;
    static final int REQUEST_STREAM = 0x06;
    static final int REQUEST_N = 0x08;
    static final int CANCEL = 0x09;
    static final int PAYLOAD = 0x0A;
    static final int ERROR = 0x0B;

    static final int FLAG_METADATA = 0x100;
    static final int FLAG_FOLLOWS = 0x080;
    static final int FLAG_RESPOND = 0x080;
    static final int FLAG_COMPLETE = 0x040;
    static final int FLAG_NEXT = 0x020;

    /** ERROR codes (RSocket 1.0 section "Error Codes"). */
    static final int INVALID_SETUP = 0x001;

    static final int APPLICATION_ERROR = 0x201;

    private Frames() {}

    /** A frame under construction: header first, then fields; {@link #bytes()} adds the length prefix. */
    static final class Builder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

        Builder(int streamId, int type, int flags) {
            out.write(0); // room for the 24-bit length
            out.write(0);
            out.write(0);
            u32(streamId);
            u16(type << 10 | flags);
        }

        Builder u16(int v) {
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        Builder u24(int v) {
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        Builder u32(long v) {
            u16((int) (v >>> 16) & 0xffff);
            return u16((int) v & 0xffff);
        }

        Builder ascii(String s) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            out.write(b.length);
            out.write(b, 0, b.length);
            return this;
        }

        Builder metadata(byte[] metadata) {
            u24(metadata.length);
            out.write(metadata, 0, metadata.length);
            return this;
        }

        Builder data(byte[] data) {
            out.write(data, 0, data.length);
            return this;
        }

        byte[] bytes() {
            byte[] b = out.toByteArray();
            int length = b.length - 3;
            b[0] = (byte) (length >>> 16);
            b[1] = (byte) (length >>> 8);
            b[2] = (byte) length;
            return b;
        }
    }

    /** Composite metadata with one routing entry holding {@code route}. */
    static byte[] routing(String route) {
        byte[] tag = route.getBytes(StandardCharsets.UTF_8);
        if (tag.length > 255) {
            throw new IllegalArgumentException("route too long: " + route);
        }
        int length = 1 + tag.length;
        byte[] m = new byte[4 + length];
        m[0] = (byte) 0xFE; // well-known MIME type 0x7E (message/x.rsocket.routing.v0), high bit set
        m[1] = (byte) (length >>> 16);
        m[2] = (byte) (length >>> 8);
        m[3] = (byte) length;
        m[4] = (byte) tag.length;
        System.arraycopy(tag, 0, m, 5, tag.length);
        return m;
    }
    /** The exception an ERROR frame stands for: the daemon's refusal, a refused set-up, or a broken connection. */
    static RuntimeException error(byte[] frame) {
        int code = (frame[6] & 0xff) << 24 | (frame[7] & 0xff) << 16 | (frame[8] & 0xff) << 8 | (frame[9] & 0xff);
        String message = new String(frame, 10, frame.length - 10, StandardCharsets.UTF_8);
        if (code == Frames.APPLICATION_ERROR) {
            return new ApplicationErrorException(message);
        }
        if (code == Frames.INVALID_SETUP || code == 0x002 || code == 0x003 || code == 0x004) {
            return new RejectedSetupException(message);
        }
        return new ConnectionErrorException("RSocket error 0x" + Integer.toHexString(code) + ": " + message);
    }

    /** {@code frame} (header and body) with its 24-bit length in front, ready to send. */
    static byte[] prefixed(byte[] frame) {
        byte[] b = new byte[frame.length + 3];
        b[0] = (byte) (frame.length >>> 16);
        b[1] = (byte) (frame.length >>> 8);
        b[2] = (byte) frame.length;
        System.arraycopy(frame, 0, b, 3, frame.length);
        return b;
    }

    /** {@code a} then {@code b}. */
    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
