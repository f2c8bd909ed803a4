package io.nat64.bench;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.BibTable;
import io.nat64.core.session.SessionDb;
import io.nat64.core.session.SessionListener;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;

/**
 * Heap bytes per ESTABLISHED TCP session: used heap after full collections, before and after filling a table,
 * divided by the sessions; once with a BIB entry per session (the worst case) and once with ten sessions per
 * entry. Usage: {@code HeapPerSession [sessions]} (default 1,000,000). Run it alone in its JVM.
 */
public final class HeapPerSession {
    private static final int COLLECTIONS = 5;

    private HeapPerSession() {}

    public static void main(String[] args) {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        measure(sessions, 1);
        measure(sessions, 10);
    }

    private static void measure(int sessions, int perBib) {
        SessionDb db = Flows.newDb(SessionListener.NONE);
        BibTable table = db.table(L4Protocol.TCP);
        long before = usedHeap();
        Flows.fill(table, sessions, perBib, Flows.START);
        long after = usedHeap();
        System.out.printf(
                Locale.ROOT,
                "heap: TCP, %,d sessions, %,d BIB entries (%d per entry): %,d bytes, %.1f bytes/session%n",
                table.sessionCount(),
                table.bibCount(),
                perBib,
                after - before,
                (after - before) / (double) sessions);
        Reference.reachabilityFence(db);
    }

    /** Used heap after {@value #COLLECTIONS} full collections (the last reading, once the heap has settled). */
    private static long usedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = 0;
        for (int i = 0; i < COLLECTIONS; i++) {
            System.gc();
            used = memory.getHeapMemoryUsage().getUsed();
        }
        return used;
    }
}
