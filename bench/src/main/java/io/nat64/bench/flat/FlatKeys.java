package io.nat64.bench.flat;

import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * The flows of the flat-table benchmarks and the keys of the packets they read, as {@code LookupKeys} draws
 * them for core's lookup benchmarks: BIB entry {@code b} is {@code [2001:db8::(b / 16 + 1)]:(32768 + b % 16)}
 * talking to {@code 198.51.100.(1 + b % servers)} port 443, and the same seed draws the same flow indexes
 * (uniformly, with replacement) into flat arrays walked in order. The masks differ: core's pool4 picks them by
 * RFC 6056; here each flow gets a distinct random transport address of {@code 203.0.113.0/26}, ports 1-65535.
 * Public for {@code io.nat64.core.session.FlowTableBenchmark}. Not thread-safe.
 */
public final class FlatKeys {
    /** A power of two, so the benchmark wraps with a mask (as {@code LookupKeys.COUNT}). */
    public static final int COUNT = 1 << 20;

    public static final long SRC6_HIGH = 0x20010db8_00000000L;
    public static final int SERVER_PORT = 443;
    /** 198.51.100.0. */
    public static final int SERVER_NET = 0xc6336400;
    /** 203.0.113.0: pool4 is its /26. */
    public static final int POOL4_NET = 0xcb007100;

    private static final int PORTS_PER_CLIENT = 16;

    /** Per flow: its IPv6 side and mask. */
    public final long[] flowSrc6Low;

    public final int[] flowSrc6Port;
    public final int[] flowDst4;
    public final int[] flowSrc4Addr;
    public final int[] flowSrc4Port;

    /** Per packet key. */
    public final long[] src6Low = new long[COUNT];

    public final int[] src6Port = new int[COUNT];
    public final int[] dst4 = new int[COUNT];
    public final int[] src4Addr = new int[COUNT];
    public final int[] src4Port = new int[COUNT];

    private FlatKeys(int flows) {
        flowSrc6Low = new long[flows];
        flowSrc6Port = new int[flows];
        flowDst4 = new int[flows];
        flowSrc4Addr = new int[flows];
        flowSrc4Port = new int[flows];
    }

    /** {@code flows} flows to {@code servers} servers, masks from {@code seed}, keys drawn with {@code seed}. */
    public static FlatKeys draw(int flows, int servers, long seed) {
        if (flows < 1 || flows > 64 * 65535 / 2 || servers < 1 || servers > 254) {
            throw new IllegalArgumentException("flows " + flows + " or servers " + servers + " out of range");
        }
        FlatKeys keys = new FlatKeys(flows);
        SplittableRandom masks = new SplittableRandom(~seed);
        BitSet taken = new BitSet(64 * 65536);
        for (int b = 0; b < flows; b++) {
            keys.flowSrc6Low[b] = b / PORTS_PER_CLIENT + 1L;
            keys.flowSrc6Port[b] = 32768 + b % PORTS_PER_CLIENT;
            keys.flowDst4[b] = SERVER_NET | (1 + b % servers);
            int mask;
            do {
                mask = masks.nextInt(64) << 16 | (1 + masks.nextInt(65535));
            } while (taken.get(mask));
            taken.set(mask);
            keys.flowSrc4Addr[b] = POOL4_NET | mask >>> 16;
            keys.flowSrc4Port[b] = mask & 0xffff;
        }
        SplittableRandom random = new SplittableRandom(seed);
        skipShuffle(flows, random);
        for (int k = 0; k < COUNT; k++) {
            int b = random.nextInt(flows);
            keys.src6Low[k] = keys.flowSrc6Low[b];
            keys.src6Port[k] = keys.flowSrc6Port[b];
            keys.dst4[k] = keys.flowDst4[b];
            keys.src4Addr[k] = keys.flowSrc4Addr[b];
            keys.src4Port[k] = keys.flowSrc4Port[b];
        }
        return keys;
    }

    /** Draws what {@code LookupKeys} draws for its Zipf ranks before the keys, so that the same flows follow. */
    private static void skipShuffle(int n, SplittableRandom random) {
        for (int i = n - 1; i > 0; i--) {
            random.nextInt(i + 1);
        }
    }
}
