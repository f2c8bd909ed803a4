package io.nat64.gateway;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.gateway.api.FollowView;
import io.nat64.gateway.api.SessionView;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where the session routes get their data: the display snapshot, the follow stream and advertise. The
 * streams module implements them; the gateway only maps them to routes. Every returned publisher must
 * honour its subscriber's demand without prefetching beyond it, and free its resources on cancel.
 */
interface SessionFeeds {
    /** The sessions of {@code protocol} in Jool's order, with their remaining time at read time. */
    Flux<SessionView> display(Instance instance, L4Protocol protocol);

    /** Live updates (creations, state changes, refreshes; never deaths or peers' copies), hot, bounded per subscriber. */
    Flux<FollowView> follow(Instance instance);

    /** Queues every session for announcement to peers and followers; emits how many. */
    Mono<Long> advertise(Instance instance);
}
