package io.nat64.bench.streams;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.PacketPath;
import io.nat64.streams.sync.InstanceSync;
import io.nat64.streams.sync.codec.RecordFrame;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * What a peer's catch-up costs the translator's owner thread: a table of {@code sessions} UDP sessions (made by
 * packets, so laid out in memory as traffic lays it out) is dumped whole through {@code sync.catchup}'s stream
 * ({@link InstanceSync#catchUp()}, unpaced, encoded as record frames as the daemon sends them) to a subscriber
 * that takes everything; the owner's CPU time per dumped session, and the whole process's (delivery, encoding,
 * collector), over several dumps (the first warms the JIT).
 * The dump visits sessions in Jool's order (by IPv4 mask), unrelated to where they sit in memory, so at a
 * million sessions every one is a few cache misses.
 */
final class CatchUpCost {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CatchUpCost() {}

    /** {@code rounds} dumps of a table of {@code sessions}. */
    static void run(int sessions, int rounds, PrintStream out) throws InterruptedException {
        Scheduler owner = Schedulers.newSingle("bench-owner");
        try {
            Instance nat = Bench.instance(owner, L4Protocol.UDP, "198.51.100.0/24");
            long ownerThread = Bench.discardOutput(nat);
            int held = fill(nat, sessions);
            InstanceSync sync = InstanceSync.of(nat);
            out.printf(
                    "catch-up of %,d UDP sessions through sync.catchup, unpaced  [%s]%n  %5s %10s %16s %14s %18s%n",
                    held, Bench.load(), "dump", "wall ms", "owner CPU ms", "owner ns/session", "process ns/session");
            for (int r = 1; r <= rounds; r++) {
                AtomicLong records = new AtomicLong();
                long cpu0 = THREADS.getThreadCpuTime(ownerThread);
                long process0 = PROCESS.getProcessCpuTime();
                long t0 = System.nanoTime();
                CountDownLatch all = new CountDownLatch(1);
                Disposable d = sync.catchUp()
                        .map(batch -> {
                            RecordFrame.encode(batch);
                            return batch.size();
                        })
                        .subscribe(n -> {
                            if (records.addAndGet(n) >= held) {
                                all.countDown();
                            }
                        });
                // a latch, not a spin: the waiting thread's CPU would count in the process's
                if (!all.await(2, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the dump gave " + records.get() + " of " + held);
                }
                long wall = System.nanoTime() - t0;
                long cpu = THREADS.getThreadCpuTime(ownerThread) - cpu0;
                long process = PROCESS.getProcessCpuTime() - process0;
                d.dispose();
                out.printf(
                        "  %5d %,10.0f %,16.0f %,14.0f %,18.0f%n",
                        r, wall / 1e6, cpu / 1e6, (double) cpu / held, (double) process / held);
            }
            nat.close();
        } finally {
            owner.dispose();
        }
    }

    /**
     * {@code n} new UDP flows, in owner tasks of 10,000 packets; returns the sessions made (pool4's allocation
     * gives up on a few flows whose tries all collide, as Jool's does).
     */
    private static int fill(Instance nat, int n) {
        int chunk = 10_000;
        for (int i0 = 0; i0 < n; i0 += chunk) {
            int from = i0;
            int to = Math.min(n, i0 + chunk);
            nat.call(db -> {
                        PacketPath path = nat.packets();
                        long now = nat.now();
                        for (int i = from; i < to; i++) {
                            byte[] p = TranslateWithFollower.udp6(1 + i / 60_000, 1 + i % 60_000);
                            path.process(p, 0, p.length, now);
                        }
                        return true;
                    })
                    .block();
        }
        long have = nat.call(db -> db.table(L4Protocol.UDP).sessionCount()).block();
        if (have < n - n / 1000) {
            throw new IllegalStateException("filled " + have + " of " + n + " sessions");
        }
        return (int) have;
    }
}
