package io.nat64.streams.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.GlobalKey;
import io.nat64.core.config.Globals;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.Mapping;
import io.nat64.streams.session.AdvertiseOptions;
import io.nat64.streams.session.SessionAdvertise;
import io.nat64.streams.sync.codec.SyncFormat;
import io.nat64.streams.sync.net.McastFixture;
import io.nat64.streams.sync.net.MulticastConfig;
import io.nat64.streams.sync.net.MulticastTransport;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The figures of docs/benchmarks.md, "Session synchronisation": two instances in one JVM, each on its own owner
 * thread, replicating over IPv4 multicast on lo (loopback on). Off by default; run with
 *
 * <pre>
 * mvn -B -o -pl core,streams test -Dtest=SyncLoopbackBench -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dnat64.bench=true [-Dnat64.bench.sessions=1000000] [-Dnat64.bench.format=nat64|jool]
 * </pre>
 *
 * <p>Live: sessions are created on A in chunks of 1,024 (one owner task each, as a packet batch would), and A
 * stays at most {@code window} sessions ahead of what B has merged (UDP has no flow control: a generator faster
 * than the receiver just measures the kernel dropping), so the figure is the rate B absorbs with zero loss.
 * Replay: A's whole table, paged and sent as an advertisement, until B holds all of it.
 */
@EnabledIfSystemProperty(named = "nat64.bench", matches = "true")
class SyncLoopbackBench {
    private static final int SESSIONS = Integer.getInteger("nat64.bench.sessions", 1_000_000);
    private static final SyncFormat FORMAT = SyncFormat.parse(System.getProperty("nat64.bench.format", "nat64"));
    private static final int CLIENTS = 1000;
    private static final int CHUNK = 1024;
    private static final int WINDOW = Integer.getInteger("nat64.bench.window", 65_536);
    private static final int REPLAY_RATE = Integer.getInteger("nat64.bench.replayRate", 256_000);

    private static Globals globals() {
        return Globals.defaults()
                .with(GlobalKey.SS_ENABLED, "true")
                .with(GlobalKey.SS_CAPACITY, Integer.toString(2 * WINDOW))
                .with(GlobalKey.UDP_TIMEOUT, "1:00:00");
    }

    /** Creates sessions [from, from + count): client n / 1000 + 1 talks to 10.x.y.z = 10.0.0.0 + n % 1000 + 1. */
    private static void create(Instance i, int from, int count) {
        i.call(db -> {
                    Mapping m = new Mapping();
                    long now = i.now();
                    for (int n = from; n < from + count; n++) {
                        Ipv6Address c = Nodes.client(n / CLIENTS + 1);
                        int dst4 = 0x0a00_0000 + n % CLIENTS + 1;
                        Ipv6Address dst6 = i.pool6().embed(new io.nat64.core.addr.Ipv4Address(dst4));
                        db.table(L4Protocol.UDP)
                                .udpIcmp6(c.high(), c.low(), 5000, dst6.high(), dst6.low(), dst4, 53, now, m);
                    }
                    return true;
                })
                .block();
    }

    @Test
    void liveSessionsPerSecondOverLoopbackUdpWithZeroLoss() {
        try (Pair p = new Pair()) {
            p.startReplication();
            p.markCpu();
            long start = System.nanoTime();
            for (int n = 0; n < SESSIONS; n += CHUNK) {
                while (n - p.merged() > WINDOW) {
                    Thread.onSpinWait();
                }
                create(p.a, n, Math.min(CHUNK, SESSIONS - n));
            }
            p.awaitMerged(SESSIONS, Duration.ofMinutes(2));
            double seconds = (System.nanoTime() - start) / 1e9;
            p.report("live", seconds);
        }
    }

