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
 * A datagram of an existing UDP flow, from either side, in a table of {@code sessions} sessions (one per BIB
 * entry), flows drawn at random: lookup and timer refresh, on a clock that advances with the packets. Not final: JMH subclasses benchmark classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-XX:+UseTransparentHugePages"})
public class UdpLookupBenchmark extends LookupBench {

    @Setup(Level.Trial)
    public void fill() {
        fill(L4Protocol.UDP);
    }

    @Benchmark
    public int udp6() {
        return udp6(BibTable.NO_HINT);
    }

    private int udp6(long hint) {
        int k = nextKey();
        Verdict v = table.udpIcmp6(
                hint,
                Flows.SRC6_HIGH,
                keys.src6Low[k],
                keys.src6Port[k],
                Flows.DST6_HIGH,
                keys.dst6Low[k],
                keys.dst4[k],
                Flows.SERVER_PORT,
                now(),
                mapping);
        return v.ordinal() + mapping.src4Port();
    }

    @Benchmark
    public int udp4() {
        return udp4(BibTable.NO_HINT);
    }

    private int udp4(long hint) {
        int k = nextKey();
        return datagram4(table, keys, k, hint).ordinal() + mapping.src6Port();
    }

    /** The same as {@link #udp6}, a burst of {@link #BURST} at a time, read ahead in stages first ({@link io.nat64.core.session.BurstPrefetch}), whose hashes are the lookups' hints. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long udp6Burst() {
        long sink = 0;
        for (int b = 0; b < BURST; b += burstSize) {
            sink += readAhead6();
            for (int i = 0; i < burstSize; i++) {
                sink += udp6(burst.hash(i));
            }
        }
        return sink;
    }

    /** The same as {@link #udp4}, a burst of {@link #BURST} at a time, read ahead in stages first ({@link io.nat64.core.session.BurstPrefetch}), whose hashes are the lookups' hints. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long udp4Burst() {
        long sink = 0;
        for (int b = 0; b < BURST; b += burstSize) {
            sink += readAhead4();
            for (int i = 0; i < burstSize; i++) {
                sink += udp4(burst.hash(i));
            }
        }
        return sink;
    }
}
