package io.nat64.gateway;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.InstanceRegistry;
import io.nat64.core.pool.Pool4Entry;
import io.nat64.core.session.BibEntry;
import io.nat64.core.session.BibTable;
import io.nat64.gateway.api.BibRequest;
import io.nat64.gateway.api.BibView;
import io.nat64.gateway.api.Pool4ChangeView;
import io.nat64.gateway.api.Pool4Request;
import io.nat64.gateway.api.Pool4View;
import io.nat64.gateway.api.ProtocolRequest;
import io.nat64.gateway.api.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The pool4 and BIB routes. */
final class TableRoutes {
    private final InstanceRegistry registry;

    TableRoutes(InstanceRegistry registry) {
        this.registry = registry;
    }

    void register(Map<Route, Handler> routes) {
        routes.put(Route.POOL4_ADD, r -> pool4Add((Pool4Request) r));
        routes.put(Route.POOL4_REMOVE, r -> pool4Remove((Pool4Request) r));
        routes.put(Route.POOL4_DISPLAY, r -> pool4Display((ProtocolRequest) r));
        routes.put(Route.BIB_DISPLAY, r -> bibDisplay((ProtocolRequest) r));
        routes.put(Route.BIB_ADD, r -> bibAdd((BibRequest) r));
        routes.put(Route.BIB_REMOVE, r -> bibRemove((BibRequest) r));
    }

    // ---------------------------------------------------------------- pool4

    /** The entries a request stands for: one per protocol (all three when none is named), all validated first. */
    private static List<Pool4Entry> entries(Pool4Request r, boolean add) {
        Ipv4Prefix prefix = Ipv4Prefix.parse(r.prefix());
        List<L4Protocol> protocols =
                r.protocol() == null ? List.of(L4Protocol.values()) : List.of(Requests.protocol(r.protocol(), null));
        if ((r.minPort() == null) != (r.maxPort() == null)) {
            throw new IllegalArgumentException("a port range needs both minPort and maxPort");
        }
        List<Pool4Entry> out = new ArrayList<>(protocols.size());
        for (L4Protocol p : protocols) {
            if (r.minPort() == null) {
                out.add(add ? Pool4Entry.of(p, prefix) : Pool4Entry.allPorts(p, prefix));
            } else {
                out.add(Pool4Entry.of(
                        p, prefix, Requests.port(r.minPort(), "minPort"), Requests.port(r.maxPort(), "maxPort")));
            }
        }
        return out;
    }

    private Mono<Pool4ChangeView> pool4Add(Pool4Request r) {
        return Mono.defer(() -> {
            Instance i = Requests.instance(registry, r.instance());
            List<Pool4Entry> entries = entries(r, true);
            return Flux.fromIterable(entries)
                    .concatMap(i::addPool4)
                    .reduce(false, Boolean::logicalOr)
                    .map(changed -> change(entries, changed));
        });
    }

    private Mono<Pool4ChangeView> pool4Remove(Pool4Request r) {
        return Mono.defer(() -> {
            Instance i = Requests.instance(registry, r.instance());
            List<Pool4Entry> entries = entries(r, false);
            return Flux.fromIterable(entries)
                    .concatMap(i::removePool4)
                    .reduce(false, Boolean::logicalOr)
                    .map(changed -> change(entries, changed));
        });
    }

    private static Pool4ChangeView change(List<Pool4Entry> entries, boolean changed) {
        List<Pool4View> views = new ArrayList<>(entries.size());
        for (Pool4Entry e : entries) {
            views.add(view(e, autoIterations(e.transportAddressCount())));
        }
        return new Pool4ChangeView(views, changed);
    }

    private Flux<Pool4View> pool4Display(ProtocolRequest r) {
        return Mono.defer(() -> {
                    Instance i = Requests.instance(registry, r.instance());
                    return i.pool4(Requests.protocol(r.protocol(), L4Protocol.TCP));
                })
                .publishOn(Schedulers.parallel())
                .flatMapIterable(entries -> {
                    long count = 0;
                    for (Pool4Entry e : entries) {
                        count += e.transportAddressCount();
                    }
                    long iterations = autoIterations(count);
                    return entries.stream().map(e -> view(e, iterations)).toList();
                });
    }

