package io.nat64.streams.sync;

import io.nat64.streams.sync.codec.DatagramFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * The session proxy's receive queue: reads a network's datagrams as fast as they come (unbounded demand, so the
 * socket is drained by its own reading thread and never waits for the daemon), holds them up to a byte budget,
 * and hands them on as {@link DatagramFrame}s of several datagrams each, as the daemon asks. UDP has no flow
 * control: a receiver that reads only on demand leaves the excess to the kernel, which drops it silently in the
 * socket buffer. Here a datagram that does not fit the budget is dropped and counted ({@link #dropped()}, logged
 * at the 1st, 2nd, 4th... drop), and a slow daemon only grows the queue.
 *
 * <p>Threading: datagrams are queued on the source's thread; frames are cut and emitted on the backlog's own
 * thread ({@code nat64-sync-backlog-N}), which may block on the queue. {@link #frames} has one subscriber at a
 * time (a new one waits until the previous has left); a frame cut as its subscriber cancels goes back to the
 * head of the queue.
 *
 * <pre>{@code
 * DatagramBacklog backlog = DatagramBacklog.start(network.receive(), DatagramBacklog.DEFAULT_MAX_BYTES);
 * client.channel(Route.SYNC_MERGE, request, backlog.frames(DatagramBacklog.DEFAULT_FRAME_BYTES));
 * }</pre>
 */
public final class DatagramBacklog implements Disposable {
    /** The default byte budget: 32 MiB (about 25,000 datagrams of 36 sessions, 900,000 sessions). */
    public static final long DEFAULT_MAX_BYTES = 32L << 20;
    /** The default frame size: 32 KiB, about 24 datagrams of 36 sessions (one owner task of ~870 merges). */
    public static final int DEFAULT_FRAME_BYTES = 32 << 10;

    private static final Logger log = LoggerFactory.getLogger(DatagramBacklog.class);
    private static final AtomicInteger COUNT = new AtomicInteger();

    private final LinkedBlockingDeque<byte[]> queue = new LinkedBlockingDeque<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final long maxBytes;
    private final ExecutorService drainer;
    private final Disposable reading;
    private volatile boolean sourceDone;
    private volatile boolean disposed;

    private DatagramBacklog(Flux<byte[]> datagrams, long maxBytes) {
        if (maxBytes < DatagramFrame.MAX_DATAGRAM) {
            throw new IllegalArgumentException("backlog must hold at least 65,535 bytes, not " + maxBytes);
        }
        this.maxBytes = maxBytes;
        String name = "nat64-sync-backlog-" + COUNT.incrementAndGet();
        this.drainer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        this.reading = datagrams.subscribe(this::offer, this::sourceFailed, () -> sourceDone = true);
    }

    /** Starts reading {@code datagrams} at once, holding at most {@code maxBytes} of them. */
    public static DatagramBacklog start(Flux<byte[]> datagrams, long maxBytes) {
        return new DatagramBacklog(datagrams, maxBytes);
    }

    /** Datagrams dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Datagrams read from the source. */
    public long received() {
        return received.get();
    }

    /** Bytes of datagrams queued now. */
    public long queuedBytes() {
        return bytes.get();
    }

    private void offer(byte[] d) {
        received.incrementAndGet();
        if (bytes.addAndGet(d.length) > maxBytes) {
            bytes.addAndGet(-d.length);
            long n = dropped.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                log.warn(
                        "session sync: receive queue full ({} bytes): {} datagrams dropped so far; the daemon merges"
                                + " slower than peers send (pace advertise lower, see docs/benchmarks.md)",
                        maxBytes,
                        n);
            }
            return;
        }
        queue.offerLast(d);
    }

    private void sourceFailed(Throwable e) {
        log.warn("session sync: the network stopped delivering datagrams: {}", e.toString());
        sourceDone = true;
    }

    /**
     * The queued datagrams, then those to come, in frames of at most {@code maxFrameBytes} (a larger datagram goes
     * alone), cut only when requested; completes once the source has completed and the queue is empty.
     */
    public Flux<byte[]> frames(int maxFrameBytes) {
        if (maxFrameBytes < DatagramFrame.OVERHEAD) {
            throw new IllegalArgumentException("frame size too small: " + maxFrameBytes);
        }
        return Flux.create(sink -> drainer.execute(() -> drain(sink, maxFrameBytes)), FluxSink.OverflowStrategy.ERROR);
    }

    private void drain(FluxSink<byte[]> sink, int maxFrameBytes) {
        Thread self = Thread.currentThread();
        sink.onRequest(n -> LockSupport.unpark(self));
        sink.onCancel(() -> LockSupport.unpark(self));
        try {
            while (!sink.isCancelled() && !disposed) {
                if (sourceDone && queue.isEmpty()) {
                    sink.complete();
                    return;
                }
                if (sink.requestedFromDownstream() == 0) {
                    LockSupport.parkNanos(1_000_000);
                    continue;
                }
                byte[] first = queue.pollFirst(20, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (sourceDone && queue.isEmpty()) {
                        sink.complete();
                        return;
                    }
                    continue;
                }
                List<byte[]> batch = cut(first, maxFrameBytes);
                if (sink.isCancelled()) {
                    for (int i = batch.size() - 1; i >= 0; i--) {
                        queue.offerFirst(batch.get(i));
                    }
                    return;
                }
                long size = 0;
                for (byte[] d : batch) {
                    size += d.length;
                }
                bytes.addAndGet(-size);
                sink.next(DatagramFrame.encode(batch));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (disposed) {
            sink.complete();
        }
    }

    private List<byte[]> cut(byte[] first, int maxFrameBytes) {
        List<byte[]> batch = new ArrayList<>();
        batch.add(first);
        int size = DatagramFrame.OVERHEAD + first.length;
        for (@Nullable byte[] next = queue.peekFirst();
                next != null && size + DatagramFrame.OVERHEAD + next.length <= maxFrameBytes;
                next = queue.peekFirst()) {
            queue.pollFirst();
            batch.add(next);
            size += DatagramFrame.OVERHEAD + next.length;
        }
        return batch;
    }

    /** Stops reading and ends {@link #frames} (what is queued is dropped). */
    @Override
    public void dispose() {
        disposed = true;
        reading.dispose();
        drainer.shutdownNow();
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }
}
