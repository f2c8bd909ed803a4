package io.nat64.core.session;

/** The mixing functions of the table indexes: a keyed 64-bit finalizer (splitmix64), salted per table. */
final class Hashing {
    private Hashing() {}

    static long mix64(long x) {
        x ^= x >>> 30;
        x *= 0xbf58476d1ce4e5b9L;
        x ^= x >>> 27;
        x *= 0x94d049bb133111ebL;
        x ^= x >>> 31;
        return x;
    }

    /** The hash of an IPv6 transport address; the low bits pick a bucket, the high half is left for fingerprints. */
    static long hash6(long seed, long high, long low, int port) {
        return mix64(mix64(seed ^ high) ^ low * 0x9e3779b97f4a7c15L ^ port);
    }

    static int hash4(long seed, int addr, int port) {
        return (int) mix64(seed ^ (((addr & 0xffffffffL) << 16) | port));
    }

    /** The smallest power of two that holds {@code n} entries at load factor 1, at least 16. */
    static int capacityFor(long n) {
        long c = 16;
        while (c < n && c < (1 << 30)) {
            c <<= 1;
        }
        return (int) c;
    }
}
