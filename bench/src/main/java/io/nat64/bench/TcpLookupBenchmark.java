package io.nat64.bench;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.BibTable;
import io.nat64.core.session.Verdict;
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

/**
 * An ACK of an existing ESTABLISHED TCP flow, from either side, in a table of {@code sessions} sessions (one
 * per BIB entry), flows drawn at random: lookup, state-machine step and EST timer refresh (move to the queue
 * tail), as every packet pays, on a clock that advances with the packets. Not final: JMH subclasses benchmark
 * classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-XX:+UseTransparentHugePages"})
public class TcpLookupBenchmark extends LookupBench {
    /** Only a stored simultaneous-open SYN is copied from the packet; an ACK never is. */
    private static final byte[] NO_PACKET = new byte[0];

    @Setup(Level.Trial)
    public void fill() {
        fill(L4Protocol.TCP);
        for (int k = 0; k < LookupKeys.COUNT; k++) {
            Flows.expect(ack6(k, BibTable.NO_HINT));
        }
    }

    @Benchmark
    public int tcp6Ack() {
        int k = nextKey();
        return ack6(k, BibTable.NO_HINT).ordinal() + mapping.src4Port();
    }

    @Benchmark
    public int tcp4Ack() {
        return tcp4Ack(BibTable.NO_HINT);
    }

    private int tcp4Ack(long hint) {
        int k = nextKey();
        Verdict v = table.tcp4(
                hint,
                keys.src4Addr[k],
                keys.src4Port[k],
                keys.dst4[k],
                Flows.SERVER_PORT,
                Flows.ACK4,
                NO_PACKET,
                0,
                0,
                now(),
                mapping);
        return v.ordinal() + mapping.src6Port();
    }

    /** The same as {@link #tcp6Ack}, a burst of {@link #BURST} at a time, read ahead in stages first ({@link io.nat64.core.session.BurstPrefetch}), whose hashes are the lookups' hints. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long tcp6AckBurst() {
        long sink = 0;
        for (int b = 0; b < BURST; b += burstSize) {
            sink += readAhead6();
            for (int i = 0; i < burstSize; i++) {
                sink += ack6(nextKey(), burst.hash(i)).ordinal() + mapping.src4Port();
            }
        }
        return sink;
    }

    /** The same as {@link #tcp4Ack}, a burst of {@link #BURST} at a time, read ahead in stages first ({@link io.nat64.core.session.BurstPrefetch}), whose hashes are the lookups' hints. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long tcp4AckBurst() {
        long sink = 0;
        for (int b = 0; b < BURST; b += burstSize) {
            sink += readAhead4();
            for (int i = 0; i < burstSize; i++) {
                sink += tcp4Ack(burst.hash(i));
            }
        }
        return sink;
    }

    private Verdict ack6(int k, long hint) {
        return ack6(table, keys, k, hint);
    }
}
