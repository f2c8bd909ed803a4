package io.nat64.gateway.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.nat64.gateway.peer.PeerSnapshot;
import io.nat64.gateway.peer.PeerStats;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * The meters of a node's RSocket peer links ({@link PeerStats}), one series per link labelled {@code peer} (the
 * {@code HOST:PORT} dialled, or the name a subscriber gave), {@code direction} ({@code subscribed} or {@code served})
 * and {@code iname}: connected (0/1), connects, catch-ups, resumptions, batches, sessions, bytes, rejected and lost
 * batches, refused SETUPs, and the age of the last batch in seconds (the lag when the peer is busy; NaN before the
 * first). Links appear as peers connect: {@link #refresh()}, called before every scrape, takes one snapshot for all
 * meters and registers the meters of new links (PeerStats never forgets a link, so none are removed).
 *
 * <p>Threading: {@link #refresh()} on the scraping thread (synchronized); meters read the last snapshot from any
 * thread. Nothing here touches an event loop.
 */
final class PeerBinder implements Disposable {
    private final MeterRegistry meters;
    /** Held here: Micrometer keeps only a weak reference to a function meter's object. */
    private final PeerStats stats;

    private final Tags tags;
    private final List<Meter> registered = new CopyOnWriteArrayList<>();
    /** Every link's last snapshot by key; replaced whole by {@link #refresh()}. */
    private volatile Map<String, PeerSnapshot> last = Map.of();

    private volatile boolean disposed;

    private PeerBinder(MeterRegistry meters, String iname, PeerStats stats) {
        this.meters = meters;
        this.stats = stats;
        this.tags = Tags.of("iname", iname);
    }

    static PeerBinder bind(MeterRegistry meters, String iname, PeerStats stats) {
        PeerBinder b = new PeerBinder(meters, iname, stats);
        b.registered.add(FunctionCounter.builder(
                        "nat64.peer.server.setups.rejected", b.stats, PeerStats::setupsRejected)
                .description("SETUP frames this node's peer server refused (wrong or missing secret, wrong protocol).")
                .tags(b.tags)
                .register(meters));
        b.refresh();
        return b;
    }

    /** Takes one snapshot of every link and registers the meters of links not seen before. */
    synchronized void refresh() {
        if (disposed) {
            return;
        }
        Map<String, PeerSnapshot> now = new HashMap<>();
        for (PeerSnapshot s : stats.snapshot()) {
            now.put(key(s), s);
        }
        Map<String, PeerSnapshot> before = last;
        last = Map.copyOf(now);
        for (Map.Entry<String, PeerSnapshot> e : now.entrySet()) {
            if (!before.containsKey(e.getKey())) {
                register(e.getKey(), e.getValue());
            }
        }
    }

    private void register(String key, PeerSnapshot first) {
        Tags t = tags.and(
                "peer", first.peer(), "direction", first.direction().name().toLowerCase(Locale.ROOT));
        gauge(
                "nat64.peer.connected",
                "Whether the peer link has a stream open now (1) or not (0).",
                t,
                key,
                s -> s.connected() ? 1 : 0);
        counter(
                "nat64.peer.connects",
                "Connections made (subscribed) or streams opened (served).",
                t,
                key,
                s -> s.connects());
        counter(
                "nat64.peer.catchups",
                "Fresh streams, each starting with a catch-up of the whole session table.",
                t,
                key,
                s -> s.catchUps());
        counter(
                "nat64.peer.resumptions",
                "Cut connections resumed without loss (subscribed only).",
                t,
                key,
                s -> s.resumptions());
        counter(
                "nat64.peer.batches",
                "Batches received and accepted (subscribed) or sent (served).",
                t,
                key,
                s -> s.batches());
        counter("nat64.peer.sessions", "Sessions in those batches.", t, key, s -> s.sessions());
        counter("nat64.peer.bytes", "Bytes of those batches.", t, key, s -> s.bytes());
        counter(
                "nat64.peer.batches.rejected",
                "Batches refused by validation (subscribed only; by reason in nat64_sync_datagrams_rejected).",
                t,
                key,
                s -> s.rejectedBatches());
        counter(
                "nat64.peer.batches.lost",
                "Gaps in the peer's sequence numbers within one stream (subscribed only).",
                t,
                key,
                s -> s.lostBatches());
        counter(
                "nat64.peer.setups.rejected",
                "Times the peer refused this node's SETUP (subscribed only).",
                t,
                key,
                s -> s.setupsRejected());
        registered.add(Gauge.builder("nat64.peer.last.batch.age", this, b -> {
                    PeerSnapshot s = b.last.get(key);
                    return s == null || s.lastBatchAgeMillis() < 0 ? Double.NaN : s.lastBatchAgeMillis() / 1000.0;
                })
                .description("Age of the last batch received or sent: the lag when the peer is busy (NaN before the"
                        + " first).")
                .baseUnit("seconds")
                .tags(t)
                .register(meters));
    }

    private void gauge(String name, String help, Tags t, String key, ToDoubleFunction<PeerSnapshot> f) {
        registered.add(Gauge.builder(name, this, b -> value(b.last.get(key), f))
                .description(help)
                .tags(t)
                .register(meters));
    }

    private void counter(String name, String help, Tags t, String key, ToDoubleFunction<PeerSnapshot> f) {
        registered.add(FunctionCounter.builder(name, this, b -> value(b.last.get(key), f))
                .description(help)
                .tags(t)
                .register(meters));
    }

    private static double value(@Nullable PeerSnapshot s, ToDoubleFunction<PeerSnapshot> f) {
        return s == null ? 0 : f.applyAsDouble(s);
    }

    private static String key(PeerSnapshot s) {
        return s.direction() + " " + s.peer();
    }

    @Override
    public synchronized void dispose() {
        disposed = true;
        for (Meter m : registered) {
            meters.remove(m);
        }
        registered.clear();
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }
}
