package io.nat64.gateway;

import io.nat64.core.instance.Instance;
import io.nat64.core.session.SessionMutation;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * What {@code session advertise} announces, per instance, to this gateway's followers: Jool's followers
 * print everything an advertise dumps ({@code jool-session.md} 5), so each follow merges these in. Hot
 * and best effort: a follower without demand does not receive (its own buffer decides what it keeps).
 * The replication sink of a later issue is meant to take its announcements from here too.
 *
 * <p>Threading: any thread; emissions from concurrent advertises are serialised.
 */
final class Announcements {
    private final Map<Instance, Sinks.Many<SessionMutation>> sinks = Collections.synchronizedMap(new WeakHashMap<>());

    private Sinks.Many<SessionMutation> sink(Instance instance) {
        return sinks.computeIfAbsent(instance, i -> Sinks.many().multicast().directBestEffort());
    }

    /** The announcements of {@code instance} from now on; completes when {@link #close} is called for it. */
    Flux<SessionMutation> of(Instance instance) {
        return sink(instance).asFlux();
    }

    /** Whether anyone follows {@code instance} through this gateway right now. */
    boolean followed(Instance instance) {
        Sinks.Many<SessionMutation> s = sinks.get(instance);
        return s != null && s.currentSubscriberCount() > 0;
    }

    /** Announces {@code m} to the current followers of {@code instance}. */
    void announce(Instance instance, SessionMutation m) {
        sink(instance).emitNext(m, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
    }

    /** Ends the announcements of {@code instance} (it was removed). */
    void close(Instance instance) {
        Sinks.Many<SessionMutation> s = sinks.remove(instance);
        if (s != null) {
            s.emitComplete(Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
        }
    }
}
