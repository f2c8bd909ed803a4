package io.nat64.gateway.peer;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.GlobalKey;
import io.nat64.core.config.Globals;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.InstanceConfig;
import io.nat64.core.pool.Pool4Entry;
import io.nat64.core.session.Mapping;
import io.nat64.core.session.Session;
import io.nat64.streams.sync.MergeTarget;
import io.nat64.streams.sync.ReplicationSource;
import io.nat64.streams.sync.SyncStats;
import io.nat64.streams.sync.codec.SyncCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Two NAT64 nodes in one JVM, configured alike as sync peers must be (pool6 64:ff9b::/96, pool4 192.0.2.1 every
 * port, ss-enabled), each on its own owner thread: A serves its table through an {@link InstanceFeed}, B merges
 * what arrives through the streams' {@link ReplicationSource} and {@link MergeTarget} (what the daemon's
 * {@code sync.merge} route runs), and a shared secret in a file.
 */
final class PeerFixture implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final Ipv6Prefix POOL6 = Ipv6Prefix.parse("64:ff9b::/96");
    static final Ipv4Address SERVER = Ipv4Address.parse("198.51.100.7");
    static final long NODE_A = 0xaaaa_0001L;
    static final long NODE_B = 0xbbbb_0002L;

    static {
        // Netty reports leaks through its logger; without an SLF4J provider that is a no-op, so use the JDK's
        io.netty.util.internal.logging.InternalLoggerFactory.setDefaultFactory(
                io.netty.util.internal.logging.JdkLoggerFactory.INSTANCE);
    }

    final Scheduler ownerA = Schedulers.newSingle("nat64-a");
    final Scheduler ownerB = Schedulers.newSingle("nat64-b");
    final Instance a = node(ownerA, 1);
    final Instance b = node(ownerB, 2);
    final SyncStats daemonStatsB = new SyncStats();
    final ReplicationSource sourceB =
            ReplicationSource.create(SyncCodec.nat64(NODE_B), MergeTarget.of(b), daemonStatsB);
    final Path secretFile;

    PeerFixture(Path dir) throws IOException {
        secretFile = dir.resolve("peer.secret");
        Files.writeString(secretFile, "0123456789abcdef0123456789abcdef\n", StandardCharsets.UTF_8);
    }

    static Instance node(Scheduler owner, long seed) {
        Globals g = Globals.defaults().with(GlobalKey.SS_ENABLED, "true").with(GlobalKey.UDP_TIMEOUT, "1:00:00");
        Instance i = Instance.create(new InstanceConfig("default", POOL6, null, g), owner, seed);
        for (L4Protocol p : L4Protocol.values()) {
            i.addPool4(Pool4Entry.allPorts(p, Ipv4Prefix.parse("192.0.2.1/32"))).block();
        }
        return i;
    }

    PeerSecret secret() {
        return PeerSecret.read(secretFile);
    }

    /** The server options of A on 127.0.0.1, any port. */
    PeerServerOptions serverOptions() {
        return PeerServerOptions.of(new InetSocketAddress("127.0.0.1", 0), secret(), null);
    }

    /** B's subscription to {@code address}, quick to reconnect (tests). */
    PeerClientOptions clientOptions(InetSocketAddress address) {
        return PeerClientOptions.of(address, secret(), null, NODE_B, "node-b")
                .withReconnect(Duration.ofMillis(100), Duration.ofMillis(500));
    }

    /** A's feed: batches of up to 256 sessions, flushed 20 ms after their first. */
    InstanceFeed feedA() {
        return InstanceFeed.of(a, NODE_A, 256, Duration.ofMillis(20));
    }

    /** What the proxy wires to {@code sync.merge}: B's daemon validating and merging. */
    Function<byte[], Mono<Void>> mergeIntoB() {
        return datagram -> sourceB.accept(datagram).then();
    }

    /** Creates UDP sessions for clients 2001:db8::{from} to {from + count - 1}, port 5000, to SERVER:53, on i. */
    static void udpSessions(Instance i, int from, int count) {
        i.call(db -> {
                    Mapping m = new Mapping();
                    long now = i.now();
                    Ipv6Address dst6 = i.pool6().embed(SERVER);
                    for (int n = from; n < from + count; n++) {
                        Ipv6Address c = new Ipv6Address(0x2001_0db8_0000_0000L, n);
                        db.table(L4Protocol.UDP)
                                .udpIcmp6(c.high(), c.low(), 5000, dst6.high(), dst6.low(), SERVER.bits(), 53, now, m);
                    }
                    return true;
                })
                .block();
    }

    /** Every session of every protocol without times, sorted: what synced tables agree on. */
    static List<String> table(Instance i) {
        List<String> out = new ArrayList<>();
        for (L4Protocol p : L4Protocol.values()) {
            for (Session s : i.sessions(p).block()) {
                out.add(s.protocol() + " " + s.src6() + "#" + s.src6Port() + " " + s.dst6() + "#" + s.dst6Port() + " "
                        + s.src4() + "#" + s.src4Port() + " " + s.dst4() + "#" + s.dst4Port() + " " + s.state() + " "
                        + s.timer());
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    static int size(Instance i) {
        int n = 0;
        for (L4Protocol p : L4Protocol.values()) {
            n += i.sessions(p).block().size();
        }
        return n;
    }

    /** Polls {@code condition} until it holds, or fails naming {@code what} after {@code timeout}. */
    static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            sleep(10);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (Boolean.getBoolean("nat64.leakprobe")) {
            io.netty.buffer.PooledByteBufAllocator.DEFAULT.buffer(16); // deliberately leaked: the probe must report it
        }
        // let Netty's leak detector see buffers lost by this test: collect, then allocate (it reports on track)
        for (int i = 0; i < 3; i++) {
            System.gc();
            sleep(50);
            io.netty.buffer.PooledByteBufAllocator.DEFAULT.buffer(1).release();
        }
        a.close();
        b.close();
        ownerA.dispose();
        ownerB.dispose();
    }
}
