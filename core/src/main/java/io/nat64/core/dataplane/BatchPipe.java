package io.nat64.core.dataplane;

import io.nat64.core.instance.PacketPath;
import io.nat64.core.session.BibTable;
import io.nat64.core.session.BurstPrefetch;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;

/**
 * The bounded hand-over from producer threads to the owner thread: a fixed pool of {@link PacketBatch}es. A
 * producer takes a free batch, fills it and submits it; the owner runs {@link PacketPath#process} on each packet
 * and puts the batch back. When every batch is in flight the owner is behind: the TUN readers drop (and count),
 * the injector waits. So at most {@code batches} batches are ever queued on the owner.
 *
 * <p>Threading: {@link #tryTake}, {@link #take} and {@link #submit} from any producer thread; {@link #processAll} and
 * the owner-side counters on the owner thread only.
 */
final class BatchPipe {
    private static final Logger log = LoggerFactory.getLogger(BatchPipe.class);
    /**
     * Packets whose table entries are read ahead at a time ({@link PacketPath#prefetch}); a power of two, at most
     * {@link BurstPrefetch#CAPACITY}. Bursts of 32 and 64 measured no faster (docs/benchmarks.md).
     */
    private static final int PREFETCH = 16;

    private final BlockingQueue<PacketBatch> free;
    private final int batches;
    private final Scheduler owner;
    private final PacketPath path;
    private final LongSupplier clock;
    /** Written by the owner thread only. */
    private final StatCells ownerStats;

    private volatile boolean closed;
    /** What the read-ahead returned, kept so that the reads are not optimised away. Owner thread only. */
    @SuppressWarnings("unused")
    private long prefetched;
    /** The read-ahead of the next packets. Owner thread only. */
    private final BurstPrefetch burst = new BurstPrefetch();
    /** Per packet of the current read-ahead, its place in {@link #burst}, or -1 if it was left out. */
    private final int[] burstIndex = new int[PREFETCH];

    BatchPipe(
            int batches,
            int batchSize,
            int arenaBytes,
            Scheduler owner,
            PacketPath path,
            LongSupplier clock,
            StatCells ownerStats) {
        this.free = new ArrayBlockingQueue<>(batches);
        this.batches = batches;
        for (int i = 0; i < batches; i++) {
            free.add(new PacketBatch(batchSize, arenaBytes, this::processAll));
        }
        this.owner = owner;
        this.path = path;
        this.clock = clock;
        this.ownerStats = ownerStats;
    }

    /** A free batch, or null if all are in flight (the owner is behind) or the pipe is closed. */
    @Nullable
    PacketBatch tryTake() {
        return closed ? null : free.poll();
    }

    /** A free batch, waiting for the owner to release one; null once the pipe is closed. */
    @Nullable
    PacketBatch take() throws InterruptedException {
        while (!closed) {
            PacketBatch b = free.poll(100, TimeUnit.MILLISECONDS);
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    /** Hands a filled batch to the owner thread (one task per batch); {@code stats} is the producer's counters. */
    void submit(PacketBatch batch, StatCells stats) {
        if (batch.isEmpty() || closed) {
            release(batch);
            return;
        }
        stats.inc(DataPlaneStat.BATCHES);
        try {
            owner.schedule(batch);
        } catch (RejectedExecutionException e) {
            // The owner is shutting down: these packets die with it.
            stats.add(DataPlaneStat.RX_DROPPED_BUSY, batch.count());
            release(batch);
        }
    }

    /** Owner thread: translates every packet of {@code batch}, then frees it. */
    private void processAll(PacketBatch batch) {
        long now = clock.getAsLong();
        path.noteBacklog(batches - free.size() - 1, now); // the batches submitted and not yet begun
        byte[] arena = batch.arena();
        for (int i = 0, n = batch.count(); i < n; i++) {
            if ((i & (PREFETCH - 1)) == 0) {
                // Read the next few packets' table entries first, so that their cache misses overlap.
                for (int j = i, end = Math.min(n, i + PREFETCH), k = 0; j < end; j++) {
                    burstIndex[j - i] = path.prefetch(burst, arena, batch.offset(j), batch.length(j)) ? k++ : -1;
                }
                prefetched ^= burst.run();
            }
            try {
                int k = burstIndex[i & (PREFETCH - 1)];
                long hint = k < 0 ? BibTable.NO_HINT : burst.hash(k);
                count(path.process(arena, batch.offset(i), batch.length(i), now, hint));
            } catch (RuntimeException e) {
                ownerStats.inc(DataPlaneStat.PROCESS_ERRORS);
                long errors = ownerStats.get(DataPlaneStat.PROCESS_ERRORS);
                if (Long.bitCount(errors) == 1) {
                    log.error("packet processing threw (error #{}; logged at powers of two)", errors, e);
                }
            }
        }
        release(batch);
    }

    private void count(PacketPath.Result r) {
        switch (r) {
            case TRANSLATED -> ownerStats.inc(DataPlaneStat.TRANSLATED);
            case DROPPED -> ownerStats.inc(DataPlaneStat.DROPPED);
            case STOLEN -> ownerStats.inc(DataPlaneStat.STOLEN);
        }
    }

    /** Puts a batch back in the pool; never blocks (the pool has room for every batch). */
    void release(PacketBatch batch) {
        batch.clear();
        free.offer(batch);
    }

    /** Producers get no more batches; batches already submitted still run. */
    void close() {
        closed = true;
    }
}
