package io.nat64.bench;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.BibTable;
import io.nat64.core.session.BurstPrefetch;
import io.nat64.core.session.Mapping;
import io.nat64.core.session.SessionListener;
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
 * 1,000,000 new IPv6 SYN flows into an empty TCP table, each a new BIB entry (a pool4 mask allocated by RFC 6056
 * algorithm 3) and a V6_INIT session; one single shot per iteration, on a fresh table, and the score is the
 * time per creation. Not final: JMH subclasses benchmark classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-XX:+UseTransparentHugePages"})
public class TcpCreationBenchmark {
    static final int CREATIONS = 1_000_000;

    private final Mapping mapping = new Mapping();
    private final BurstPrefetch burst = new BurstPrefetch();
    private BibTable table;

    /**
     * A fresh table (pool4's next_ephemeral restarts too) and a collected heap, so every shot starts alike;
     * the shot still pays the young collections its own allocations cause.
     */
    @Setup(Level.Iteration)
    public void freshTable() {
        table = Flows.newDb(SessionListener.NONE).table(L4Protocol.TCP);
        System.gc();
    }

    @TearDown(Level.Iteration)
    public void allCreated() {
        Flows.expectCounts(table, CREATIONS, CREATIONS);
    }

    @Benchmark
    @OperationsPerInvocation(CREATIONS)
    public int syn6() {
        int translated = 0;
        for (int b = 0; b < CREATIONS; b++) {
            translated +=
                    Flows.syn6(table, b, Flows.dst4(b, 0), Flows.START, mapping).ordinal();
        }
        return translated;
    }

    /** The same creations, {@link LookupBench#BURST} at a time, each burst read ahead first ({@link BurstPrefetch}). */
    @Benchmark
    @OperationsPerInvocation(CREATIONS)
    public long syn6Burst() {
        long sink = 0;
        for (int b0 = 0; b0 < CREATIONS; b0 += LookupBench.BURST) {
            int end = Math.min(CREATIONS, b0 + LookupBench.BURST);
            for (int b = b0; b < end; b++) {
                burst.add6(
                        table,
                        Flows.SRC6_HIGH,
                        Flows.src6Low(b),
                        Flows.src6Port(b),
                        Flows.dst4(b, 0),
                        Flows.SERVER_PORT);
            }
            sink ^= burst.run();
            for (int b = b0; b < end; b++) {
                sink += Flows.syn6(table, b, Flows.dst4(b, 0), Flows.START, mapping)
                        .ordinal();
            }
        }
        return sink;
    }
}
