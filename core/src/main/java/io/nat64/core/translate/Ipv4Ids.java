package io.nat64.core.translate;

/**
 * IPv4 Identification values for packets the translator originates (RFC 7915 section 5.1: "set according to a
 * Fragment Identification algorithm"): a xorshift sequence from a random seed, so they are neither constant nor
 * trivially predictable. Owned by one thread.
 */
final class Ipv4Ids {

    private int state;

    Ipv4Ids(long seed) {
        int s = (int) (seed ^ (seed >>> 32));
        this.state = s == 0 ? 0x9e3779b9 : s;
    }

    int next() {
        int x = state;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        state = x;
        return (x ^ (x >>> 16)) & 0xffff;
    }
}
