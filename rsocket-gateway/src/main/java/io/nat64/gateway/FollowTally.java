package io.nat64.gateway;

import io.nat64.streams.session.FollowStats;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;

/**
 * The follow counters of a gateway per instance name, summed over its follow streams: those open now (their live
 * {@link FollowStats}) and those that ended (their last counts). The metrics endpoint reads it.
 *
 * <p>Threading: thread-safe; reads never block and may lag a stream that is ending by one update.
 */
public final class FollowTally {
    private final Map<String, Tally> byInstance = new ConcurrentHashMap<>();

    /** Counts {@code stats} under {@code instance} from the subscription to {@code stream} until it ends. */
    <T> Flux<T> track(String instance, FollowStats stats, Flux<T> stream) {
        return Flux.defer(() -> {
            Tally t = byInstance.computeIfAbsent(instance, k -> new Tally());
            t.live.add(stats);
            return stream.doFinally(signal -> t.retire(stats));
        });
    }

    /** Follow subscriptions open now on {@code instance}. */
    public long subscribers(String instance) {
        Tally t = byInstance.get(instance);
        if (t == null) {
            return 0;
        }
        long n = 0;
        for (FollowStats s : t.live) {
            n += s.subscribers();
        }
        return n;
    }

    /** Updates of {@code instance} dropped for followers (full buffers), ever. */
    public long dropped(String instance) {
        Tally t = byInstance.get(instance);
        if (t == null) {
            return 0;
        }
        long n = t.retiredDropped.get();
        for (FollowStats s : t.live) {
            n += s.dropped();
        }
        return n;
    }

    /** Updates of {@code instance} handed to followers, ever. */
    public long delivered(String instance) {
        Tally t = byInstance.get(instance);
        if (t == null) {
            return 0;
        }
        long n = t.retiredDelivered.get();
        for (FollowStats s : t.live) {
            n += s.delivered();
        }
        return n;
    }

    private static final class Tally {
        final Set<FollowStats> live = ConcurrentHashMap.newKeySet();
        final AtomicLong retiredDropped = new AtomicLong();
        final AtomicLong retiredDelivered = new AtomicLong();

        void retire(FollowStats stats) {
            if (live.remove(stats)) {
                retiredDropped.addAndGet(stats.dropped());
                retiredDelivered.addAndGet(stats.delivered());
            }
        }
    }
}
