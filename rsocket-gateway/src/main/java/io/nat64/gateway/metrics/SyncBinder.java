package io.nat64.gateway.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.nat64.streams.sync.SyncCounter;
import io.nat64.streams.sync.SyncStats;
import java.util.Locale;
import reactor.core.Disposable;

/**
 * The meters of one node's {@link SyncStats}: datagrams sent, received, lost (sequence gaps), reordered and rejected
 * by reason; sessions queued, sent, received and lost on the way; merge outcomes. Every {@link SyncCounter} has
 * exactly one series (the switch below fails to compile when a counter is added without one).
 *
 * <p>Threading: the counters are atomics, read by the scraping thread.
 */
final class SyncBinder implements Disposable {
    /** Held here: Micrometer keeps only a weak reference to a function counter's object. */
    private final SyncStats stats;

    private final MeterSet registered;

    private SyncBinder(MeterRegistry meters, SyncStats stats) {
        this.stats = stats;
        this.registered = new MeterSet(meters);
    }

    static SyncBinder bind(MeterRegistry meters, String iname, SyncStats stats) {
        SyncBinder b = new SyncBinder(meters, stats);
        Tags tags = Tags.of("iname", iname);
        for (SyncCounter c : SyncCounter.values()) {
            Series s = series(c);
            b.registered.add(FunctionCounter.builder(s.name(), b.stats, st -> st.get(c))
                    .description(s.help())
                    .tags(s.label() == null ? tags : tags.and(s.label(), s.value()))
                    .register(meters));
        }
        return b;
    }

    /** A Prometheus series: the metric, and its label if it has one. */
    record Series(String name, String help, @org.jspecify.annotations.Nullable String label, String value) {}

    static Series series(SyncCounter c) {
        String lower = c.name().toLowerCase(Locale.ROOT);
        return switch (c) {
            case PKT_SENT -> plain("nat64.sync.datagrams.sent", c);
            case PKT_RCVD -> plain("nat64.sync.datagrams.received", c);
            case PKT_LOST -> plain("nat64.sync.datagrams.lost", c);
            case PKT_REORDERED -> plain("nat64.sync.datagrams.reordered", c);
            case ADS -> plain("nat64.sync.advertisements", c);
            case REJECTED_TRUNCATED,
                    REJECTED_BAD_MAGIC,
                    REJECTED_BAD_VERSION,
                    REJECTED_BAD_HEADER,
                    REJECTED_BAD_CHECKSUM,
                    REJECTED_BAD_RECORD,
                    REJECTED_OWN_NODE,
                    REJECTED_DISABLED ->
                new Series(
                        "nat64.sync.datagrams.rejected",
                        "Sync datagrams refused, by reason.",
                        "reason",
                        lower.substring("rejected_".length()));
            case SSS_QUEUED, SSS_DEDUPLICATED, SSS_ENOSPC, SSS_EXPIRED_IN_QUEUE, SSS_SENT, SSS_RCVD ->
                new Series(
                        "nat64.sync.sessions",
                        "Sessions through synchronisation, by event (queued, deduplicated, enospc, expired_in_queue,"
                                + " sent, rcvd).",
                        "event",
                        lower.substring("sss_".length()));
            case LIFETIME_CLAMPED -> new Series("nat64.sync.sessions", c.description(), "event", "lifetime_clamped");
            case MERGE_ADDED,
                    MERGE_UPDATED,
                    MERGE_KEPT_LOCAL,
                    MERGE_MASK_CLASH,
                    MERGE_OUTSIDE_POOL4,
                    MERGE_INVALID,
                    MERGE_TABLE_FULL ->
                new Series(
                        "nat64.sync.merges",
                        "Peer sessions merged, by result.",
                        "result",
                        lower.substring("merge_".length()));
        };
    }

    private static Series plain(String name, SyncCounter c) {
        return new Series(name, c.description(), null, "");
    }

    @Override
    public void dispose() {
        registered.dispose();
    }

    @Override
    public boolean isDisposed() {
        return registered.isDisposed();
    }
}
