package io.nat64.bench;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.BibTable;
import io.nat64.core.session.BurstPrefetch;
import io.nat64.core.session.Mapping;
import io.nat64.core.session.SessionListener;
import io.nat64.core.session.Verdict;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

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
public class UdpLookupBenchmark {
    /** The clock starts a second after the flows opened and advances 1 ms per 8192 packets (an 8 Mpps link). */
    private static final long CLOCK_START = Flows.START + 1_000;

    @Param("1000000")
    int sessions;

    /** How many IPv4 servers the flows talk to (1 to 254): 1 is every client on one popular server. */
    @Param("254")
    int servers;

    /**
     * How flows share the packets: 0 draws them uniformly (the worst case: every packet a likely cache miss),
     * above 0 by a Zipf law of that exponent (about 1 in measured traffic: a few flows carry most packets).
     */
    @Param("0")
    double skew;

    /** Packets per burst in the burst variants, as a data plane reads them from its device. */
    static final int BURST = 16;

    private final Mapping mapping = new Mapping();
    private final BurstPrefetch burst = new BurstPrefetch();
    private BibTable table;
    private LookupKeys keys;
    private long packets;

    @Setup(Level.Trial)
    public void fill() {
        table = Flows.newDb(SessionListener.NONE).table(L4Protocol.UDP);
        keys = LookupKeys.fill(table, sessions, servers, skew, 42);
    }

    @TearDown(Level.Trial)
    public void nothingCreated() {
        Flows.expectCounts(table, sessions, sessions);
    }

    @Benchmark
    public int udp6() {
        int k = nextKey();
        Verdict v = table.udpIcmp6(
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
        int k = nextKey();
        Verdict v = table.udpIcmp4(keys.src4Addr[k], keys.src4Port[k], keys.dst4[k], Flows.SERVER_PORT, now(), mapping);
        return v.ordinal() + mapping.src6Port();
    }

    /** The same as {@link #udp6}, a burst of {@link #BURST} at a time, read ahead in stages first ({@link BurstPrefetch}). */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long udp6Burst() {
        int k0 = (int) (packets & (LookupKeys.COUNT - 1));
        for (int i = 0; i < BURST; i++) {
            int k = (k0 + i) & (LookupKeys.COUNT - 1);
            burst.add6(table, Flows.SRC6_HIGH, keys.src6Low[k], keys.src6Port[k], keys.dst4[k], Flows.SERVER_PORT);
        }
        long sink = burst.run();
        for (int i = 0; i < BURST; i++) {
            sink += udp6();
        }
        return sink;
    }

    /** The same as {@link #udp4}, a burst of {@link #BURST} at a time, read ahead in stages first ({@link BurstPrefetch}). */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long udp4Burst() {
        int k0 = (int) (packets & (LookupKeys.COUNT - 1));
        for (int i = 0; i < BURST; i++) {
            int k = (k0 + i) & (LookupKeys.COUNT - 1);
            burst.add4(table, keys.src4Addr[k], keys.src4Port[k], keys.dst4[k], Flows.SERVER_PORT);
        }
        long sink = burst.run();
        for (int i = 0; i < BURST; i++) {
            sink += udp4();
        }
        return sink;
    }

    private int nextKey() {
        return (int) (packets++ & (LookupKeys.COUNT - 1));
    }

    private long now() {
        return CLOCK_START + (packets >>> 13);
    }
}
