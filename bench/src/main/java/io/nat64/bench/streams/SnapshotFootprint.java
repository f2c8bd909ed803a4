package io.nat64.bench.streams;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.BibTable;
import io.nat64.core.session.Mapping;
import io.nat64.core.session.Session;
import io.nat64.streams.session.SessionSnapshot;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Time and heap to stream a large UDP table with {@link SessionSnapshot#display}: the live heap after every
 * collection during the stream, against the heap the table itself holds. For comparison, the same table read
 * in one piece ({@code Instance.sessions}), as a dump without pages would.
 */
final class SnapshotFootprint {
    private static final int PER_BIB = 10;
    private static final int MIB = 1 << 20;

    private SnapshotFootprint() {}

    static void run(int sessions, PrintStream out) {
        Scheduler owner = Schedulers.newSingle("bench-owner");
        try {
            Instance nat = Bench.instance(owner, L4Protocol.UDP, "198.51.100.0/28");
            long t0 = System.nanoTime();
            fill(nat, sessions);
            out.printf("snapshot: %,d UDP sessions made in %.2f s%n", sessions, (System.nanoTime() - t0) / 1e9);
            long table = liveHeap();
            out.printf(
                    "snapshot: live heap with the table: %,d MiB (%,d bytes per session)%n",
                    table / MIB, table / sessions);

            for (int round = 0; round < 3; round++) {
                AtomicLong peak = new AtomicLong(Long.MIN_VALUE);
                AtomicLong collections = new AtomicLong();
                Runnable stop = watchCollections(peak, collections);
                long start = System.nanoTime();
                Long n = SessionSnapshot.display(nat, L4Protocol.UDP).count().block(Duration.ofMinutes(2));
                long elapsed = System.nanoTime() - start;
                stop.run();
                out.printf(
                        "snapshot: display streamed %,d sessions in %.3f s (%,.0f sessions/s); heap in use after"
                                + " each of the %d collections during it: at most %s over the table alone  [%s]%n",
                        n,
                        elapsed / 1e9,
                        n * 1e9 / elapsed,
                        collections.get(),
                        collections.get() == 0 ? "n/a" : String.format("%+,d KiB", (peak.get() - table) / 1024),
                        Bench.load());
            }

            long start = System.nanoTime();
            List<Session> all = nat.call(db -> {
                        try {
                            return db.table(L4Protocol.UDP).sessions(); // what Instance.sessions does
                        } catch (OutOfMemoryError e) {
                            return List.<Session>of();
                        }
                    })
                    .block(Duration.ofMinutes(2));
            long elapsed = System.nanoTime() - start;
            if (all == null || all.isEmpty()) {
                out.printf("snapshot: for comparison, the table read in one piece: OutOfMemoryError in this heap%n");
            } else {
                long held = liveHeap() - table;
                out.printf(
                        "snapshot: for comparison, the table read in one piece: %.3f s, %,d MiB held by the list"
                                + " of %,d%n",
                        elapsed / 1e9, held / MIB, all.size());
            }
        } finally {
            owner.dispose();
        }
    }

    /** {@code sessions} UDP sessions: BIB entries of 10 sessions each (10 servers), made on the owner. */
    private static void fill(Instance nat, int sessions) {
        int bibs = sessions / PER_BIB;
        int chunk = 50_000;
        for (int from = 0; from < bibs; from += chunk) {
            int first = from;
            int last = Math.min(bibs, from + chunk);
            nat.call(db -> {
                        BibTable t = db.table(L4Protocol.UDP);
                        Mapping out = new Mapping();
                        for (int b = first; b < last; b++) {
                            for (int d = 0; d < PER_BIB; d++) {
                                int server = Bench.SERVER + d;
                                t.udpIcmp6(
                                        Bench.CLIENT_HIGH,
                                        1 + b / 50_000,
                                        1 + b % 50_000,
                                        Bench.POOL6.address().high(),
                                        Bench.embedLow(server),
                                        server,
                                        53,
                                        nat.now(),
                                        out);
                            }
                        }
                        return true;
                    })
                    .block();
        }
    }

    /** The heap in use after full collections (what is reachable). */
    static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    /** Records the largest heap in use right after any collection, and how many ran; returns the stopper. */
    private static Runnable watchCollections(AtomicLong peak, AtomicLong collections) {
        Set<String> heapPools = new HashSet<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        NotificationListener listener = (Notification n, Object handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                return;
            }
            var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            long used = 0;
            for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (heapPools.contains(e.getKey())) {
                    used += e.getValue().getUsed();
                }
            }
            peak.accumulateAndGet(used, Math::max);
            collections.incrementAndGet();
        };
        List<NotificationEmitter> emitters = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(listener, null, null);
                emitters.add(e);
            }
        }
        return () -> emitters.forEach(e -> {
            try {
                e.removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // already gone
            }
        });
    }
}
