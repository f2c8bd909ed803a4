package io.nat64.core.packet;

/**
 * Big-endian (network order) reads and writes on byte arrays. Callers check bounds first; these do not.
 */
public final class Bytes {

    private Bytes() {}

    /** The unsigned byte at {@code i}. */
    public static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    /** The unsigned 16-bit value at {@code i}. */
    public static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    /** The 32-bit value at {@code i}. */
    public static int i32(byte[] b, int i) {
        return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    /** The 64-bit value at {@code i}. */
    public static long i64(byte[] b, int i) {
        return ((long) i32(b, i) << 32) | (i32(b, i + 4) & 0xffffffffL);
    }

    /** Writes the low 16 bits of {@code v} at {@code i}. */
    public static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    /** Writes {@code v} at {@code i}. */
    public static void put32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    /** Writes {@code v} at {@code i}. */
    public static void put64(byte[] b, int i, long v) {
        put32(b, i, (int) (v >>> 32));
        put32(b, i + 4, (int) v);
    }
}
