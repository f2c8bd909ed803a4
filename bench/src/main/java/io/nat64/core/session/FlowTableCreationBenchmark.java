package io.nat64.core.session;

import io.nat64.bench.flat.FlatKeys;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Session creation in core's {@link FlowTable}: insert (both sides' keys checked absent) and append to the EST
 * queue. {@link #fill}: 1,000,000 sessions into an emptied table in one shot per iteration, as {@code
 * TcpCreationBenchmark} does for core's object tables; {@link #createAndExpire}: at a steady 1,000,000, each
 * operation removes the oldest session (the EST queue's head) and creates one. Flows and masks from {@link
 * FlatKeys} (distinct masks: one BIB entry per session). Not final: JMH subclasses it.
 */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-XX:+UseTransparentHugePages"})
public class FlowTableCreationBenchmark {
    static final int CREATIONS = 1_000_000;

    private static final int EST = TimerType.EST.code();
    private static final int V6_INIT = TcpState.V6_INIT.code();
    private static final long START = 1_000_000L;

    /** A table of {@link #CREATIONS} slots, and twice as many flows to create. */
    @State(Scope.Thread)
    public static class Tables {
        FlowTable table;
        FlatKeys keys;
        int flows;
        long next;

        void allocate() {
            table = new FlowTable(CREATIONS, 0x6e61743634L);
            flows = 2 * CREATIONS;
            keys = FlatKeys.draw(flows, 254, 42);
        }

        /** Inserts the next flow (the one a million older has left) and queues it on EST. */
        int create() {
            int b = (int) (next++ % flows);
            FlatKeys k = keys;
            int s = table.insert(
                    FlatKeys.SRC6_HIGH,
                    k.flowSrc6Low[b],
                    k.flowSrc6Port[b],
                    k.flowDst4[b],
                    FlatKeys.SERVER_PORT,
                    k.flowSrc4Addr[b],
                    k.flowSrc4Port[b],
                    V6_INIT,
                    START + (next >>> 10),
                    FlowTable.NIL);
            if (s < 0) {
                throw new IllegalStateException("flow " + b + " not inserted: " + s);
            }
            table.append(s, EST);
            return s;
        }

        void checkFull() {
            if (table.size() != CREATIONS || table.queueSize(EST) != CREATIONS) {
                throw new IllegalStateException(table.size() + " sessions after " + next + " creations");
            }
        }
    }

    /** An emptied table for each shot of {@link #fill}. */
    public static class Empty extends Tables {
        @Setup(Level.Trial)
        public void trial() {
            allocate();
        }

        @Setup(Level.Iteration)
        public void reset() {
            table.clear();
            next = 0;
            System.gc();
        }

        @TearDown(Level.Iteration)
        public void check() {
            checkFull();
        }
    }

    /** The table filled once with the first {@link #CREATIONS} flows for {@link #createAndExpire}. */
    public static class Full extends Tables {
        @Setup(Level.Trial)
        public void fill() {
            allocate();
            for (int i = 0; i < CREATIONS; i++) {
                create();
            }
        }

        @TearDown(Level.Iteration)
        public void check() {
            checkFull();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OperationsPerInvocation(CREATIONS)
    public int fill(Empty t) {
        int sink = 0;
        for (int i = 0; i < CREATIONS; i++) {
            sink += t.create();
        }
        return sink;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public int createAndExpire(Full t) {
        t.table.remove(t.table.head(EST));
        return t.create();
    }
}
