package io.nat64.gateway.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.Mapping;
import io.nat64.streams.session.AdvertiseOptions;
import io.nat64.streams.sync.SyncCounter;
import io.nat64.streams.sync.codec.SyncCodec;
import io.nat64.streams.sync.codec.SyncRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The figures of docs/benchmarks.md, "Peer replication over RSocket": one peer link on loopback (plain TCP,
 * resumption on, a shared secret), both ends in this JVM. Off by default; run with
 *
 * <pre>
 * mvn -B -o -pl rsocket-gateway -am verify -Dtest=PeerLinkBench -Dsurefire.failIfNoSpecifiedTests=false \
 *     -DskipITs -Dnat64.bench=true [-Dnat64.bench.sessions=1000000] [-Dnat64.bench.batch=1024]
 * </pre>
 *
 * <p>Link: a feed that encodes batches as fast as they are requested, a merge that only counts (the batch was
 * already decoded and validated by the client): the link's own rate. Catch-up: a real instance A with
 * {@code sessions} UDP sessions served by {@link InstanceFeed}; once with a merge that counts, once merging into a
 * real instance B through {@code ReplicationSource} (core's merge; quadratic out of expiry order until core's
 * fix lands, hence a time limit).
 */
@EnabledIfSystemProperty(named = "nat64.bench", matches = "true")
class PeerLinkBench {
    private static final int SESSIONS = Integer.getInteger("nat64.bench.sessions", 1_000_000);
    private static final int BATCH = Integer.getInteger("nat64.bench.batch", 1024);
    private static final int CLIENTS = 1000;

    @Test
    void linkSessionsPerSecond() throws Exception {
        List<SyncRecord> records = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            records.add(PeerReplicationIT.record(1 + i));
        }
        long total = 10L * SESSIONS;
        PeerFeed feed = name -> {
            SyncCodec codec = SyncCodec.nat64(PeerFixture.NODE_A);
            return Flux.<byte[]>generate(sink -> sink.next(codec.encode(records)))
                    .take(total / BATCH);
        };
        try (PeerFixture f = new PeerFixture(Files.createTempDirectory("peer-bench"))) {
            for (int run = 0; run < 3; run++) {
                AtomicLong got = new AtomicLong();
                double s = timeUntil(
                        f,
                        feed,
                        d -> {
                            got.addAndGet(PeerProtocol.sessions(d.length));
                            return Mono.empty();
                        },
                        () -> got.get() >= total / BATCH * BATCH,
                        Duration.ofSeconds(120));
                report("link", got.get(), s);
            }
        }
    }

    @Test
    void catchUpOfOneMillionSessions() throws Exception {
        try (PeerFixture f = new PeerFixture(Files.createTempDirectory("peer-bench"))) {
            create(f.a, SESSIONS);
            InstanceFeed feed = InstanceFeed.of(
                    f.a,
                    PeerFixture.NODE_A,
                    BATCH,
                    Duration.ofMillis(10),
                    AdvertiseOptions.defaults().withPageInterval(Duration.ZERO));
            for (int run = 0; run < 2; run++) {
                AtomicLong got = new AtomicLong();
                double s = timeUntil(
                        f,
                        feed,
                        d -> {
                            got.addAndGet(PeerProtocol.sessions(d.length));
                            return Mono.empty();
                        },
                        () -> got.get() >= SESSIONS,
                        Duration.ofSeconds(120));
                report("catch-up, merge counts only", got.get(), s);
            }
            long limit = Long.getLong("nat64.bench.mergeLimitSeconds", 60);
            // done when B's daemon side has merged them all (reading B's table meanwhile would copy it on B's owner)
            double s = timeUntil(
                    f,
                    feed,
                    f.mergeIntoB(),
                    () -> f.daemonStatsB.get(SyncCounter.SSS_RCVD) >= SESSIONS,
                    Duration.ofSeconds(limit));
            report("catch-up, merged into B (core merge)", f.daemonStatsB.get(SyncCounter.SSS_RCVD), s);
            System.out.printf(Locale.ROOT, "peer catch-up: B holds %,d sessions%n", PeerFixture.size(f.b));
        }
    }

    /** Seconds from subscribing until {@code done}, or the limit (then reported as is). */
    private static double timeUntil(
            PeerFixture f,
            PeerFeed feed,
            Function<byte[], Mono<Void>> merge,
            java.util.function.BooleanSupplier done,
            Duration limit) {
        PeerServer server =
                PeerServer.start(f.serverOptions(), feed, PeerStats.create()).block();
        long start = System.nanoTime();
        PeerClient link = PeerClient.connect(f.clientOptions(server.address()), merge, PeerStats.create());
        try {
            long deadline = start + limit.toNanos();
            while (!done.getAsBoolean() && System.nanoTime() < deadline) {
                PeerFixture.sleep(2);
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            link.dispose();
            server.dispose();
        }
    }

    private static void report(String what, long sessions, double seconds) throws Exception {
        String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        System.out.printf(
                Locale.ROOT,
                "peer %s: %,d sessions in %.2f s = %,.0f sessions/s, batches of %d [load %s on %d cpus]%n",
                what,
                sessions,
                seconds,
                sessions / seconds,
                BATCH,
                load,
                Runtime.getRuntime().availableProcessors());
        assertThat(sessions).isPositive();
    }

    /** {@code n} UDP sessions on A: client n / 1000 + 1 talks to 10.0.x.y (n % 1000 + 1), in owner tasks of 64 Ki. */
    private static void create(Instance a, int n) {
        for (int from = 0; from < n; from += 65_536) {
            int start = from;
            int end = Math.min(n, from + 65_536);
            a.call(db -> {
                        Mapping m = new Mapping();
                        long now = a.now();
                        for (int k = start; k < end; k++) {
                            Ipv6Address c = new Ipv6Address(0x2001_0db8_0000_0000L, k / CLIENTS + 1);
                            int dst4 = 0x0a00_0000 + k % CLIENTS + 1;
                            Ipv6Address dst6 = a.pool6().embed(new Ipv4Address(dst4));
                            db.table(L4Protocol.UDP)
                                    .udpIcmp6(c.high(), c.low(), 5000, dst6.high(), dst6.low(), dst4, 53, now, m);
                        }
                        return true;
                    })
                    .block();
        }
        assertThat(PeerFixture.size(a)).isEqualTo(n);
    }
}
