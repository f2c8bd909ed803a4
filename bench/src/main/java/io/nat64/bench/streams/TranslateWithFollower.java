package io.nat64.bench.streams;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.PacketPath;
import io.nat64.core.packet.Checksums;
import io.nat64.streams.session.SessionFollow;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The translator's packet rate (IPv6 UDP through {@link PacketPath#process} on the owner, translated and
 * discarded) with no follow subscriber, with one that never requests (stalled), and with one that keeps up.
 * Two workloads: every packet a new flow (one ADDED mutation per packet, the worst case for a follower), and
 * packets on established flows (refreshes, which the core announces at most a few times per timeout).
 *
 * <p>Method, for a shared machine: one instance per workload; the packets go through in chunks, one owner
 * task each, with the follower attached or not per chunk in the order A B C C B A (repeated), so table growth
 * and machine load fall on every mode alike; each chunk is timed in the owner thread's CPU time, which the
 * other processes on the machine do not inflate. Collector time (other threads) is reported beside it.
 */
final class TranslateWithFollower {
    private enum Follower {
        NONE,
        STALLED,
        FOLLOWING
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private TranslateWithFollower() {}

    /** Both workloads, with {@code cycles} rounds of A B C C B A each. */
    static void run(int cycles, PrintStream out) {
        int chunk = 25_000;
        byte[][] newFlows = new byte[cycles * 2 * Follower.values().length * chunk][];
        for (int i = 0; i < newFlows.length; i++) {
            newFlows[i] = udp6(1 + i / 60_000, 1 + i % 60_000);
        }
        measure("new flow per packet", newFlows, chunk, false, cycles, out);
        chunk = 200_000;
        byte[][] established = new byte[chunk][];
        for (int i = 0; i < chunk; i++) {
            established[i] = udp6(1, 1 + i % 1024);
        }
        measure("1024 established flows", established, chunk, true, 2 * cycles, out);
    }

    private static void measure(
            String workload, byte[][] packets, int chunk, boolean repeat, int cycles, PrintStream out) {
        Scheduler owner = Schedulers.newSingle("bench-owner");
        try {
            Instance nat = Bench.instance(owner, L4Protocol.UDP, "198.51.100.0/24");
            nat.call(db -> {
                        nat.packets().setOutput((buf, off, len) -> {});
                        return true;
                    })
                    .block();
            int modes = Follower.values().length;
            double[][] rates = new double[modes][2 * cycles];
            double[][] withGc = new double[modes][2 * cycles];
            long[] gcMillis = new long[modes];
            SessionFollow stalledFollow = SessionFollow.of(nat);
            AtomicLong seen = new AtomicLong();
            int next = 0;
            if (repeat) {
                runChunk(nat, packets, 0, chunk); // the flows exist before the timed chunks
                runChunk(nat, packets, 0, chunk); // and the code is warm
            }
            for (int c = 0; c < 2 * cycles; c++) {
                for (int k = 0; k < modes; k++) {
                    Follower f = Follower.values()[c % 2 == 0 ? k : modes - 1 - k];
                    Disposable subscription =
                            switch (f) {
                                case NONE -> () -> {};
                                case STALLED -> stalledFollow.mutations().subscribeWith(new Stalled());
                                case FOLLOWING ->
                                    SessionFollow.of(nat).mutations().subscribe(m -> seen.lazySet(m.at()));
                            };
                    long gc0 = gcMillis();
                    long cpu = runChunk(nat, packets, repeat ? 0 : next, chunk);
                    long gc = gcMillis() - gc0;
                    gcMillis[f.ordinal()] += gc;
                    subscription.dispose();
                    next += chunk;
                    rates[f.ordinal()][c] = chunk * 1e9 / cpu;
                    withGc[f.ordinal()][c] = chunk * 1e9 / (cpu + gc * 1_000_000);
                }
            }
            double none = Bench.median(rates[Follower.NONE.ordinal()]);
            double noneWithGc = Bench.median(withGc[Follower.NONE.ordinal()]);
            out.printf(
                    "translate (%s): packets per second of owner CPU (and of owner CPU plus collector time),"
                            + " medians of %d chunks of %,d  [%s]%n",
                    workload, 2 * cycles, chunk, Bench.load());
            for (Follower f : Follower.values()) {
                double r = Bench.median(rates[f.ordinal()]);
                double g = Bench.median(withGc[f.ordinal()]);
                out.printf(
                        "  %-9s %,11.0f %+6.1f%%   (%,11.0f %+6.1f%%)   chunks %s, collector %,d ms in all%n",
                        f.name().toLowerCase(Locale.ROOT),
                        r,
                        100 * (r / none - 1),
                        g,
                        100 * (g / noneWithGc - 1),
                        Bench.spread(rates[f.ordinal()]),
                        gcMillis[f.ordinal()]);
            }
            out.printf(
                    "  the stalled follower counted %,d drops%n",
                    stalledFollow.stats().dropped());
            nat.close();
        } finally {
            owner.dispose();
        }
    }

    /** {@code n} packets from {@code from} in one owner task; returns the owner's CPU time (ns) for them. */
    private static long runChunk(Instance nat, byte[][] packets, int from, int n) {
        long ns = nat.call(db -> {
                    PacketPath path = nat.packets();
                    long now = nat.now();
                    long cpu0 = THREADS.getCurrentThreadCpuTime();
                    for (int i = from; i < from + n; i++) {
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
