package io.nat64.bench.flat;

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
 * {@code TcpLookupBenchmark}'s ACKs on a {@link FlatFlowTable}: an ACK of an existing ESTABLISHED flow, from
 * either side, among {@code sessions} flows drawn uniformly; per packet a lookup, a state step, the refresh
 * of the update time and the mapping written out, on a clock that advances 1 ms per 8192 packets. Not final:
 * JMH subclasses benchmark classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-XX:+UseTransparentHugePages"})
public class FlatLookupBenchmark {
    /** Packets per call of the burst variants, as core's benchmarks. */
    static final int BURST = FlatBurst.CAPACITY;

    static final int CLOSED = 0;
    static final int V4_INIT = 1;
    static final int V6_INIT = 2;
    static final int ESTABLISHED = 3;
    static final int V4_FIN_RCV = 4;
    static final int V6_FIN_RCV = 5;
    static final int V4_FIN_V6_FIN_RCV = 6;
    static final int TRANS = 7;

    static final int DROP = 0;
    static final int TRANSLATE = 1;

    private static final long START = 1_000_000L;
    private static final long CLOCK_START = START + 1_000;

    @Param("1000000")
    int sessions;

    @Param("254")
    int servers;

    /** Flows per slot: the table has {@code sessions / load} slots (and as many IPv4 index entries). */
    @Param("0.5")
    double load;

    /** Packets read ahead together in the burst variants (a divisor of {@link #BURST}). */
    @Param("16")
    int burstSize;

    /** Whether the read-ahead's stage 2 probes one step further when the first line holds another flow. */
    @Param("true")
    boolean probeAhead;

    /** The translated addresses, as core's {@code Mapping}. */
    long outSrc6High;

    long outSrc6Low;
    int outSrc6Port;
    int outSrc4Addr;
    int outSrc4Port;

    FlatFlowTable table;
    FlatBurst burst;
    FlatKeys keys;
    long packets;

    @Setup(Level.Trial)
    public void fill() {
        table = new FlatFlowTable((int) Math.ceil(sessions / load), 0x6e61743634L);
        burst = new FlatBurst(table, probeAhead);
        keys = FlatKeys.draw(sessions, servers, 42);
        for (int b = 0; b < sessions; b++) {
            int s = table.insert(
                    FlatKeys.SRC6_HIGH,
                    keys.flowSrc6Low[b],
                    keys.flowSrc6Port[b],
                    keys.flowDst4[b],
                    FlatKeys.SERVER_PORT,
                    keys.flowSrc4Addr[b],
                    keys.flowSrc4Port[b],
                    ESTABLISHED,
                    START);
            if (s < 0) {
                throw new IllegalStateException("flow " + b + " not inserted: " + s);
            }
        }
        for (int k = 0; k < FlatKeys.COUNT; k++) {
            if (ack6(k, START) != TRANSLATE || ack4(k, START) != TRANSLATE) {
                throw new IllegalStateException("key " + k + " not found");
            }
        }
    }

    @TearDown(Level.Trial)
    public void nothingCreated() {
        if (table.size() != sessions) {
            throw new IllegalStateException(table.size() + " flows, expected " + sessions);
        }
    }

    @Benchmark
    public int tcp6Ack() {
        int k = nextKey();
        return ack6(k, now()) + outSrc4Port;
    }

    @Benchmark
    public int tcp4Ack() {
        int k = nextKey();
        return ack4(k, now()) + outSrc6Port;
    }

    /** {@link #tcp6Ack} a burst of {@link #burstSize} at a time, read ahead in stages first ({@link FlatBurst}). */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long tcp6AckBurst() {
        long sink = 0;
        for (int b = 0; b < BURST; b += burstSize) {
            int k0 = (int) (packets & (FlatKeys.COUNT - 1));
            for (int i = 0; i < burstSize; i++) {
                int k = (k0 + i) & (FlatKeys.COUNT - 1);
                burst.add6(FlatKeys.SRC6_HIGH, keys.src6Low[k], keys.src6Port[k], keys.dst4[k], FlatKeys.SERVER_PORT);
            }
            sink += burst.run();
            for (int i = 0; i < burstSize; i++) {
                nextKey();
                sink += ack6At(burst.lookup6(i), now()) + outSrc4Port;
            }
            burst.clear();
        }
        return sink;
    }

    /** {@link #tcp4Ack} a burst of {@link #burstSize} at a time, read ahead in stages first ({@link FlatBurst}). */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long tcp4AckBurst() {
        long sink = 0;
        for (int b = 0; b < BURST; b += burstSize) {
            int k0 = (int) (packets & (FlatKeys.COUNT - 1));
            for (int i = 0; i < burstSize; i++) {
                int k = (k0 + i) & (FlatKeys.COUNT - 1);
                burst.add4(keys.src4Addr[k], keys.src4Port[k], keys.dst4[k], FlatKeys.SERVER_PORT);
            }
            sink += burst.run();
            for (int i = 0; i < burstSize; i++) {
                nextKey();
                sink += ack4At(burst.lookup4(i), now()) + outSrc6Port;
            }
            burst.clear();
        }
        return sink;
    }

    private int ack6(int k, long now) {
        return ack6At(
                table.lookup6(
                        FlatKeys.SRC6_HIGH, keys.src6Low[k], keys.src6Port[k], keys.dst4[k], FlatKeys.SERVER_PORT),
                now);
    }

    private int ack4(int k, long now) {
        return ack4At(table.lookup4(keys.src4Addr[k], keys.src4Port[k], keys.dst4[k], FlatKeys.SERVER_PORT), now);
    }

    private int ack6At(int s, long now) {
        if (s < 0 || !ack(s, now)) {
            return DROP;
        }
        outSrc4Addr = table.src4Addr(s);
        outSrc4Port = table.src4Port(s);
        return TRANSLATE;
    }

    private int ack4At(int s, long now) {
        if (s < 0 || !ack(s, now)) {
            return DROP;
        }
        outSrc6High = table.src6High(s);
        outSrc6Low = table.src6Low(s);
        outSrc6Port = table.src6Port(s);
        return TRANSLATE;
    }

    /** A bare ACK's step (RFC 6146 3.5.2.2), refresh included; whether it is translated. */
    private boolean ack(int s, long now) {
        int state = table.state(s);
        switch (state) {
            case ESTABLISHED:
            case V4_FIN_RCV:
            case V6_FIN_RCV:
                table.refresh(s, now, state);
                return true;
            case TRANS:
                table.refresh(s, now, ESTABLISHED);
                return true;
            case V4_INIT:
            case V6_INIT:
            case V4_FIN_V6_FIN_RCV:
                return true;
            default:
                return false;
        }
    }

    int nextKey() {
        return (int) (packets++ & (FlatKeys.COUNT - 1));
    }

    long now() {
        return CLOCK_START + (packets >>> 13);
    }
}
