package io.nat64.bench.streams;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.PacketPath;
import io.nat64.core.packet.Checksums;
import io.nat64.streams.session.SessionFollow;
import io.nat64.streams.sync.InstanceSync;
import io.nat64.streams.sync.codec.RecordFrame;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The translator's packet rate (IPv6 UDP through {@link PacketPath#process} on the owner, translated and
 * discarded) with no follow subscriber, with one that never requests (stalled), and with one that keeps up;
 * and, to tell the core's share from the follower's, with a bare subscriber on the mutation stream.
 * Two workloads: every packet a new flow (one ADDED mutation per packet, the worst case for a follower), and
 * packets on established flows (refreshes, which the core announces at most a few times per timeout).
 *
 * <p>Method, for a shared machine: one instance per workload; the packets go through in chunks, one owner
 * task each (for new flows the table is emptied between chunks, untimed, so every chunk does the same work),
 * with the follower attached or not per chunk in the order A B C D E E D C B A, repeated; each group's modes are
 * compared with its own 'none' chunks, and the medians over the groups reported. Chunks are timed in the
 * owner thread's CPU time, which other processes on the machine do not inflate; collector time (other
 * threads, but pauses stop the owner too) is added in a second column.
 */
final class TranslateWithFollower {
    private enum Follower {
        /** Nobody subscribed: the core does not even build mutations. */
        NONE,
        /** A bare subscriber on the instance's mutations: the core's cost of building and publishing them. */
        BARE,
        /** A follow subscriber that never requests. */
        STALLED,
        /** A follow subscriber that keeps up (on another thread). */
        FOLLOWING,
        /**
         * A peer's replication stream as the daemon serves it ({@code sync.catchup}: catch-up, then live batches
         * encoded as record frames), consumed as fast as it comes.
         */
        PEER
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private TranslateWithFollower() {}

    /** Both workloads, with {@code groups} groups of chunks A B C D E E D C B A each. */
    static void run(int groups, PrintStream out) {
        int chunk = 20_000;
        byte[][] newFlows = new byte[chunk][];
        for (int i = 0; i < newFlows.length; i++) {
            newFlows[i] = udp6(1 + i / 60_000, 1 + i % 60_000);
        }
        measure("new flow per packet", newFlows, chunk, false, groups, out);
        chunk = 200_000;
        byte[][] established = new byte[chunk][];
        for (int i = 0; i < chunk; i++) {
            established[i] = udp6(1, 1 + i % 1024);
        }
        measure("1024 established flows", established, chunk, true, 2 * groups, out);
    }

    private static void measure(
            String workload, byte[][] packets, int chunk, boolean repeat, int groups, PrintStream out) {
        Scheduler owner = Schedulers.newSingle("bench-owner");
        try {
            Instance nat = Bench.instance(owner, L4Protocol.UDP, "198.51.100.0/24");
            Bench.discardOutput(nat);
            int modes = Follower.values().length;
            // Per group (A B C D E E D C B A) and mode: owner CPU ns, and that plus collector time.
            long[][] cpu = new long[modes][groups];
            long[][] cpuAndGc = new long[modes][groups];
            SessionFollow stalledFollow = SessionFollow.of(nat);
            AtomicLong seen = new AtomicLong();
            if (repeat) {
                runChunk(nat, packets, chunk); // the flows exist before the timed chunks
                runChunk(nat, packets, chunk); // and the code is warm
            }
            for (int g = 0; g < groups; g++) {
                for (int half = 0; half < 2; half++) {
                    for (int k = 0; k < modes; k++) {
                        Follower f = Follower.values()[half == 0 ? k : modes - 1 - k];
                        Disposable subscription =
                                switch (f) {
                                    case NONE -> () -> {};
                                    case BARE -> nat.mutations().subscribe(m -> seen.lazySet(m.at()));
                                    case STALLED -> stalledFollow.mutations().subscribeWith(new Stalled());
                                    case FOLLOWING ->
                                        SessionFollow.of(nat).mutations().subscribe(m -> seen.lazySet(m.at()));
                                    case PEER ->
                                        InstanceSync.of(nat)
                                                .catchUp()
                                                .map(RecordFrame::encode)
                                                .subscribe(b -> seen.lazySet(b.length));
                                };
                        long gc0 = gcMillis();
                        long ns = runChunk(nat, packets, chunk);
                        long gc = gcMillis() - gc0;
                        subscription.dispose();
                        if (!repeat) { // empty the table (untimed), so the next chunk's flows are new again
                            nat.call(db -> {
                                        db.flush(nat.now());
                                        return true;
                                    })
                                    .block();
                        }
                        cpu[f.ordinal()][g] += ns;
                        cpuAndGc[f.ordinal()][g] += ns + gc * 1_000_000;
                    }
                }
            }
            out.printf(
                    "translate (%s): %d groups of chunks A B C D E E D C B A, %,d packets each  [%s]%n"
                            + "  %-9s %13s %15s %28s%n",
                    workload,
                    groups,
                    chunk,
                    Bench.load(),
                    "follower",
                    "packets/s CPU",
                    "vs none (CPU)",
                    "vs none (CPU + collector)");
            for (Follower f : Follower.values()) {
                double[] rate = new double[groups];
                double[] ratio = new double[groups];
                double[] ratioGc = new double[groups];
                for (int g = 0; g < groups; g++) {
                    rate[g] = 2.0 * chunk * 1e9 / cpu[f.ordinal()][g];
                    ratio[g] = (double) cpu[Follower.NONE.ordinal()][g] / cpu[f.ordinal()][g];
                    ratioGc[g] = (double) cpuAndGc[Follower.NONE.ordinal()][g] / cpuAndGc[f.ordinal()][g];
                }
                out.printf(
                        "  %-9s %,13.0f %+7.1f%% %-8s %+7.1f%% %-8s%n",
                        f.name().toLowerCase(Locale.ROOT),
                        Bench.median(rate),
                        100 * (Bench.median(ratio) - 1),
                        percents(ratio),
                        100 * (Bench.median(ratioGc) - 1),
                        percents(ratioGc));
            }
            out.printf(
                    "  (medians over the groups, each group's modes compared with its own 'none' chunks; the"
                            + " stalled follower counted %,d drops)%n",
                    stalledFollow.stats().dropped());
            nat.close();
        } finally {
            owner.dispose();
        }
    }

