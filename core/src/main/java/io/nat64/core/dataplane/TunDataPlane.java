package io.nat64.core.dataplane;

import io.nat64.core.instance.Instance;
import io.nat64.core.instance.PacketPath;
import io.nat64.core.tun.TunDevice;
import io.nat64.core.tun.TunException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Moves real traffic between a TUN device and one {@link Instance}: a dedicated reader thread per TUN queue reads
 * packets into a reused direct buffer and copies them into batches of up to {@code batchSize} packets; each batch
 * is one task on the instance's owner thread, which runs {@link PacketPath#process} on every packet and writes what
 * comes out to the device from one reused direct buffer. At most {@code batches} batches are in flight: when the
 * owner falls behind, readers stop reading and the kernel drops at the TUN queue ({@link WhenBehind#WAIT}, counted
 * in {@link DataPlaneStat#KERNEL_TX_DROPPED}), or they read on and drop ({@link WhenBehind#DROP}, counted in {@link
 * DataPlaneStat#RX_DROPPED_BUSY}); nothing queues without bound. IPv6
 * neighbour discovery and multicast are skipped, counted. Nothing is allocated per packet.
 *
 * <p>Threading: {@link #start} and {@link #close} from any thread (not the owner's); {@link #stats()} from any
 * thread. The data plane owns the device: {@link #close()} closes it, the readers end, and the owner finishes the
 * batches already handed to it before {@code close} returns.
 *
 * <pre>{@code
 * Instance nat = Instance.create(config);
 * try (TunDataPlane plane = TunDataPlane.start(nat, TunDevice.open(config.tunName()), TunDataPlane.Options.DEFAULTS)) {
 *     ... // translate until told to stop
 * }
 * nat.close();
 * }</pre>
 */
public final class TunDataPlane implements AutoCloseable {
    /** The largest packet the data plane carries (an IPv4 or IPv6 packet without jumbogram). */
    public static final int MAX_PACKET = 65_535;

    private static final Logger log = LoggerFactory.getLogger(TunDataPlane.class);
    private static final int BUFFER_BYTES = MAX_PACKET + 1;
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    /** What a TUN reader does when every batch is in flight (the owner thread is behind). */
    public enum WhenBehind {
        /** Read on and drop, counted in {@link DataPlaneStat#RX_DROPPED_BUSY}. */
        DROP,
        /**
         * Stop reading until the owner frees a batch: the TUN queue ({@code txqueuelen}) fills and the kernel drops
         * at enqueue, counted in {@link DataPlaneStat#KERNEL_TX_DROPPED}. The default: when the owner is behind, CPU
         * is what it lacks, and reading and copying packets only to drop them takes CPU from it (measured in
         * docs/benchmarks.md: both iperf3 figures gain 20 to 50 % on two cores).
         */
        WAIT
    }

    /**
     * How packets are batched: up to {@code batchSize} packets (1 to 1024) per owner task, at most {@code batches}
     * (1 to 1024) tasks in flight, and what readers do when all are in flight.
     */
    public record Options(int batchSize, int batches, WhenBehind whenBehind) {
        /** 64 packets per batch, 16 batches in flight, wait when behind. */
        public static final Options DEFAULTS = new Options(64, 16, WhenBehind.WAIT);

        /** Validates both bounds. */
        public Options {
            if (batchSize < 1 || batchSize > 1024 || batches < 1 || batches > 1024) {
                throw new IllegalArgumentException(
                        "batch size and batches in flight must be 1 to 1024, not " + batchSize + " and " + batches);
            }
        }

        /** Bytes per batch: room for {@code batchSize} 2 KiB packets, and never less than one largest packet. */
        int arenaBytes() {
            return Math.max(BUFFER_BYTES, batchSize * 2048);
        }
    }

    private final Options options;
    private final Instance instance;
    private final TunDevice tun;
    private final BatchPipe pipe;
    private final List<StatCells> cells = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private TunDataPlane(Instance instance, TunDevice tun, Options options) {
        this.options = options;
        this.instance = instance;
        this.tun = tun;
        StatCells ownerStats = newCells();
        this.pipe = new BatchPipe(
                options.batches(),
                options.batchSize(),
                options.arenaBytes(),
                instance.owner(),
                instance.packets(),
                instance::now,
                ownerStats);
    }

    /**
     * Connects {@code tun} to {@code instance} and starts one reader thread per queue; from now on the data plane
     * owns the device.
     */
    public static TunDataPlane start(Instance instance, TunDevice tun, Options options) {
        TunDataPlane plane = new TunDataPlane(instance, tun, options);
        try {
            plane.connectOutput();
            plane.startReaders();
        } catch (RuntimeException | Error e) {
            plane.close();
            throw e;
        }
        return plane;
    }

    private void connectOutput() {
        PacketPath path = instance.packets();
        TunWriter writer = new TunWriter(tun, BUFFER_BYTES, newCells());
        onOwner(() -> path.setOutput(writer));
    }

    private void startReaders() {
        for (int q = 0; q < tun.queues(); q++) {
            StatCells stats = newCells();
            TunReader reader =
                    new TunReader(tun, q, BUFFER_BYTES, new Batcher(pipe, stats), stats, options.whenBehind());
            Thread t = new Thread(reader, "nat64-" + instance.name() + "-rx" + q);
            t.setDaemon(true);
            readers.add(t);
            t.start();
        }
    }

    private StatCells newCells() {
        StatCells c = new StatCells();
        cells.add(c);
        return c;
    }

    /** The instance this data plane feeds. */
    public Instance instance() {
        return instance;
    }

    /** The TUN interface name. */
    public String deviceName() {
        return tun.name();
    }

    /** A new injection handle for the calling thread (see {@link PacketInjector}). */
    public PacketInjector newInjector() {
        StatCells stats = newCells();
        return new PacketInjector(new Batcher(pipe, stats), stats);
    }

    /**
     * Waits until the owner thread has processed every batch handed to it so far (injected packets once {@link
     * PacketInjector#flush()} ran); not on the owner thread.
     */
    public void drain() {
        onOwner(() -> {});
    }

    /** The data-plane counters, summed over its threads, and the device's kernel drop counter; any thread. */
    public Map<DataPlaneStat, Long> stats() {
        Map<DataPlaneStat, Long> sum = new EnumMap<>(DataPlaneStat.class);
        for (DataPlaneStat s : DataPlaneStat.values()) {
            long v = 0;
            for (StatCells c : cells) {
                v += c.get(s);
            }
            sum.put(s, v);
        }
        sum.put(DataPlaneStat.KERNEL_TX_DROPPED, kernelTxDropped());
        return sum;
    }

    /** The interface's {@code tx_dropped} (packets the kernel could not queue towards us), 0 if unreadable. */
    private long kernelTxDropped() {
        Path file = Path.of("/sys/class/net", tun.name(), "statistics", "tx_dropped");
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Closes the device, waits for the readers to end and for the owner to finish the batches it was given, then
     * disconnects the instance's output. Idempotent; not on the owner thread.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        pipe.close();
        try {
            tun.close();
        } catch (TunException e) {
            log.warn("closing {}: {}", tun.name(), e.getMessage());
        }
        for (Thread t : readers) {
            try {
                t.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        PacketPath path = instance.packets();
        try {
            onOwner(() -> path.setOutput((buf, off, len) -> {}));
        } catch (RuntimeException e) {
            log.debug("owner of {} already stopped: {}", instance.name(), e.toString());
        }
    }

    /** Runs {@code task} on the owner thread, after everything queued there, and waits for it. */
    private void onOwner(Runnable task) {
        Mono.<Void>fromRunnable(task).subscribeOn(instance.owner()).block(STOP_WAIT);
    }
}
