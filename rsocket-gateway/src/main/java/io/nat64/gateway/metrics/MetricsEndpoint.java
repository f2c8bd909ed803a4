package io.nat64.gateway.metrics;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nat64.core.dataplane.DataPlaneStat;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.InstanceRegistry;
import io.nat64.gateway.FollowTally;
import io.nat64.gateway.peer.PeerStats;
import io.nat64.streams.sync.SyncStats;
import io.nat64.streams.sync.net.ProxyStats;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * The metrics of one nat64 process in Prometheus' text format: a registry the daemon binds its instances to
 * ({@link #bindInstances}) and a session proxy its {@link SyncStats} ({@link #bindSync}) and RSocket peer links
 * ({@link #bindPeers}), optionally served on
 * {@code http://ADDRESS/metrics} ({@link #serve}). Every metric carries the nat64 instance as the label {@code
 * iname} (Jool's INAME; not {@code instance}, which Prometheus sets to the scraped target).
 *
 * <p>Threading: thread-safe. A scrape runs off the event loop; it reads snapshots and atomic counters only, never an
 * owner thread.
 *
 * <pre>{@code
 * MetricsEndpoint m = MetricsEndpoint.create();
 * m.bindInstances(registry, dataPlanes, gateway.follows(), Duration.ofSeconds(1));
 * m.serve(new InetSocketAddress("127.0.0.1", 9464)).block();
 * }</pre>
 */
public final class MetricsEndpoint implements Disposable {
    /** The default address: loopback, Prometheus' port range for exporters. */
    public static final InetSocketAddress DEFAULT_ADDRESS = InetSocketAddress.createUnresolved("127.0.0.1", 9464);
    /** How often instance snapshots are taken by default. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<Disposable> bindings = new CopyOnWriteArrayList<>();
    private final List<PeerBinder> peers = new CopyOnWriteArrayList<>();
    private final List<InstanceBinder> instanceBinders = new CopyOnWriteArrayList<>();
    private volatile @Nullable DisposableServer server;

    private MetricsEndpoint() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** An endpoint with the JVM's own meters and nothing else bound, not serving yet. */
    public static MetricsEndpoint create() {
        return new MetricsEndpoint();
    }

    /**
     * Exports every instance of {@code instances} (those added later too; a removed one's meters go): sessions, BIB
     * entries and pool4 size per protocol, packets received, translated and dropped by reason, the data plane's
     * counters ({@code dataPlane}, empty when an instance has none), and its followers ({@code follows}). The
     * instances' counters are snapshotted on their owner threads every {@code period}.
     */
    public MetricsEndpoint bindInstances(
            InstanceRegistry instances,
            Function<Instance, Map<DataPlaneStat, Long>> dataPlane,
            FollowTally follows,
            Duration period) {
        InstanceBinder b = new InstanceBinder(registry, instances, dataPlane, follows, period);
        bindings.add(b);
        instanceBinders.add(b);
        return this;
    }

    /** Exports the session synchronisation counters {@code stats} of instance {@code iname} (read atomically). */
    public MetricsEndpoint bindSync(String iname, SyncStats stats) {
        bindings.add(SyncBinder.bind(registry, iname, stats));
        return this;
    }

    /**
     * Exports a session proxy's six counters (its stats server's: from the daemon, from and to the network) of
     * instance {@code iname}; {@code stats} is read at every scrape, from the scraping thread.
     */
    public MetricsEndpoint bindProxy(String iname, Supplier<ProxyStats> stats) {
        bindings.add(ProxyBinder.bind(registry, iname, stats));
        return this;
    }

    /**
     * Exports the RSocket peer links of {@code stats} (node {@code iname}), one series per link labelled {@code peer}
     * and {@code direction}; links that connect later appear at the next scrape.
     */
    public MetricsEndpoint bindPeers(String iname, PeerStats stats) {
        PeerBinder b = PeerBinder.bind(registry, iname, stats);
        bindings.add(b);
        peers.add(b);
        return this;
    }

    /** Serves the metrics on {@code http://at/metrics}; emits this endpoint once it listens. */
    public Mono<MetricsEndpoint> serve(InetSocketAddress at) {
        return MetricsHttp.serve(at, this::scrape).map(s -> {
            server = s;
            return this;
        });
    }

    /** Where it listens (with the real port when 0 was asked), or null when not serving. */
    public @Nullable InetSocketAddress address() {
        DisposableServer s = server;
        return s == null ? null : (InetSocketAddress) s.address();
    }

    /**
     * The current metrics in Prometheus' text format (what a scrape gets); each instance's meters from one snapshot.
     * Scrapes run one at a time.
     */
    public synchronized String scrape() {
        for (InstanceBinder b : instanceBinders) {
            b.freeze();
        }
        for (PeerBinder p : peers) {
            p.refresh();
        }
        return registry.scrape();
    }

    /** Stops serving and stops every snapshot. */
    @Override
    public void dispose() {
        DisposableServer s = server;
        if (s != null) {
            s.disposeNow(Duration.ofSeconds(5));
        }
        for (Disposable d : bindings) {
            d.dispose();
        }
        registry.close();
    }

    @Override
    public boolean isDisposed() {
        return registry.isClosed();
    }
}
