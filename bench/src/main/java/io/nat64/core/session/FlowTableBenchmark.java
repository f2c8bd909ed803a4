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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code TcpLookupBenchmark}'s work on core's {@link FlowTable} (which is package-private: this class lives in
 * core's package, on the bench module's class path): ACKs of existing ESTABLISHED sessions from either side
 * among {@code sessions} drawn uniformly (the same {@link FlatKeys}), each on the EST queue; per packet a
 * lookup, a state step, the refresh of update time and state, the mapping written out. The bursts read ahead
 * in two stages (each packet's first line, then the slot its index entry names, probing one step further). Not final: JMH subclasses it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-XX:+UseTransparentHugePages"})
public class FlowTableBenchmark {
    /** Packets per call of the burst variants, as core's benchmarks. */
    static final int BURST = 64;

    private static final int ESTABLISHED = TcpState.ESTABLISHED.code();
    private static final int V6_INIT = TcpState.V6_INIT.code();
    private static final int V4_INIT = TcpState.V4_INIT.code();
    private static final int V4_FIN_RCV = TcpState.V4_FIN_RCV.code();
    private static final int V6_FIN_RCV = TcpState.V6_FIN_RCV.code();
    private static final int V4_FIN_V6_FIN_RCV = TcpState.V4_FIN_V6_FIN_RCV.code();
    private static final int TRANS = TcpState.TRANS.code();

    static final int DROP = 0;
    static final int TRANSLATE = 1;

    private static final long START = 1_000_000L;
    private static final long CLOCK_START = START + 1_000;

    @Param("1000000")
    int sessions;

    @Param("254")
    int servers;

    /** Packets read ahead together in the burst variants (a divisor of {@link #BURST}). */
    @Param("16")
    int burstSize;

    long outSrc6High;
    long outSrc6Low;
    int outSrc6Port;
    int outSrc4Addr;
    int outSrc4Port;

    FlowTable table;
    FlatKeys keys;
    long packets;

    private final boolean[] from6 = new boolean[BURST];
    private final long[] hash = new long[BURST];
    private final int[] first = new int[BURST];
    private final int[] key = new int[BURST];

    @Setup(Level.Trial)
    public void fill() {
        table = new FlowTable(sessions, 0x6e61743634L);
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
                    START,
                    FlowTable.NIL);
            if (s < 0) {
                throw new IllegalStateException("flow " + b + " not inserted: " + s);
            }
            table.append(s, TimerType.EST.code());
        }
        for (int k = 0; k < FlatKeys.COUNT; k++) {
            if (ack6At(lookup6(k), START) != TRANSLATE || ack4At(lookup4(k), START) != TRANSLATE) {
                throw new IllegalStateException("key " + k + " not found");
            }
        }
    }

    @TearDown(Level.Trial)
    public void nothingCreated() {
        if (table.size() != sessions || table.queueSize(TimerType.EST.code()) != sessions) {
            throw new IllegalStateException(table.size() + " sessions, expected " + sessions);
        }
    }

    @Benchmark
    public int tcp6Ack() {
        int k = nextKey();
        return ack6At(lookup6(k), now()) + outSrc4Port;
    }

    @Benchmark
    public int tcp4Ack() {
        int k = nextKey();
        return ack4At(lookup4(k), now()) + outSrc6Port;
    }

    /** {@link #tcp6Ack} a burst of {@link #burstSize} at a time, read ahead in two stages first. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long tcp6AckBurst() {
        return bursts(true);
    }

    /** {@link #tcp4Ack} a burst of {@link #burstSize} at a time, read ahead in two stages first. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long tcp4AckBurst() {
        return bursts(false);
    }

    private long bursts(boolean v6) {
        long sink = 0;
        FlowTable t = table;
        FlatKeys ks = keys;
        for (int b = 0; b < BURST; b += burstSize) {
            int k0 = (int) (packets & (FlatKeys.COUNT - 1));
            for (int i = 0; i < burstSize; i++) {
                int k = (k0 + i) & (FlatKeys.COUNT - 1);
                key[i] = k;
                from6[i] = v6;
                hash[i] = v6
                        ? t.hash6(FlatKeys.SRC6_HIGH, ks.src6Low[k], ks.src6Port[k], ks.dst4[k], FlatKeys.SERVER_PORT)
                        : t.hash4(ks.src4Addr[k], ks.src4Port[k], ks.dst4[k], FlatKeys.SERVER_PORT);
            }
            sink += readAhead(burstSize);
            for (int i = 0; i < burstSize; i++) {
                nextKey();
                int k = key[i];
                if (v6) {
                    int s = t.lookup6(
                            hash[i],
                            FlatKeys.SRC6_HIGH,
                            ks.src6Low[k],
                            ks.src6Port[k],
                            ks.dst4[k],
                            FlatKeys.SERVER_PORT);
                    sink += ack6At(s, now()) + outSrc4Port;
                } else {
                    int s = t.lookup4(hash[i], ks.src4Addr[k], ks.src4Port[k], ks.dst4[k], FlatKeys.SERVER_PORT);
                    sink += ack4At(s, now()) + outSrc6Port;
                }
            }
        }
        return sink;
    }

    /** The read-ahead: stage 1 each packet's index line, stage 2 the slot its index entry names. */
    private long readAhead(int n) {
        FlowTable t = table;
        int indexCapacity = t.indexCapacity();
        long sink = 0;
        for (int i = 0; i < n; i++) {
            int at = FlowTable.home(hash[i], indexCapacity);
            first[i] = at;
            sink += from6[i] ? t.touchIndex6(at) : t.touchIndex4(at);
        }
        for (int i = 0; i < n; i++) {
            sink += t.touchSlot(slotOfIndex(from6[i] ? t.index6Array() : t.index4Array(), first[i], hash[i]));
        }
        return sink;
    }

    /**
     * The slot of the first of index entries {@code i} and {@code i + 1} (of {@code idx}, a table's IPv6 or IPv4
     * index) whose fingerprint is {@code hash}'s (the second's if neither; slot 0 if empty): a read-ahead's second
     * stage, with a branch on the fingerprint.
     */
    static int slotOfIndex(long[] idx, int i, long hash) {
        long e = idx[i];
        if ((e ^ hash) >>> 32 != 0) {
            e = idx[i + 1 == idx.length ? 0 : i + 1];
        }
        return Math.max(0, (int) e - 1);
    }

    private int lookup6(int k) {
        return table.lookup6(FlatKeys.SRC6_HIGH, keys.src6Low[k], keys.src6Port[k], keys.dst4[k], FlatKeys.SERVER_PORT);
    }

    private int lookup4(int k) {
        return table.lookup4(keys.src4Addr[k], keys.src4Port[k], keys.dst4[k], FlatKeys.SERVER_PORT);
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

    /** A bare ACK's step (RFC 6146 3.5.2.2), refreshed in place as core's BibTable.refresh does. */
    private boolean ack(int s, long now) {
        int state = table.state(s);
        if (state == ESTABLISHED || state == V4_FIN_RCV || state == V6_FIN_RCV) {
            refreshInPlace(s, now, state);
            return true;
        }
        if (state == TRANS) {
            refreshInPlace(s, now, ESTABLISHED);
            return true;
        }
        return state == V4_INIT || state == V6_INIT || state == V4_FIN_V6_FIN_RCV;
    }

    /** Update time, state and {@code inPlace} (the session stays where it is in its queue). */
    private void refreshInPlace(int s, long now, int state) {
        long ahead = now - table.position(s);
        table.refresh(s, now, state);
        table.setInPlace(s, (int) ahead);
    }

    int nextKey() {
        return (int) (packets++ & (FlatKeys.COUNT - 1));
    }

    long now() {
        return CLOCK_START + (packets >>> 13);
    }
}
