package io.nat64.bench;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.BibTable;
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
 * Bursts that mix protocols and sides, as a data plane's do: every other packet a TCP ACK from IPv6, the others UDP
 * from IPv4, over a TCP table and a UDP table of {@code sessions} flows each, read ahead together (one burst, two
 * tables). Beside {@link TcpLookupBenchmark#tcp6AckBurst} and {@link UdpLookupBenchmark#udp4Burst}, it shows what
 * a burst spread over several tables costs. Not final: JMH subclasses benchmark classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch", "-XX:+UseTransparentHugePages"})
public class MixedLookupBenchmark extends LookupBench {
    private BibTable udp;
    private LookupKeys udpKeys;

    @Setup(Level.Trial)
    public void fill() {
        fill(L4Protocol.TCP);
        udp = Flows.newDb(SessionListener.NONE).table(L4Protocol.UDP);
        udpKeys = LookupKeys.fill(udp, sessions, servers, skew, 43);
    }

    @TearDown(Level.Trial)
    public void noUdpSessionCreated() {
        Flows.expectCounts(udp, sessions, sessions);
    }

    /** TCP from IPv6 and UDP from IPv4 in turn, {@link #burstSize} packets read ahead at a time. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long mixedBurst() {
        long sink = 0;
        for (int b = 0; b < BURST; b += burstSize) {
            int k0 = (int) (packets & (LookupKeys.COUNT - 1));
            for (int i = 0; i < burstSize; i++) {
                int k = (k0 + i) & (LookupKeys.COUNT - 1);
                if ((i & 1) == 0) {
                    burst.add6(
                            table, Flows.SRC6_HIGH, keys.src6Low[k], keys.src6Port[k], keys.dst4[k], Flows.SERVER_PORT);
                } else {
                    burst.add4(udp, udpKeys.src4Addr[k], udpKeys.src4Port[k], udpKeys.dst4[k], Flows.SERVER_PORT);
                }
            }
            sink += burst.run();
            for (int i = 0; i < burstSize; i++) {
                int k = nextKey();
                long hint = burst.hash(i);
                if ((i & 1) == 0) {
                    sink += ack6(table, keys, k, hint).ordinal() + mapping.src4Port();
                } else {
                    sink += datagram4(udp, udpKeys, k, hint).ordinal() + mapping.src6Port();
                }
            }
        }
        return sink;
    }
}