    /**
     * A's table is built in the order a replay reads it (static masks ascending, peers ascending), so the peer
     * receives the copies in expiry order: core's {@code ExpiryQueue.insertSorted} walks from the tail, and copies
     * in any other order make each merge linear in the table size (see docs/benchmarks.md). With
     * {@code -Dnat64.bench.order=hash} the masks are allocated dynamically (RFC 6056 hash order), as in life.
     */
    @Test
    void replayOfTheWholeTableLandsInFullOnThePeer() {
        try (Pair p = new Pair()) {
            if (!"hash".equals(System.getProperty("nat64.bench.order"))) {
                for (int c = 0; c < SESSIONS / CLIENTS + 1; c++) {
                    p.a.addStaticBib(new io.nat64.core.session.BibEntry(
                                    L4Protocol.UDP, Nodes.client(c + 1), 5000, Nodes.POOL4, 1 + c, true))
                            .block();
                }
            }
            for (int n = 0; n < SESSIONS; n += 16 * CHUNK) {
                create(p.a, n, Math.min(16 * CHUNK, SESSIONS - n)); // before replication: not sent live
            }
            p.startReplication();
            p.markCpu();
            long start = System.nanoTime();
            // pages of 1024 sessions, at most one per interval (ms): the advertise operator's pacing
            long interval = REPLAY_RATE == 0 ? 0 : Math.max(1, Math.round(1024_000.0 / REPLAY_RATE));
            AdvertiseOptions pace = AdvertiseOptions.defaults().withPageInterval(Duration.ofMillis(interval));
            p.ra.advertise(SessionAdvertise.of(p.a, pace).replay()).block(Duration.ofMinutes(2));
            double sent = (System.nanoTime() - start) / 1e9;
            p.awaitMerged(SESSIONS, Duration.ofMinutes(2));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "replay paced at %d sessions/s (a page of 1024 per %d ms): handed to the socket in %.2f s%n",
                    REPLAY_RATE,
                    interval,
                    sent);
            p.report("replay", seconds);
        }
    }

    /**
     * What one merge costs on the owner thread when copies arrive in expiry order, and when they do not (an
     * advertisement reads masks in RFC 6056 hash order; transit jitter reorders live copies): core's
     * {@code ExpiryQueue.insertSorted} walks from the tail, one cache miss per session passed.
     */
    @Test
    void mergeCostInAndOutOfExpiryOrder() {
        int n = Integer.getInteger("nat64.bench.mergeSessions", 20_000);
        for (boolean ordered : new boolean[] {true, true, false}) { // the first pass warms the JIT up
            java.util.SplittableRandom r = new java.util.SplittableRandom(1);
            java.util.List<io.nat64.streams.sync.codec.SyncRecord> copies = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                long remaining = ordered ? 200_000 + i / 10 : 200_000 + r.nextInt(n / 10);
                copies.add(new io.nat64.streams.sync.codec.SyncRecord(
                        L4Protocol.UDP,
                        Nodes.client(i / CLIENTS + 1),
                        5000,
                        Nodes.POOL4,
                        1 + i / CLIENTS,
                        new io.nat64.core.addr.Ipv4Address(0x0a00_0000 + i % CLIENTS + 1),
                        53,
                        io.nat64.core.session.TcpState.ESTABLISHED,
                        io.nat64.core.session.TimerType.EST,
                        remaining));
            }
            Scheduler owner = Schedulers.newSingle("bench-merge");
            Instance b = Nodes.node(owner, 5, globals());
            long ns = b.call(db -> {
                        long now = b.now();
                        long t0 = System.nanoTime();
                        for (io.nat64.streams.sync.codec.SyncRecord c : copies) {
                            db.table(L4Protocol.UDP).merge(c.toSession(b.pool6(), now), c.remainingMillis(), now);
                        }
                        return System.nanoTime() - t0;
                    })
                    .block();
            System.out.printf(
                    Locale.ROOT,
                    "merge of %d copies %s expiry order: %.0f ns per merge%n",
                    n,
                    ordered ? "in" : "out of",
                    (double) ns / n);
            b.close();
            owner.dispose();
        }
    }

    /** Two nodes on their own owner threads, with multicast transports on lo. */
    private static final class Pair implements AutoCloseable {
        final Scheduler ownerA = Schedulers.newSingle("bench-a");
        final Scheduler ownerB = Schedulers.newSingle("bench-b");
        final Instance a = Nodes.node(ownerA, 1, globals());
        final Instance b = Nodes.node(ownerB, 2, globals());
        final MulticastConfig config = McastFixture.ipv4();
        final MulticastTransport ta = MulticastTransport.open(config);
        final MulticastTransport tb = MulticastTransport.open(config);
        final java.util.Map<String, Long> cpuAtStart = new java.util.TreeMap<>();
        SessionReplication ra;
        SessionReplication rb;

        Pair() {
            rb = SessionReplication.start(b, FORMAT.codec(2), tb);
        }

        /** CPU time (ns) of the threads of the pipeline, by name. */
        static java.util.Map<String, Long> cpu() {
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            java.util.Map<String, Long> out = new java.util.TreeMap<>();
            for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
                if (t != null
                        && (t.getThreadName().startsWith("bench-")
                                || t.getThreadName().startsWith("nat64-sync-")
                                || t.getThreadName().startsWith("parallel-"))) {
                    out.merge(
                            t.getThreadName().replaceAll("-[0-9]+$", "")
                                    + (t.getThreadName().startsWith("parallel")
                                            ? ""
                                            : "#" + t.getThreadName().replaceAll(".*-", "")),
                            Math.max(0, mx.getThreadCpuTime(t.getThreadId())),
                            Long::sum);
                }
            }
            return out;
        }

        void markCpu() {
            cpuAtStart.clear();
            cpuAtStart.putAll(cpu());
        }

        void startReplication() {
            ra = SessionReplication.start(a, FORMAT.codec(1), ta);
            sleep(2 * ReplicationSink.ENABLED_POLL_MILLIS); // the sink follows A's mutations
        }

        long merged() {
            return rb.stats().get(SyncCounter.MERGE_ADDED);
        }

        void awaitMerged(int n, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            long last = -1;
            long lastChange = System.nanoTime();
            while (rb.stats().get(SyncCounter.MERGE_ADDED) < n && System.nanoTime() < deadline) {
                long now = rb.stats().get(SyncCounter.MERGE_ADDED);
                if (now != last) {
                    last = now;
                    lastChange = System.nanoTime();
                } else if (System.nanoTime() - lastChange > 5_000_000_000L) {
                    break; // stalled: something was lost
                }
                sleep(1);
            }
        }

        void report(String what, double seconds) {
            long merged = rb.stats().get(SyncCounter.MERGE_ADDED);
            StringBuilder perThread = new StringBuilder();
            long total = 0;
            for (java.util.Map.Entry<String, Long> e : cpu().entrySet()) {
                long used = e.getValue() - cpuAtStart.getOrDefault(e.getKey(), 0L);
                total += used;
                perThread.append(String.format(Locale.ROOT, " %s %.0f", e.getKey(), (double) used / SESSIONS));
            }
            System.out.printf(
                    Locale.ROOT,
                    "%s CPU ns per session:%s; total %.0f (load average %.1f)%n",
                    what,
                    perThread,
                    (double) total / SESSIONS,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
            System.out.printf(
                    Locale.ROOT,
                    "%s (%s format): %d of %d sessions on B in %.2f s = %.0f sessions/s; datagrams sent %d, received"
                            + " %d, lost %d; A: %s%n  B: %s%n",
                    what,
                    FORMAT,
                    merged,
                    SESSIONS,
                    seconds,
                    merged / seconds,
                    ta.stats().netSentPkts(),
                    tb.stats().netRcvdPkts(),
                    rb.stats().get(SyncCounter.PKT_LOST),
                    ra.stats(),
                    rb.stats());
            if (merged < SESSIONS) { // a measurement, not a test: say it loudly, do not fail the build
                System.out.printf(Locale.ROOT, "%s: LOSS: %d sessions never reached B%n", what, SESSIONS - merged);
            }
            assertThat(b.sessions(L4Protocol.UDP).block()).hasSize((int) merged);
        }

        @Override
        public void close() {
            if (ra != null) {
                ra.dispose();
            }
            rb.dispose();
            ta.dispose();
            tb.dispose();
            a.close();
            b.close();
            ownerA.dispose();
            ownerB.dispose();
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
