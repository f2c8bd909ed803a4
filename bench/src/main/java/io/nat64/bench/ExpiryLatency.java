package io.nat64.bench;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.Globals;
import io.nat64.core.session.BibTable;
import io.nat64.core.session.SessionListener;
import io.nat64.core.session.TimerType;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Expiry of a full table in the owner thread's slices: {@code sessions} sessions opened at once, the clock moved
 * past their timeout, then {@code expire(now, 8192)} called until it returns less than its budget, each call
 * timed (wall clock and thread CPU time). UDP sessions are removed in one pass; ESTABLISHED TCP sessions take two, the EST timer's probe pass
 * (each moves to TRANS) and the TRANS timer's removal pass. Repeated {@code rounds} times in one JVM, the first
 * rounds being the JIT's warm-up. With {@code listening}, a listener keeps the last mutations in a ring, as the
 * engine's sink would, so every removal builds its mutation.
 *
 * <p>Usage: {@code ExpiryLatency udp|tcp [sessions] [rounds] [listening]}; defaults 1,000,000 and 5.
 */
public final class ExpiryLatency {
    /** The owner thread's slice, in units of work. */
    static final int BUDGET = 8192;

    private ExpiryLatency() {}

    public static void main(String[] args) {
        L4Protocol protocol = L4Protocol.valueOf(args.length > 0 ? args[0].toUpperCase(Locale.ROOT) : "UDP");
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        boolean listening = args.length > 3 && args[3].equals("listening");
        SliceStats[] worst = new SliceStats[2];
        for (int r = 1; r <= rounds; r++) {
            SliceStats[] passes = round(protocol, sessions, listening);
            for (int p = 0; p < passes.length; p++) {
                System.out.printf(
                        Locale.ROOT, "expiry: %s round %d %s: %s%n", protocol, r, pass(protocol, p), passes[p]);
                worst[p] = worst[p] == null ? passes[p] : worst[p].worst(passes[p]);
            }
        }
        for (int p = 0; p < worst.length && worst[p] != null; p++) {
            System.out.printf(
                    Locale.ROOT,
                    "expiry: %s%s, %,d sessions, worst of %d rounds, %s: %s%n",
                    protocol,
                    listening ? " (listening)" : "",
                    sessions,
                    rounds,
                    pass(protocol, p),
                    worst[p]);
        }
    }

    private static String pass(L4Protocol protocol, int p) {
        return protocol != L4Protocol.TCP ? "removal" : p == 0 ? "EST probe pass" : "TRANS removal pass";
    }

    private static SliceStats[] round(L4Protocol protocol, int sessions, boolean listening) {
        Globals globals = Globals.defaults();
        BibTable table = Flows.newDb(listening ? new RingListener() : SessionListener.NONE)
                .table(protocol);
        Flows.fill(table, sessions, 1, Flows.START);
        System.gc();
        long now = Flows.START + globals.timeout(protocol, TimerType.EST) + 1;
        SliceStats first = drain(table, now);
        if (protocol != L4Protocol.TCP) {
            Flows.expectCounts(table, 0, 0);
            return new SliceStats[] {first};
        }
        Flows.expectCounts(table, sessions, sessions); // probed, now on the TRANS timer
        SliceStats second = drain(table, now + globals.timeout(protocol, TimerType.TRANS) + 1);
        Flows.expectCounts(table, 0, 0);
        return new SliceStats[] {first, second};
    }

    /** Calls {@code expire(now, BUDGET)} until it has nothing left, timing each call. */
    private static SliceStats drain(BibTable table, long now) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long gcCount = gcCount();
        long gcMillis = gcMillis();
        long[] wall = new long[256];
        long[] cpu = new long[256];
        int slices = 0;
        int work = 0;
        int used;
        do {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            used = table.expire(now, BUDGET);
            long took = System.nanoTime() - start;
            long cpuTook = threads.getCurrentThreadCpuTime() - cpuStart;
            if (slices == wall.length) {
                wall = Arrays.copyOf(wall, 2 * slices);
                cpu = Arrays.copyOf(cpu, 2 * slices);
            }
            wall[slices] = took;
            cpu[slices++] = cpuTook;
            work += used;
        } while (used == BUDGET);
        return SliceStats.of(wall, cpu, slices, work, gcCount() - gcCount, gcMillis() - gcMillis);
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }
}
