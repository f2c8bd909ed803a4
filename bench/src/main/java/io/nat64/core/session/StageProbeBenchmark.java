package io.nat64.core.session;

import io.nat64.bench.flat.FlatKeys;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What each stage of a burst's read-ahead costs alone, on {@link FlowTableBenchmark}'s table: the index lines only,
 * both stages (with the branch on the index entry's fingerprint, without it, or choosing by arithmetic), both stages
 * and the lookups, and the same with bursts pipelined. Diagnostics for docs/benchmarks.md, not a target. Each
 * variant writes its loops out rather than passing a stage as a function, so that each compiles to its own straight
 * loop of loads, as the read-ahead it stands for.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StageProbeBenchmark extends FlowTableBenchmark {
    private final long[] h = new long[64];
    private final int[] f = new int[64];
    private long p;
    /** The hashes and home entries of a whole call, for the pipelined variant. */
    private final long[] h2 = new long[128];

    private final int[] f2 = new int[128];

    private void hashes(int n) {
        FlowTable t = table;
        FlatKeys ks = keys;
        int k0 = (int) (p & (FlatKeys.COUNT - 1));
        for (int i = 0; i < n; i++) {
            int k = (k0 + i) & (FlatKeys.COUNT - 1);
            h[i] = t.hash6(FlatKeys.SRC6_HIGH, ks.src6Low[k], ks.src6Port[k], ks.dst4[k], FlatKeys.SERVER_PORT);
        }
        p += n;
    }

    /** The next burst's hashes, then stage 1: each packet's index line (its home entry in {@link #f}). */
    private long stage1(FlowTable t, int cap) {
        hashes(burstSize);
        long sink = 0;
        for (int i = 0; i < burstSize; i++) {
            int at = FlowTable.home(h[i], cap);
            f[i] = at;
            sink += t.touchIndex6(at);
        }
        return sink;
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public long stage1Only() {
        long sink = 0;
        FlowTable t = table;
        int cap = t.indexCapacity();
        for (int b = 0; b < BURST; b += burstSize) {
            sink += stage1(t, cap);
        }
        return sink;
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public long stages12() {
        long sink = 0;
        FlowTable t = table;
        int cap = t.indexCapacity();
        for (int b = 0; b < BURST; b += burstSize) {
            sink += stage1(t, cap);
            for (int i = 0; i < burstSize; i++) {
                sink += t.touchSlot(slotOfIndex(t.index6Array(), f[i], h[i]));
            }
        }
        return sink;
    }

    /** Stage 2 with no branch on the index entry: always the home entry's slot. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long stages12NoBranch() {
        long sink = 0;
        FlowTable t = table;
        int cap = t.indexCapacity();
        for (int b = 0; b < BURST; b += burstSize) {
            sink += stage1(t, cap);
            for (int i = 0; i < burstSize; i++) {
                sink += t.touchSlot(Math.max(0, (int) t.touchIndex6(f[i]) - 1));
            }
        }
        return sink;
    }

    /** The lookups alone (probe and key compare), after both stages. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long stagesAndLookups() {
        long sink = 0;
        FlowTable t = table;
        FlatKeys ks = keys;
        int cap = t.indexCapacity();
        for (int b = 0; b < BURST; b += burstSize) {
            int k0 = (int) (p & (FlatKeys.COUNT - 1));
            sink += stage1(t, cap);
            for (int i = 0; i < burstSize; i++) {
                sink += t.touchSlot(slotOfIndex(t.index6Array(), f[i], h[i]));
            }
            for (int i = 0; i < burstSize; i++) {
                int k = (k0 + i) & (FlatKeys.COUNT - 1);
                sink += t.lookup6(
                        h[i], FlatKeys.SRC6_HIGH, ks.src6Low[k], ks.src6Port[k], ks.dst4[k], FlatKeys.SERVER_PORT);
            }
        }
        return sink;
    }

    /**
     * Bursts pipelined: one loop reads the index lines of burst k + 1 and the slots of burst k (whose index lines
     * arrived while burst k - 1 was processed), then burst k is looked up.
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long pipelinedLookups() {
        long sink = 0;
        FlowTable t = table;
        FlatKeys ks = keys;
        int cap = t.indexCapacity();
        int n = burstSize;
        int bursts = BURST / n;
        long k0 = p;
        // the hashes of every packet of the call (as a batch's would be), then stage 1 of burst 0
        for (int i = 0; i < BURST + n; i++) {
            int k = (int) ((k0 + i) & (FlatKeys.COUNT - 1));
            h2[i] = t.hash6(FlatKeys.SRC6_HIGH, ks.src6Low[k], ks.src6Port[k], ks.dst4[k], FlatKeys.SERVER_PORT);
            f2[i] = FlowTable.home(h2[i], cap);
        }
        for (int i = 0; i < n; i++) {
            sink += t.touchIndex6(f2[i]);
        }
        for (int b = 0; b < bursts; b++) {
            int at = b * n;
            int next = at + n;
            for (int i = 0; i < n; i++) {
                sink += t.touchIndex6(f2[next + i]);
                sink += t.touchSlot(slotOfIndex(t.index6Array(), f2[at + i], h2[at + i]));
            }
            for (int i = 0; i < n; i++) {
                int k = (int) ((k0 + at + i) & (FlatKeys.COUNT - 1));
                sink += t.lookup6(
                        h2[at + i],
                        FlatKeys.SRC6_HIGH,
                        ks.src6Low[k],
                        ks.src6Port[k],
                        ks.dst4[k],
                        FlatKeys.SERVER_PORT);
            }
        }
        p += BURST;
        return sink;
    }

    /** Stage 2 choosing between the home entry and the next one by arithmetic, not by a branch. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long stages12Select() {
        long sink = 0;
        FlowTable t = table;
        int cap = t.indexCapacity();
        for (int b = 0; b < BURST; b += burstSize) {
            sink += stage1(t, cap);
            for (int i = 0; i < burstSize; i++) {
                int at = f[i];
                long e0 = t.touchIndex6(at);
                long e1 = t.touchIndex6(at + 1 == cap ? 0 : at + 1);
                long d = (e0 ^ h[i]) & 0xffff_ffff_0000_0000L;
                long m = (d | -d) >> 63;
                long e = (e0 & ~m) | (e1 & m);
                sink += t.touchSlot(Math.max(0, (int) e - 1));
            }
        }
        return sink;
    }

    private final int[] slotOf = new int[64];

    /**
     * Stage 2 split in two loops: the slot numbers first (waiting on stage 1's lines, no new miss), then a loop of
     * nothing but the slot loads, short enough that all of a burst's loads fit the processor's window at once.
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long stages12Split() {
        long sink = 0;
        FlowTable t = table;
        int cap = t.indexCapacity();
        for (int b = 0; b < BURST; b += burstSize) {
            sink += stage1(t, cap);
            for (int i = 0; i < burstSize; i++) {
                slotOf[i] = slotOfIndex(t.index6Array(), f[i], h[i]);
            }
            for (int i = 0; i < burstSize; i++) {
                sink += t.touchSlot(slotOf[i]);
            }
        }
        return sink;
    }

    /** {@link #stages12Split}, then the lookups. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long stagesSplitAndLookups() {
        long sink = 0;
        FlowTable t = table;
        FlatKeys ks = keys;
        int cap = t.indexCapacity();
        for (int b = 0; b < BURST; b += burstSize) {
            int k0 = (int) (p & (FlatKeys.COUNT - 1));
            sink += stage1(t, cap);
            for (int i = 0; i < burstSize; i++) {
                slotOf[i] = slotOfIndex(t.index6Array(), f[i], h[i]);
            }
            for (int i = 0; i < burstSize; i++) {
                sink += t.touchSlot(slotOf[i]);
            }
            for (int i = 0; i < burstSize; i++) {
                int k = (k0 + i) & (FlatKeys.COUNT - 1);
                sink += t.lookup6(
                        h[i], FlatKeys.SRC6_HIGH, ks.src6Low[k], ks.src6Port[k], ks.dst4[k], FlatKeys.SERVER_PORT);
            }
        }
        return sink;
    }
}
