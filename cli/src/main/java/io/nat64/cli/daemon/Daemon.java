package io.nat64.cli.daemon;

import io.nat64.core.dataplane.TunDataPlane;
import io.nat64.core.instance.Instance;
import io.nat64.core.pool.Pool4Entry;
import io.nat64.core.session.BibEntry;
import io.nat64.core.tun.TunDevice;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: one {@link Instance} and one {@link TunDataPlane} per configured instance, plus the optional
 * stats file writer and injection listener. {@link #close()} stops it all in order: injection, data planes (device
 * closed, readers ended, owner drained), a last stats write, instances.
 *
 * <p>Threading: {@link #start} on the launching thread; {@link #close()} from any thread (the shutdown hook), once.
 */
final class Daemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);
    private static final Duration SETUP = Duration.ofSeconds(10);

    /** What the command line adds to the configuration file. */
    record Options(
            String source,
            @Nullable Path statsFile,
            Duration statsInterval,
            int injectPort,
            @Nullable String injectInstance,
            TunDataPlane.Options dataPlane,
            java.net.InetSocketAddress gateway,
            java.net.@Nullable InetSocketAddress metrics,
            long advertiseRate,
            long catchUpRate) {}

    private final Options options;
    /** TUN queues per instance name, from the configuration (instances added later get one). */
    private final java.util.Map<String, Integer> queues = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * The instances, as the gateway sees them: every instance, from the configuration or from {@code nat64
     * instance add}, gets its TUN device and data plane here, and loses them before it is shut down.
     */
    private final io.nat64.core.instance.InstanceRegistry registry =
            new io.nat64.core.instance.InstanceRegistry(this::createInstance, this::closeDataPlane);

    private PrintWriter out = new PrintWriter(java.io.Writer.nullWriter());

    private io.nat64.gateway.@Nullable Gateway gateway;
    private io.nat64.gateway.metrics.@Nullable MetricsEndpoint metrics;
    private final List<TunDataPlane> planes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private @Nullable ScheduledExecutorService statsThread;
    private @Nullable StatsFile stats;
    private @Nullable InjectServer inject;

    private Daemon(Options options) {
        this.options = options;
    }

    /**
     * Creates every instance and its TUN device, prints the commands the operator must run, and starts translating.
     * On failure everything created so far is closed.
     *
     * @throws ConfigException if a static BIB entry is refused (e.g. outside pool4)
     * @throws io.nat64.core.tun.TunException if a TUN device cannot be created
     */
    static Daemon start(DaemonPlan plan, Options options, PrintWriter out) throws IOException {
        Daemon d = new Daemon(options);
        d.out = out;
        try {
            for (int i = 0; i < plan.instances().size(); i++) {
                d.startInstance(plan.instances().get(i), i, out);
            }
            d.startStats();
            d.startInject(out);
            d.startGateway(out);
            d.startMetrics(out);
        } catch (RuntimeException | IOException | Error e) {
            d.close();
            throw e;
        }
        out.println("nat64 daemon: ready (" + plan.instances().size() + " instance"
                + (plan.instances().size() == 1 ? "" : "s") + ")");
        out.flush();
        return d;
    }

    private void startInstance(DaemonPlan.InstancePlan p, int index, PrintWriter out) {
        queues.put(p.config().name(), p.queues());
        Instance nat = registry.add(p.config());
        for (Pool4Entry e : p.pool4()) {
            nat.addPool4(e).block(SETUP);
        }
        for (int j = 0; j < p.bib().size(); j++) {
            BibEntry e = p.bib().get(j);
            try {
                nat.addStaticBib(e).block(SETUP);
            } catch (IllegalArgumentException ex) {
                throw new ConfigException(
                        options.source() + ": instances[" + index + "].bib[" + j + "]: " + ex.getMessage(), ex);
            }
        }
        TunDataPlane plane = planeOf(nat);
        log.info(
                "event=instance-started iname={} pool6={} tun={} queues={} pool4={} bib={}",
                nat.name(),
                p.config().pool6(),
                plane.deviceName(),
                p.queues(),
                p.pool4().size(),
                p.bib().size());
        out.println(
                "nat64 daemon: instance " + nat.name() + ": pool6 " + p.config().pool6() + ", TUN device "
                        + plane.deviceName() + " (" + p.queues() + (p.queues() == 1 ? " queue" : " queues") + "), "
                        + p.pool4().size() + " pool4 entries, " + p.bib().size() + " static BIB entries");
        out.println("nat64 daemon: instance " + nat.name()
                + ": run these commands (the daemon does not configure routes itself):");
        for (String command : IpCommands.of(p, plane.deviceName())) {
            out.println("  " + command);
        }
        out.flush();
    }

    /** The registry's factory: the instance, its TUN device and its data plane (any thread but an owner). */
    private Instance createInstance(io.nat64.core.instance.InstanceConfig config) {
        Instance nat = Instance.create(config);
        try {
            TunDevice tun = TunDevice.open(config.tunName(), queues.getOrDefault(config.name(), 1));
            planes.add(TunDataPlane.start(nat, tun, options.dataPlane()));
        } catch (RuntimeException e) {
            nat.close();
            throw e;
        }
        if (!queues.containsKey(config.name())) { // added through the gateway: say what to route
            String device = planeOf(nat).deviceName();
            log.info("event=instance-added iname={} pool6={} tun={}", config.name(), config.pool6(), device);
            out.println("nat64 daemon: instance " + config.name() + " added, TUN device " + device + "; run:");
            out.println("  ip link set dev " + device + " up");
            out.println("  ip -6 route add " + config.pool6() + " dev " + device);
            out.println("  ip -4 route add <each pool4 prefix> dev " + device);
            out.flush();
        }
        return nat;
    }

    /** Closes the data plane of an instance being removed, off the caller's thread (it waits for the readers). */
    private reactor.core.publisher.Mono<Void> closeDataPlane(Instance nat) {
        return reactor.core.publisher.Mono.<Void>fromRunnable(() -> {
                    for (TunDataPlane p : planes) {
                        if (p.instance() == nat) {
                            p.close();
                            planes.remove(p);
                        }
                    }
                    queues.remove(nat.name());
                    log.info("event=instance-removed iname={}", nat.name());
                    out.println("nat64 daemon: instance " + nat.name() + " removed");
                    out.flush();
                })
                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
    }

    private TunDataPlane planeOf(Instance nat) {
        return planes.stream()
                .filter(p -> p.instance() == nat)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no data plane for " + nat.name()));
    }

    private void startStats() throws IOException {
        Path file = options.statsFile();
        if (file == null) {
            return;
        }
        StatsFile s = new StatsFile(file);
        s.write(planes);
        stats = s;
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "nat64-stats");
            thread.setDaemon(true);
            return thread;
        });
        long every = options.statsInterval().toMillis();
        t.scheduleWithFixedDelay(this::writeStats, every, every, TimeUnit.MILLISECONDS);
        statsThread = t;
    }

    private void writeStats() {
        StatsFile s = stats;
        if (s == null || closed.get()) {
            return;
        }
        try {
            s.write(planes);
        } catch (IOException | RuntimeException e) {
            log.warn("event=stats-file-failed file={} error={}", options.statsFile(), e.toString());
        }
    }

    private void startGateway(PrintWriter out) {
        java.net.InetSocketAddress at = options.gateway();
        io.nat64.gateway.GatewayOptions g = new io.nat64.gateway.GatewayOptions(
                at,
                java.net.InetSocketAddress.createUnresolved(
                        at.getHostString(),
                        at.getPort() == 0 ? 0 : io.nat64.gateway.GatewayOptions.DEFAULT_WEBSOCKET_PORT));
        io.nat64.gateway.Gateway started = io.nat64.gateway.Gateway.start(
                        registry, g, options.advertiseRate(), options.catchUpRate())
                .block(SETUP);
        if (started == null) {
            throw new IllegalStateException("the gateway did not start");
        }
        gateway = started;
        out.println("nat64 daemon: gateway on " + started.tcpAddress() + " (RSocket over TCP)");
    }

    /** The Prometheus endpoint over every instance, unless {@code --metrics off}. */
    private void startMetrics(PrintWriter out) throws IOException {
        java.net.InetSocketAddress at = options.metrics();
        io.nat64.gateway.Gateway g = gateway;
        if (at == null || g == null) {
            return;
        }
        io.nat64.gateway.metrics.MetricsEndpoint m = io.nat64.gateway.metrics.MetricsEndpoint.create()
                .bindInstances(
                        registry,
                        this::dataPlaneStats,
                        g.follows(),
                        io.nat64.gateway.metrics.MetricsEndpoint.DEFAULT_PERIOD);
        metrics = m;
        try {
            m.serve(at).block(SETUP);
        } catch (RuntimeException e) {
            Throwable cause = reactor.core.Exceptions.unwrap(e);
            throw new IOException(
                    "cannot serve metrics on " + at.getHostString() + ":" + at.getPort() + ": " + cause.getMessage()
                            + " (--metrics HOST:PORT or --metrics off)",
                    cause);
        }
        java.net.InetSocketAddress bound = m.address();
        out.println("nat64 daemon: metrics on http://"
                + (bound == null ? at.getHostString() + ":" + at.getPort() : hostPort(bound)) + "/metrics");
        log.info("event=metrics-started address={}", bound);
    }

    private static String hostPort(java.net.InetSocketAddress a) {
        String host =
                a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** The data-plane counters of {@code nat}, empty when it has none (being created or removed); any thread. */
    private java.util.Map<io.nat64.core.dataplane.DataPlaneStat, Long> dataPlaneStats(Instance nat) {
        for (TunDataPlane p : planes) {
            if (p.instance() == nat) {
                return p.stats();
            }
        }
        return java.util.Map.of();
    }

    private void startInject(PrintWriter out) throws IOException {
        if (options.injectPort() <= 0 || planes.isEmpty()) {
            return;
        }
        String wanted = options.injectInstance();
        TunDataPlane target = planes.stream()
                .filter(p -> wanted == null || p.instance().name().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new ConfigException("--inject-instance: no instance named '" + wanted + "'"));
        inject = InjectServer.start(options.injectPort(), target);
        out.println("nat64 daemon: packet injection for instance "
                + target.instance().name() + " on 127.0.0.1:" + inject.port() + " (test and diagnostic hook)");
    }

    /** Blocks until {@link #close()} has finished. */
    void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** Stops everything, in order; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            closeAll();
        } finally {
            stopped.countDown();
        }
    }

    private void closeAll() {
        io.nat64.gateway.metrics.MetricsEndpoint m = metrics;
        if (m != null) {
            m.dispose();
        }
        io.nat64.gateway.Gateway g = gateway;
        if (g != null) {
            g.dispose();
        }
        InjectServer i = inject;
        if (i != null) {
            try {
                i.close();
            } catch (IOException e) {
                log.warn("event=inject-close-failed error={}", e.toString());
            }
        }
        ScheduledExecutorService t = statsThread;
        if (t != null) {
            t.shutdownNow();
        }
        for (TunDataPlane p : planes) {
            p.close();
        }
        StatsFile s = stats;
        if (s != null) {
            try {
                s.write(planes);
            } catch (IOException | RuntimeException e) {
                log.warn("event=stats-file-failed file={} error={}", options.statsFile(), e.toString());
            }
        }
        for (Instance nat : registry.all()) {
            nat.close();
        }
    }
}
