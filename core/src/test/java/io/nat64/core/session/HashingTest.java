package io.nat64.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The index hashes spread keys like a random function would, also in the skewed cases real traffic has. */
class HashingTest {
    private static final int N = 1 << 20;

    /** Buckets used and longest chain when {@code N} keys go into {@code N} buckets. */
    private static int[] spread(java.util.function.IntUnaryOperator hashOfKey) {
        int[] chains = new int[N];
        int used = 0;
        int longest = 0;
        for (int k = 0; k < N; k++) {
            int b = hashOfKey.applyAsInt(k) & (N - 1);
            if (chains[b]++ == 0) {
                used++;
            }
            longest = Math.max(longest, chains[b]);
        }
        return new int[] {used, longest};
    }

    @Test
    void bibEntriesOfOneClientWithConsecutivePortsSpreadOverTheBuckets() {
        int[] by6 = spread(port -> (int) Hashing.hash6(7, 0x20010db800000000L, 8 + (port >>> 16), port & 0xffff));
        assertThat(by6[0]).isGreaterThan(N * 60 / 100);
        assertThat(by6[1]).isLessThanOrEqualTo(14);
        int[] by4 = spread(i -> Hashing.hash4(7, 0xcb007100 + (i >>> 16), i & 0xffff));
        assertThat(by4[0]).isGreaterThan(N * 60 / 100);
        assertThat(by4[1]).isLessThanOrEqualTo(14);
    }
}