    /** The range of {@code ratios} as percentages off 1, {@code "[-3..+2]"}. */
    private static String percents(double[] ratios) {
        double[] r = ratios.clone();
        Arrays.sort(r);
        return String.format("[%+.0f..%+.0f]", 100 * (r[0] - 1), 100 * (r[r.length - 1] - 1));
    }

    /** {@code n} packets in one owner task; returns the owner's CPU time (ns) for them. */
    private static long runChunk(Instance nat, byte[][] packets, int n) {
        long ns = nat.call(db -> {
                    PacketPath path = nat.packets();
                    long now = nat.now();
                    long cpu0 = THREADS.getCurrentThreadCpuTime();
                    for (int i = 0; i < n; i++) {
                        byte[] p = packets[i];
                        if (path.process(p, 0, p.length, now) != PacketPath.Result.TRANSLATED) {
                            return -1L - i;
                        }
                    }
                    return THREADS.getCurrentThreadCpuTime() - cpu0;
                })
                .block(Duration.ofMinutes(5));
        if (ns < 0) {
            throw new IllegalStateException("packet " + (-1 - ns) + " was not translated: "
                    + nat.stats().block());
        }
        return ns;
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** A subscriber that never requests. */
    private static final class Stalled extends BaseSubscriber<Object> {
        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            // no demand, ever
        }
    }

    /** An IPv6 UDP datagram (8 bytes of payload) from 2001:db8::{client}#{port} to 192.0.2.8#53 via pool6. */
    static byte[] udp6(long client, int port) {
        byte[] p = new byte[40 + 16];
        long srcHigh = Bench.CLIENT_HIGH;
        long dstHigh = Bench.POOL6.address().high();
        long dstLow = Bench.embedLow(Bench.SERVER);
        putInt(p, 0, 0x60000000);
        putShort(p, 4, 16);
        p[6] = 17;
        p[7] = 64;
        putLong(p, 8, srcHigh);
        putLong(p, 16, client);
        putLong(p, 24, dstHigh);
        putLong(p, 32, dstLow);
        putShort(p, 40, port);
        putShort(p, 42, 53);
        putShort(p, 44, 16);
        for (int i = 48; i < 56; i++) {
            p[i] = (byte) i;
        }
        int sum = Checksums.add(
                Checksums.pseudoHeader6(srcHigh, client, dstHigh, dstLow, 17, 16), Checksums.sum(p, 40, 16));
        putShort(p, 46, Checksums.finish(sum));
        return p;
    }

    private static void putShort(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    private static void putInt(byte[] b, int off, int v) {
        putShort(b, off, v >>> 16);
        putShort(b, off + 2, v);
    }

    private static void putLong(byte[] b, int off, long v) {
        putInt(b, off, (int) (v >>> 32));
        putInt(b, off + 4, (int) v);
    }
}
