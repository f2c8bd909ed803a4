package io.nat64.gateway;

import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.config.GlobalKey;
import io.nat64.core.config.Globals;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.InstanceConfig;
import io.nat64.core.instance.InstanceRegistry;
import io.nat64.core.stats.Stat;
import io.nat64.gateway.api.EmptyRequest;
import io.nat64.gateway.api.GlobalUpdateRequest;
import io.nat64.gateway.api.GlobalView;
import io.nat64.gateway.api.InstanceAddRequest;
import io.nat64.gateway.api.InstanceRequest;
import io.nat64.gateway.api.InstanceView;
import io.nat64.gateway.api.Pool6Request;
import io.nat64.gateway.api.Pool6View;
import io.nat64.gateway.api.Route;
import io.nat64.gateway.api.StatView;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The instance, global, pool6 and stats routes. */
final class AdminRoutes {
    /** Jool's order of the NAT64 globals in {@code global display} ({@code src/common/global.c}). */
    static final List<String> JOOL_ORDER = List.of(
            "pool6",
            "lowest-ipv6-mtu",
            "zeroize-traffic-class",
            "override-tos",
            "tos",
            "address-dependent-filtering",
            "drop-externally-initiated-tcp",
            "drop-icmpv6-info",
            "source-icmpv6-errors-better",
            "f-args",
            "handle-rst-during-fin-rcv",
            "tcp-est-timeout",
            "tcp-trans-timeout",
            "udp-timeout",
            "icmp-timeout",
            "logging-bib",
            "logging-session",
            "maximum-simultaneous-opens",
            "ss-enabled",
            "ss-flush-asap",
            "ss-flush-deadline",
            "ss-capacity",
            "ss-max-payload",
            "ss-max-sessions-per-packet");

    private final InstanceRegistry registry;
    private final Announcements announcements;

    AdminRoutes(InstanceRegistry registry, Announcements announcements) {
        this.registry = registry;
        this.announcements = announcements;
    }

    void register(Map<Route, Handler> routes) {
        routes.put(Route.INSTANCE_ADD, r -> add((InstanceAddRequest) r));
        routes.put(Route.INSTANCE_REMOVE, r -> remove((InstanceRequest) r));
        routes.put(Route.INSTANCE_DISPLAY, r -> instances((EmptyRequest) r));
        routes.put(Route.GLOBAL_DISPLAY, r -> globals((InstanceRequest) r));
        routes.put(Route.GLOBAL_UPDATE, r -> update((GlobalUpdateRequest) r));
        routes.put(Route.POOL6_DISPLAY, r -> pool6((InstanceRequest) r));
        routes.put(Route.POOL6_ADD, r -> pool6Add((Pool6Request) r));
        routes.put(Route.STATS_DISPLAY, r -> stats((InstanceRequest) r));
    }

    static InstanceView view(Instance i) {
        return new InstanceView(
                i.name(), i.pool6().prefix().toString(), i.config().tunName());
    }

    private Mono<InstanceView> add(InstanceAddRequest r) {
        // The registry's factory may open a TUN device: keep that off the event loop.
        return Mono.fromCallable(() -> {
                    InstanceConfig config =
                            new InstanceConfig(r.instance(), Ipv6Prefix.parse(r.pool6()), r.tun(), Globals.defaults());
                    return view(registry.add(config));
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private Mono<InstanceView> remove(InstanceRequest r) {
        return Mono.defer(() -> {
            Instance instance = Requests.instance(registry, r.instance());
            return registry.remove(r.instance())
                    .doFinally(s -> announcements.close(instance))
                    .thenReturn(view(instance));
        });
    }

    private Flux<InstanceView> instances(EmptyRequest r) {
        return Flux.defer(() -> Flux.fromIterable(registry.all()).map(AdminRoutes::view));
    }

    private Flux<GlobalView> globals(InstanceRequest r) {
        return Flux.defer(() -> {
            Instance i = Requests.instance(registry, r.instance());
            Globals g = i.globals();
            List<GlobalView> out = new ArrayList<>();
            Set<GlobalKey> left = EnumSet.allOf(GlobalKey.class);
            for (String name : JOOL_ORDER) {
                if (name.equals("pool6")) {
                    out.add(new GlobalView("pool6", i.pool6().prefix().toString(), "PREFIX6"));
                    continue;
                }
                GlobalKey.byName(name).ifPresent(k -> {
                    out.add(globalView(k, g));
                    left.remove(k);
                });
            }
            left.forEach(k -> out.add(globalView(k, g)));
            return Flux.fromIterable(out);
        });
    }

    private static GlobalView globalView(GlobalKey k, Globals g) {
        return new GlobalView(k.jsonName(), k.format(g), k.type().name());
    }

    private Mono<GlobalView> update(GlobalUpdateRequest r) {
        return Mono.defer(() -> {
            Instance i = Requests.instance(registry, r.instance());
            if (r.key().equalsIgnoreCase("pool6")) {
                throw new IllegalArgumentException(pool6Fixed(i));
            }
            GlobalKey key = GlobalKey.byName(r.key())
                    .orElseThrow(() -> new IllegalArgumentException(
                            "unknown global '" + r.key() + "' ('nat64 global display' lists them all)"));
            return i.updateGlobal(key, r.value()).map(g -> globalView(key, g));
        });
    }

    private Mono<Pool6View> pool6(InstanceRequest r) {
        return Mono.fromCallable(() -> new Pool6View(
                Requests.instance(registry, r.instance()).pool6().prefix().toString()));
    }

    /** Jool sets pool6 only when it creates an instance: the same prefix again is accepted, any other refused. */
    private Mono<Pool6View> pool6Add(Pool6Request r) {
        return Mono.fromCallable(() -> {
            Ipv6Prefix wanted = Ipv6Prefix.parse(r.prefix());
            Instance i = registry.get(r.instance())
                    .orElseThrow(() -> new IllegalArgumentException("instance '" + r.instance()
                            + "' does not exist; pool6 is given when an instance is created (nat64 instance add "
                            + r.instance() + " --pool6 " + wanted + ")"));
            if (!i.pool6().prefix().equals(wanted)) {
                throw new IllegalArgumentException(pool6Fixed(i));
            }
            return new Pool6View(wanted.toString());
        });
    }

    private static String pool6Fixed(Instance i) {
        return "instance '" + i.name() + "' has pool6 " + i.pool6().prefix()
                + ", which cannot change after the instance is created (as in Jool); remove the instance and"
                + " add it again with the new --pool6";
    }

    private Flux<StatView> stats(InstanceRequest r) {
        return Mono.defer(() -> Requests.instance(registry, r.instance()).stats())
                .flatMapIterable((Map<Stat, Long> values) -> {
                    List<StatView> out = new ArrayList<>(values.size());
                    for (Stat s : Stat.values()) {
                        out.add(new StatView(s.joolName(), values.getOrDefault(s, 0L), s.description()));
                    }
                    return out;
                });
    }
}