    /** Jool's {@code auto} max-iterations: a 128th of the table's transport addresses, within [1024, 8192]. */
    static long autoIterations(long transportAddresses) {
        return Math.min(Math.max(transportAddresses >>> 7, 1024), 8192);
    }

    private static Pool4View view(Pool4Entry e, long iterations) {
        return new Pool4View(
                0, e.protocol().name(), iterations, false, false, e.prefix().toString(), e.minPort(), e.maxPort());
    }

    // ---------------------------------------------------------------- BIB

    private Flux<BibView> bibDisplay(ProtocolRequest r) {
        return Mono.defer(() -> {
                    Instance i = Requests.instance(registry, r.instance());
                    return i.bib(Requests.protocol(r.protocol(), L4Protocol.TCP));
                })
                .publishOn(Schedulers.parallel())
                .flatMapIterable(all -> all.stream().map(BibView::of).toList());
    }

    private Mono<BibView> bibAdd(BibRequest r) {
        return Mono.defer(() -> {
            Instance i = Requests.instance(registry, r.instance());
            if (r.src6() == null || r.src4() == null) {
                throw new IllegalArgumentException(
                        "bib add needs an IPv6 transport address and an IPv4 transport address");
            }
            BibEntry entry = new BibEntry(
                    Requests.protocol(r.protocol(), L4Protocol.TCP),
                    Ipv6Address.parse(r.src6()),
                    Requests.port(r.src6Port(), "src6Port"),
                    Ipv4Address.parse(r.src4()),
                    Requests.port(r.src4Port(), "src4Port"),
                    true);
            return i.addStaticBib(entry).map(BibView::of);
        });
    }

    private Mono<BibView> bibRemove(BibRequest r) {
        return Mono.defer(() -> {
            Instance i = Requests.instance(registry, r.instance());
            L4Protocol p = Requests.protocol(r.protocol(), L4Protocol.TCP);
            if (r.src6() == null && r.src4() == null) {
                throw new IllegalArgumentException("bib remove needs at least one transport address");
            }
            Ipv6Address a6 = r.src6() == null ? null : Ipv6Address.parse(r.src6());
            int p6 = a6 == null ? 0 : Requests.port(r.src6Port(), "src6Port");
            Ipv4Address a4 = r.src4() == null ? null : Ipv4Address.parse(r.src4());
            int p4 = a4 == null ? 0 : Requests.port(r.src4Port(), "src4Port");
            return i.call(db -> {
                BibTable t = db.table(p);
                if (a6 != null && a4 != null) {
                    checkSameEntry(t, a6, p6, a4, p4);
                }
                BibEntry removed = a6 != null ? t.removeBib6(a6, p6, i.now()) : t.removeBib4(a4, p4, i.now());
                if (removed == null) {
                    String what = a6 != null ? a6 + "#" + p6 : a4 + "#" + p4;
                    throw new IllegalArgumentException("the " + p + " BIB has no entry for '" + what + "'");
                }
                return BibView.of(removed);
            });
        });
    }

    /** Owner thread: both addresses, when given, must belong to one entry (Jool checks the same). */
    private static void checkSameEntry(BibTable t, Ipv6Address a6, int p6, Ipv4Address a4, int p4) {
        for (BibEntry e : t.bibEntries()) {
            if (e.src6().equals(a6) && e.src6Port() == p6) {
                if (!e.src4().equals(a4) || e.src4Port() != p4) {
                    throw new IllegalArgumentException("'" + a6 + "#" + p6 + "' is mapped to '" + e.src4() + "#"
                            + e.src4Port() + "', not to '" + a4 + "#" + p4 + "'");
                }
                return;
            }
        }
    }
}
