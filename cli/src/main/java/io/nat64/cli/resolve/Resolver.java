package io.nat64.cli.resolve;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves the remote addresses of a table before it is printed: every distinct address once (a cache),
 * all in parallel, within one deadline for the whole table. An address whose lookup fails or is still
 * running at the deadline is printed as a number, and {@link Result#unresolved()} counts them, so the
 * caller prints one warning rather than one per row. A dead nameserver thus costs at most the deadline.
 *
 * <p>Threading: {@link #resolve} blocks its caller (never a Reactor thread) up to the deadline; lookups
 * run on daemon threads that are abandoned, not waited for, when the deadline passes.
 */
public final class Resolver {
    /** The deadline {@code display} gives name resolution. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofMillis(900);

    private static final int MAX_THREADS = 64;

    private final HostLookup lookup;
    private final Services services;
    private final Duration deadline;

    /** A resolver using {@code lookup} for hosts and {@code services} for ports, waiting at most {@code deadline}. */
    public Resolver(HostLookup lookup, Services services, Duration deadline) {
        this.lookup = lookup;
        this.services = services;
        this.deadline = deadline;
    }

    /** What {@link #resolve} found: names to print, and how many addresses could not be resolved in time. */
    public record Result(Names names, int unresolved) {}

    /** Resolves {@code addresses} (numeric IPv4 or IPv6 text; duplicates are looked up once). */
    public Result resolve(Collection<String> addresses) {
        Set<String> distinct = new LinkedHashSet<>(addresses);
        Map<String, String> hosts = new HashMap<>();
        int unresolved = 0;
        if (!distinct.isEmpty()) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(distinct.size(), MAX_THREADS), r -> {
                Thread t = new Thread(r, "nat64-resolver");
                t.setDaemon(true);
                return t;
            });
            try {
                Map<String, CompletableFuture<Optional<String>>> pending = new HashMap<>();
                for (String a : distinct) {
                    pending.put(a, CompletableFuture.supplyAsync(() -> lookUp(a), pool));
                }
                try {
                    CompletableFuture.allOf(pending.values().toArray(new CompletableFuture<?>[0]))
                            .get(deadline.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    // what is done is used; the rest is printed as numbers
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // One snapshot at the deadline: a lookup still running, or failed, counts once.
                for (Map.Entry<String, CompletableFuture<Optional<String>>> e : pending.entrySet()) {
                    Optional<String> name = e.getValue().getNow(Optional.empty());
                    if (name.isPresent()) {
                        hosts.put(e.getKey(), name.get());
                    } else {
                        unresolved++;
                    }
                }
            } finally {
                pool.shutdownNow(); // queued lookups are dropped; running ones are abandoned (daemon threads)
            }
        }
        Map<String, String> found = Map.copyOf(hosts);
        Names names = new Names() {
            @Override
            public String host(String address) {
                return found.getOrDefault(address, address);
            }

            @Override
            public String service(int port, String protocol) {
                return services.name(port, protocol);
            }
        };
        return new Result(names, unresolved);
    }

    /** The name of {@code address}; empty when the lookup failed. */
    private Optional<String> lookUp(String address) {
        try {
            // A literal never triggers a lookup here: getByName parses it in place.
            InetAddress a = InetAddress.getByName(address);
            String name = lookup.name(a);
            // No name: the JDK answers its own numeric form (2001:db8:0:0:0:0:0:1); print ours (RFC 5952).
            return Optional.of(name.equals(a.getHostAddress()) ? address : name);
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
