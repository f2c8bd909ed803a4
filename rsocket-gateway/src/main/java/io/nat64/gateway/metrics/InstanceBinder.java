package io.nat64.gateway.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.dataplane.DataPlaneStat;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.InstanceRegistry;
import io.nat64.core.pool.Pool4Entry;
import io.nat64.core.stats.Stat;
import io.nat64.gateway.FollowTally;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The meters of a registry's instances. Every period, on its own thread, it registers the meters of new instances,
 * removes those of removed ones, and asks each owner thread for a snapshot (counters, table sizes, pool4 size) without
 * waiting for it: the owner publishes the snapshot into a volatile field that the meters read. An owner that has not
 * answered the previous request is not asked again, so a stalled owner costs nothing and its meters keep their last
 * values. The meters show what {@link #freeze()} last took, so that one scrape shows one snapshot of each instance
 * (its sessions and BIB entries never from two different moments).
 *
 * <p>Threading: {@link #tick()} on the binder's single thread; {@link #freeze()} and the meters from a scraping
 * thread.
 */
final class InstanceBinder implements Disposable {
    private static final Logger log = LoggerFactory.getLogger(InstanceBinder.class);

    /** Stats that are not packet drops: the packet counts, table gauges, ICMP errors sent and the sync counters. */
    static final Set<Stat> NOT_DROPS = EnumSet.of(
            Stat.RECEIVED6,
            Stat.RECEIVED4,
            Stat.SUCCESS,
            Stat.BIB_ENTRIES,
            Stat.SESSIONS,
            Stat.TYPE1PKT,
            Stat.TYPE2PKT,
            Stat.ICMP6ERR_SUCCESS,
            Stat.ICMP4ERR_SUCCESS,
            Stat.JOOLD_EMPTY,
            Stat.JOOLD_TIMEOUT,
            Stat.JOOLD_MISSING_ACK,
            Stat.JOOLD_AD_ONGOING,
            Stat.JOOLD_PKT_FULL,
            Stat.JOOLD_QUEUING,
            Stat.JOOLD_SSS_QUEUED,
            Stat.JOOLD_SSS_SENT,
            Stat.JOOLD_SSS_RCVD,
            Stat.JOOLD_SSS_ENOSPC,
            Stat.JOOLD_PKT_SENT,
            Stat.JOOLD_PKT_RCVD,
            Stat.JOOLD_ADS,
            Stat.JOOLD_ACKS);

    private static final L4Protocol[] PROTOCOLS = L4Protocol.values();

    private final MeterRegistry meters;
    private final InstanceRegistry instances;
    private final Function<Instance, Map<DataPlaneStat, Long>> dataPlane;
    private final FollowTally follows;
    private final Scheduler thread;
    /** The bound instances; the binder's thread only. */
    private final Map<Instance, Bound> bound = new HashMap<>();
    /** The same, for {@link #freeze()} from a scraping thread. */
    private final Set<Bound> live = ConcurrentHashMap.newKeySet();

    private final Disposable ticks;

    InstanceBinder(
            MeterRegistry meters,
            InstanceRegistry instances,
            Function<Instance, Map<DataPlaneStat, Long>> dataPlane,
            FollowTally follows,
            Duration period) {
        this.meters = meters;
        this.instances = instances;
        this.dataPlane = dataPlane;
        this.follows = follows;
        this.thread = Schedulers.newSingle("nat64-metrics", true);
        this.ticks = Flux.interval(Duration.ZERO, period, thread)
                .subscribe(t -> tick(), e -> log.warn("event=metrics-stopped error={}", e.toString()));
    }

    /** {@link #bindAndRefresh()}; a failure is logged and the next period tries again (the ticks never stop). */
    private void tick() {
        try {
            bindAndRefresh();
        } catch (RuntimeException e) {
            log.warn("event=metrics-tick-failed error={}", e.toString());
        }
    }

    /** Binds new instances, unbinds removed ones, refreshes the rest. */
    private void bindAndRefresh() {
        List<Instance> now = instances.all();
        bound.entrySet().removeIf(e -> {
            if (now.contains(e.getKey())) {
                return false;
            }
            e.getValue().unbind();
            return true;
        });
        for (Instance i : now) {
            bound.computeIfAbsent(i, Bound::new).refresh();
        }
    }

    /** Makes every meter show its instance's latest snapshot until the next call (call it before each scrape). */
    void freeze() {
        for (Bound b : live) {
            b.freeze();
        }
    }

    @Override
    public void dispose() {
        ticks.dispose();
        thread.schedule(() -> {
            bound.values().forEach(Bound::unbind);
            bound.clear();
        });
        thread.disposeGracefully().subscribe(null, e -> {});
    }

    @Override
    public boolean isDisposed() {
        return ticks.isDisposed();
    }

    /** What the owner thread reported last. */
    private record Snapshot(Map<Stat, Long> stats, long[] sessions, long[] bib, long[] pool4) {
        static final Snapshot EMPTY = new Snapshot(
                new EnumMap<>(Stat.class),
                new long[PROTOCOLS.length],
                new long[PROTOCOLS.length],
                new long[PROTOCOLS.length]);

        long stat(Stat s) {
            Long v = stats.get(s);
            return v == null ? 0 : v;
        }
    }

    /** One instance's meters and its latest snapshot. */
    private final class Bound {
        private final Instance instance;
        private final Tags tags;
        private final List<Meter> registered = new ArrayList<>();
        private final AtomicBoolean asking = new AtomicBoolean();
        /** The owner's latest answer, and the data plane's latest reading. */
        private volatile Snapshot latest = Snapshot.EMPTY;

        private volatile Map<DataPlaneStat, Long> latestPlane = Map.of();
        /** What the meters show: the latest ones when the last scrape began. */
        private volatile Snapshot snapshot = Snapshot.EMPTY;

        private volatile Map<DataPlaneStat, Long> plane = Map.of();

        Bound(Instance instance) {
            this.instance = instance;
            this.tags = Tags.of("iname", instance.name());
            register();
            live.add(this);
            log.info("event=metrics-bound iname={}", instance.name());
        }

        private void register() {
            for (int k = 0; k < PROTOCOLS.length; k++) {
                int p = k;
                Tags t = tags.and("protocol", PROTOCOLS[k].name().toLowerCase(Locale.ROOT));
                gauge("nat64.sessions", "Sessions held now.", t, b -> b.snapshot.sessions()[p]);
                gauge("nat64.bib.entries", "BIB entries held now.", t, b -> b.snapshot
                        .bib()[p]);
                gauge(
                        "nat64.pool4.transport.addresses",
                        "Transport addresses (address and port pairs) in pool4; BIB entries over this is pool4 usage.",
                        t,
                        b -> b.snapshot.pool4()[p]);
            }
            counter(
                    "nat64.packets.received",
                    "IPv6 packets received (JSTAT_RECEIVED6).",
                    tags.and("family", "ipv6"),
                    b -> b.snapshot.stat(Stat.RECEIVED6));
            counter(
                    "nat64.packets.received",
                    "IPv4 packets received (JSTAT_RECEIVED4).",
                    tags.and("family", "ipv4"),
                    b -> b.snapshot.stat(Stat.RECEIVED4));
            counter("nat64.packets.translated", Stat.SUCCESS.description(), tags, b -> b.snapshot.stat(Stat.SUCCESS));
            for (Stat s : Stat.values()) {
                if (!NOT_DROPS.contains(s)) {
                    counter(
                            "nat64.packets.dropped",
                            "Packets dropped, by reason (Jool's counter name).",
                            tags.and("reason", s.joolName()),
                            b -> b.snapshot.stat(s));
                } else if (s != Stat.RECEIVED6
                        && s != Stat.RECEIVED4
                        && s != Stat.SUCCESS
                        && s != Stat.BIB_ENTRIES
                        && s != Stat.SESSIONS) {
                    counter(
                            "nat64.jool.events",
                            "Other Jool counters (ICMP errors sent, simultaneous opens, sync).",
                            tags.and("stat", s.joolName()),
                            b -> b.snapshot.stat(s));
                }
            }
            for (DataPlaneStat s : DataPlaneStat.values()) {
                String name = "nat64.dataplane."
                        + s.label()
                                .substring("DP_".length())
                                .toLowerCase(Locale.ROOT)
                                .replace('_', '.');
                counter(name, s.description(), tags, b -> b.plane.getOrDefault(s, 0L));
            }
            String name = instance.name();
            registered.add(Gauge.builder("nat64.follow.subscribers", follows, f -> f.subscribers(name))
                    .description("Session follow subscriptions open now.")
                    .tags(tags)
                    .strongReference(true)
                    .register(meters));
            registered.add(FunctionCounter.builder("nat64.follow.updates.delivered", follows, f -> f.delivered(name))
                    .description("Session updates handed to followers.")
                    .tags(tags)
                    .register(meters));
            registered.add(FunctionCounter.builder("nat64.follow.updates.dropped", follows, f -> f.dropped(name))
                    .description("Session updates dropped for followers whose buffer was full.")
                    .tags(tags)
                    .register(meters));
        }

        private void gauge(String name, String help, Tags t, ToDoubleFunction<Bound> value) {
            registered.add(Gauge.builder(name, this, value)
                    .description(help)
                    .tags(t)
                    .strongReference(true)
                    .register(meters));
        }

        private void counter(String name, String help, Tags t, ToDoubleFunction<Bound> value) {
            registered.add(FunctionCounter.builder(name, this, value)
                    .description(help)
                    .tags(t)
                    .register(meters));
        }

        void freeze() {
            snapshot = latest;
            plane = latestPlane;
        }

        /** Reads the data plane here and asks the owner for the rest, unless it has not answered yet. */
        void refresh() {
            latestPlane = dataPlane.apply(instance);
            if (!asking.compareAndSet(false, true)) {
                return;
            }
            Mono<long[]> sizes = instance.call(db -> {
                long[] s = new long[PROTOCOLS.length * 2];
                for (int k = 0; k < PROTOCOLS.length; k++) {
                    s[k] = db.table(PROTOCOLS[k]).sessionCount();
                    s[PROTOCOLS.length + k] = db.table(PROTOCOLS[k]).bibCount();
                }
                return s;
            });
            Mono<long[]> pool4 = Flux.fromArray(PROTOCOLS)
                    .concatMap(p -> instance.pool4(p).map(entries -> entries.stream()
                            .mapToLong(Pool4Entry::transportAddressCount)
                            .sum()))
                    .collectList()
                    .map(l -> l.stream().mapToLong(Long::longValue).toArray());
            Mono.zip(instance.stats(), sizes, pool4)
                    .doFinally(s -> asking.set(false))
                    .subscribe(
                            t -> latest = new Snapshot(
                                    t.getT1(),
                                    java.util.Arrays.copyOfRange(t.getT2(), 0, PROTOCOLS.length),
                                    java.util.Arrays.copyOfRange(t.getT2(), PROTOCOLS.length, PROTOCOLS.length * 2),
                                    t.getT3()),
                            e -> log.debug(
                                    "event=metrics-snapshot-failed iname={} error={}", instance.name(), e.toString()));
        }

        void unbind() {
            live.remove(this);
            for (Meter m : registered) {
                meters.remove(m);
            }
            registered.clear();
            log.info("event=metrics-unbound iname={}", instance.name());
        }
    }
}
