package io.nat64.core.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012) with a 64-bit output: the keyed hash behind pool4's F().
 *
 * <p>Stateless and allocation-free. The key is two little-endian words: key bytes 00..0f read as
 * {@code k0 = 0x0706050403020100L}, {@code k1 = 0x0f0e0d0c0b0a0908L}.
 */
final class SipHash {

    private static final VarHandle LITTLE_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private SipHash() {}

    /** SipHash-2-4 of {@code length} bytes of {@code data} from {@code offset}, under key {@code k0, k1}. */
    static long hash(long k0, long k1, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        int words = length >>> 3;
        // Words 0..words-1 are the message, word `words` is the tail with the length in its top byte,
        // and the last pass (m = 0, v2 ^= 0xff, 4 rounds) is the finalisation: one copy of SipRound.
        for (int w = 0; w <= words + 1; w++) {
            long m;
            int rounds = 2;
            if (w < words) {
                m = (long) LITTLE_ENDIAN_LONG.get(data, offset + 8 * w);
            } else if (w == words) {
                m = (long) length << 56;
                for (int i = length & 7; i > 0; i--) {
                    m |= (data[offset + 8 * words + i - 1] & 0xffL) << (8 * (i - 1));
                }
            } else {
                m = 0;
                v2 ^= 0xff;
                rounds = 4;
            }
            v3 ^= m;
            for (int r = 0; r < rounds; r++) {
                v0 += v1;
                v1 = Long.rotateLeft(v1, 13) ^ v0;
                v0 = Long.rotateLeft(v0, 32);
                v2 += v3;
                v3 = Long.rotateLeft(v3, 16) ^ v2;
                v0 += v3;
                v3 = Long.rotateLeft(v3, 21) ^ v0;
                v2 += v1;
                v1 = Long.rotateLeft(v1, 17) ^ v2;
                v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }
}
