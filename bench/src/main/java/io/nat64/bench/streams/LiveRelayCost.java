package io.nat64.bench.streams;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.PacketPath;
import io.nat64.streams.sync.InstanceSync;
import io.nat64.streams.sync.codec.RecordFrame;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * What a peer's live replication stream ({@code sync.catchup} once its dump is over) costs the translator, as the
 * two-node lab runs it: packets in owner tasks of up to 64 (the data plane's batch), at most 16 tasks queued (its
 * batches), fed by another thread as fast as the owner takes them, every packet a new UDP session over a table of
 * {@code base} sessions; the subscriber encodes record frames on the delivery scheduler as the daemon does. Run it
 * pinned to one CPU ({@code taskset -c 1}) to see what the lab's pinned node sees: the owner, the feeder, the
 * delivery worker and the collector share that CPU. Phases alternate none / peer / peer / none; per phase: the
 * owner's CPU per packet, the process's, and the owner's context switches.
 */
final class LiveRelayCost {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int BATCH = 64;
    private static final int IN_FLIGHT = 16;

    private LiveRelayCost() {}

    /** {@code rounds} rounds of four phases of {@code perPhase} new flows each, over {@code base} sessions. */
    static void run(int base, int perPhase, int rounds, PrintStream out) throws InterruptedException {
        Scheduler owner = Schedulers.newSingle("bench-owner");
        try {
            Instance nat = Bench.instance(owner, L4Protocol.UDP, "198.51.100.0/24");
            long ownerThread = Bench.discardOutput(nat);
            int next = 0;
            for (int i0 = 0; i0 < base; i0 += 10_000) {
                next = feed(nat, next, Math.min(10_000, base - i0));
            }
            InstanceSync sync = InstanceSync.of(nat);
            // Warm-up: the fill compiled the packet path with nobody listening; a subscriber makes the compiled code
            // that never built a mutation deoptimise, so both kinds of phase run once before any is timed.
            Disposable warm = subscribe(nat, sync, new AtomicLong());
            next = feed(nat, next, perPhase);
            warm.dispose();
            next = feed(nat, next, perPhase);
            out.printf(
                    "live replication beside the translator, %,d new flows per phase over %,d sessions, tasks of %d"
                            + " packets  [%s]%n  %-6s %12s %14s %16s %17s %14s%n",
                    perPhase,
                    base,
                    BATCH,
                    Bench.load(),
                    "phase",
                    "packets/s",
                    "owner ns/pkt",
                    "process ns/pkt",
                    "owner switches",
                    "records sent");
            // -Drelay.order=peer,peer: one kind of phase only, e.g. to profile it
            String[] order =
                    System.getProperty("relay.order", "none,peer,peer,none").split(",");
            // -Drelay.profile=true: one subscription for the whole run, then "READY pid" and 3 s to attach a profiler
            boolean profile = Boolean.getBoolean("relay.profile");
            Disposable kept = () -> {};
            if (profile) {
                if (order[0].equals("peer")) {
                    kept = subscribe(nat, sync, new AtomicLong());
                }
                Thread.sleep(300);
                out.printf("READY %d%n", ProcessHandle.current().pid());
                out.flush();
                Thread.sleep(3000);
            }
            long[] ownerNs = new long[2];
            long[] processNs = new long[2];
            for (int r = 0; r < rounds; r++) {
                for (String phase : order) {
                    boolean peer = phase.equals("peer");
                    AtomicLong records = new AtomicLong();
                    Disposable d = () -> {};
                    if (peer && !profile) {
                        d = subscribe(nat, sync, records);
                    }
                    if (!profile) { // every phase from a collected heap: a dump leaves millions of copies behind
                        System.gc();
                        Thread.sleep(200);
                    }
                    long sent0 = records.get();
                    long switches0 = switches("bench-owner");
                    long cpu0 = THREADS.getThreadCpuTime(ownerThread);
                    long process0 = processCpu();
                    long t0 = System.nanoTime();
                    next = feed(nat, next, perPhase);
                    long wall = System.nanoTime() - t0;
                    long cpu = THREADS.getThreadCpuTime(ownerThread) - cpu0;
                    long process = processCpu() - process0;
                    long switches = switches("bench-owner") - switches0;
                    Thread.sleep(100);
                    long sent = records.get() - sent0;
                    d.dispose();
                    ownerNs[peer ? 1 : 0] += cpu;
                    processNs[peer ? 1 : 0] += process;
                    out.printf(
                            "  %-6s %,12.0f %,14.0f %,16.0f %,17d %,14d%n",
                            phase,
                            perPhase * 1e9 / wall,
                            (double) cpu / perPhase,
                            (double) process / perPhase,
                            switches,
                            sent);
                }
            }
            if (ownerNs[0] > 0 && ownerNs[1] > 0) { // both kinds of phase ran
                out.printf(
                        "  peer against none: owner %+.1f%% CPU per packet, process %+.1f%%%n",
                        100.0 * (ownerNs[1] - ownerNs[0]) / ownerNs[0],
                        100.0 * (processNs[1] - processNs[0]) / processNs[0]);
            }
            if (profile) {
                out.println("DONE");
                out.flush();
                Thread.sleep(500);
            }
            kept.dispose();
            nat.close();
        } finally {
            owner.dispose();
        }
    }

