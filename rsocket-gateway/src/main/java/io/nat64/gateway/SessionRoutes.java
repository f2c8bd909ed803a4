package io.nat64.gateway;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.InstanceRegistry;
import io.nat64.gateway.api.AdvertiseView;
import io.nat64.gateway.api.InstanceRequest;
import io.nat64.gateway.api.ProtocolRequest;
import io.nat64.gateway.api.Route;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code session.display}, {@code session.follow} and {@code session.advertise}, over {@link SessionFeeds}. */
final class SessionRoutes {
    private final InstanceRegistry registry;
    private final SessionFeeds feeds;
    private final SyncRoutes syncs;

    SessionRoutes(InstanceRegistry registry, SessionFeeds feeds, SyncRoutes syncs) {
        this.registry = registry;
        this.feeds = feeds;
        this.syncs = syncs;
    }

    void register(Map<Route, Handler> routes) {
        routes.put(Route.SESSION_DISPLAY, r -> display((ProtocolRequest) r));
        routes.put(Route.SESSION_FOLLOW, r -> follow((InstanceRequest) r));
        routes.put(Route.SESSION_ADVERTISE, r -> advertise((InstanceRequest) r));
    }

    private Flux<?> display(ProtocolRequest r) {
        return Flux.defer(() -> {
            Instance i = Requests.instance(registry, r.instance());
            return feeds.display(i, Requests.protocol(r.protocol(), L4Protocol.TCP));
        });
    }

    private Flux<?> follow(InstanceRequest r) {
        return Flux.defer(() -> feeds.follow(synchronising(r.instance(), "follow")));
    }

    /**
     * Jool's advertise reaches its followers and its proxy alike: the connected proxies (refused if an
     * advertisement to them still runs), then the followers; emits the larger count.
     */
    private Mono<?> advertise(InstanceRequest r) {
        return Mono.defer(() -> {
                    Instance i = synchronising(r.instance(), "advertise");
                    return syncs.of(i).advertise().zipWith(feeds.advertise(i), Math::max);
                })
                .map(AdvertiseView::new);
    }

    /** The instance, which must have session synchronisation on, as Jool requires for follow and advertise. */
    private Instance synchronising(String name, String operation) {
        Instance i = Requests.instance(registry, name);
        if (!i.globals().ssEnabled()) {
            throw new IllegalArgumentException("session " + operation + " needs session synchronisation, and"
                    + " ss-enabled is false on instance '" + name + "' (turn it on with: nat64 -i " + name
                    + " global update ss-enabled true)");
        }
        return i;
    }
}
