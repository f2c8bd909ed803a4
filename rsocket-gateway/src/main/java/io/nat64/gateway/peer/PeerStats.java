package io.nat64.gateway.peer;

import io.nat64.streams.sync.SyncStats;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The figures of a node's peer links: one line per peer and direction ({@link #snapshot()}), the node-wide
 * rejections of subscribers' SETUP frames, and the {@link SyncStats} that validation counts into (the same
 * counters as multicast datagrams: refusals by reason, received batches and sessions, sequence gaps).
 *
 * <p>Threading: written by the links' event loops, read by anyone.
 *
 * <pre>{@code
 * PeerStats stats = PeerStats.create();
 * stats.snapshot().forEach(s -> log.info("{}", s));
 * }</pre>
 */
public final class PeerStats {
    private final SyncStats sync;
    private final Clock clock;
    private final ConcurrentMap<String, PeerLink> links = new ConcurrentHashMap<>();
    private final AtomicLong setupsRejected = new AtomicLong();
    private volatile @Nullable String lastRejection;

    private PeerStats(SyncStats sync, Clock clock) {
        this.sync = sync;
        this.clock = clock;
    }

    /** Stats with their own {@link SyncStats}, on the system clock. */
    public static PeerStats create() {
        return new PeerStats(new SyncStats(), Clock.systemUTC());
    }

    /** Stats counting validation into {@code sync} (e.g. the proxy's, shared with multicast), lag on {@code clock}. */
    public static PeerStats create(SyncStats sync, Clock clock) {
        return new PeerStats(sync, clock);
    }

    /** The sync counters validation writes. */
    public SyncStats sync() {
        return sync;
    }

    /** Every link, subscriptions first, then by peer. */
    public List<PeerSnapshot> snapshot() {
        long now = clock.millis();
        List<PeerSnapshot> out = new ArrayList<>();
        for (PeerLink l : links.values()) {
            out.add(l.snapshot(now));
        }
        out.sort(Comparator.comparing(PeerSnapshot::direction).thenComparing(PeerSnapshot::peer));
        return out;
    }

    /** The line of {@code peer} in {@code direction}, or null if there is none yet. */
    public @Nullable PeerSnapshot get(String peer, PeerSnapshot.Direction direction) {
        PeerLink l = links.get(key(peer, direction));
        return l == null ? null : l.snapshot(clock.millis());
    }

    /** SETUP frames this node's server refused (wrong or missing secret, wrong protocol), since start. */
    public long setupsRejected() {
        return setupsRejected.get();
    }

    /** Why the last SETUP was refused, or null. */
    public @Nullable String lastRejection() {
        return lastRejection;
    }

    PeerLink link(String peer, PeerSnapshot.Direction direction) {
        return links.computeIfAbsent(key(peer, direction), k -> new PeerLink(peer, direction, clock));
    }

    void setupRejected(String why) {
        lastRejection = why;
        setupsRejected.incrementAndGet();
    }

    private static String key(String peer, PeerSnapshot.Direction direction) {
        return direction + " " + peer;
    }
}