    /** A peer's {@code sync.catchup} stream, encoded; returns once its dump of the whole table is delivered. */
    private static Disposable subscribe(Instance nat, InstanceSync sync, AtomicLong records) {
        long held =
                nat.call(db -> (long) db.table(L4Protocol.UDP).sessionCount()).block();
        Disposable d = sync.catchUp()
                .map(batch -> {
                    RecordFrame.encode(batch);
                    return batch.size();
                })
                .subscribe(records::addAndGet);
        if (!Bench.await(() -> records.get() >= held, Duration.ofMinutes(2))) {
            throw new IllegalStateException("the dump gave " + records.get() + " of " + held);
        }
        return d;
    }

    /**
     * Feeds flows {@code from} to {@code from + n - 1} (each a new UDP session) in owner tasks of {@link #BATCH}, at
     * most {@link #IN_FLIGHT} queued, and waits for the last; returns the next flow number.
     */
    private static int feed(Instance nat, int from, int n) throws InterruptedException {
        Semaphore room = new Semaphore(IN_FLIGHT);
        PacketPath path = nat.packets();
        Scheduler owner = nat.owner();
        for (int i0 = from; i0 < from + n; i0 += BATCH) {
            int lo = i0;
            int hi = Math.min(from + n, i0 + BATCH);
            byte[][] packets = new byte[hi - lo][];
            for (int i = lo; i < hi; i++) {
                packets[i - lo] = TranslateWithFollower.udp6(1 + i / 60_000, 1 + i % 60_000);
            }
            room.acquire();
            owner.schedule(() -> {
                long now = nat.now();
                for (byte[] p : packets) {
                    path.process(p, 0, p.length, now);
                }
                room.release();
            });
        }
        room.acquire(IN_FLIGHT);
        return from + n;
    }

    /** The CPU time of all this process's threads, collector and compiler included, in ns ({@code schedstat}). */
    private static long processCpu() {
        long total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String s = Files.readString(t.resolve("schedstat"));
                    total += Long.parseLong(s.substring(0, s.indexOf(' ')));
                } catch (IOException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }

    /** Voluntary plus involuntary context switches of this process's threads whose name starts with {@code name}. */
    private static long switches(String name) {
        long total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String comm = Files.readString(t.resolve("comm")).strip();
                if (!comm.startsWith(name)) {
                    continue;
                }
                for (String line : Files.readAllLines(t.resolve("status"))) {
                    if (line.contains("ctxt_switches:")) {
                        total += Long.parseLong(
                                line.substring(line.indexOf(':') + 1).strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }
}
