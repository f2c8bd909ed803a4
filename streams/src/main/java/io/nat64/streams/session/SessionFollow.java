package io.nat64.streams.session;

import io.nat64.core.instance.Instance;
import io.nat64.core.session.SessionMutation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code nat64 session follow}: an instance's session updates as they happen, as Jool's follow prints them
 * (decisions.md): creations, state changes and refreshes ({@code ADDED}, {@code UPDATED},
 * {@code REFRESHED}); never copies received from peers; removals only with {@link FollowOptions#events()}.
 * The instance must have ss-enabled when subscribing, or the stream errors at once; updates that happen
 * while ss-enabled is off are not followed.
 *
 * <p>Backpressure: hot. Each subscription takes the instance's updates with unbounded demand into its own
 * buffer of {@link FollowOptions#bufferSize()} updates and is served on its own worker of {@link
 * FollowOptions#deliverOn()}; it sees only what happens after it subscribed. When the buffer is full, the
 * {@linkplain FollowOptions#overflow() overflow policy} either drops the update and counts it ({@link
 * #stats()}), or disconnects the subscriber with a {@link FollowOverflowException} that says how many it
 * lost. So a slow or stalled subscriber never holds up the translator (the owner thread) nor the other
 * subscribers; a stalled one costs the owner a bounded queue check per update.
 *
 * <p>Use one {@code SessionFollow} per client: its stats sum its subscriptions. Any thread.
 *
 * <pre>{@code
 * SessionFollow.of(instance).lines().subscribe(System.out::println);
 * }</pre>
 */
public final class SessionFollow {
    private final Instance instance;
    private final FollowOptions options;
    private final FollowStats stats = new FollowStats();

    private SessionFollow(Instance instance, FollowOptions options) {
        this.instance = instance;
        this.options = options;
    }

    /** Follows {@code instance} with {@link FollowOptions#defaults()}. */
    public static SessionFollow of(Instance instance) {
        return new SessionFollow(instance, FollowOptions.defaults());
    }

    /** Follows {@code instance} with {@code options}. */
    public static SessionFollow of(Instance instance, FollowOptions options) {
        return new SessionFollow(instance, options);
    }

    /** The followed mutations; completes when the instance closes. */
    public Flux<SessionMutation> mutations() {
        return SsEnabled.require(
                instance,
                "follow",
                () -> Flux.<SessionMutation>from(s -> FollowRelay.start(s, instance, options, stats)));
    }

    /**
     * The followed mutations as {@link FollowLine}s, rendered on the delivery worker; when the instance
     * closes after drops, a last line {@code # N updates dropped} says how many.
     */
    public Flux<String> lines() {
        boolean events = options.events();
        return mutations().map(m -> FollowLine.format(m, events)).concatWith(Mono.fromSupplier(() -> {
            long dropped = stats.dropped();
            return dropped == 0 ? null : "# " + dropped + " updates dropped";
        }));
    }

    /** The counters of this follow's subscriptions. */
    public FollowStats stats() {
        return stats;
    }

    /** The options it was made with. */
    public FollowOptions options() {
        return options;
    }
}
