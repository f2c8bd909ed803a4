package io.nat64.core.instance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The daemon's instances by name ({@code instance add|remove|display}). Thread-safe: commands may come
 * from any gateway thread.
 *
 * <p>{@code registry.add(config)} then {@code registry.require("default")}.
 */
public final class InstanceRegistry implements AutoCloseable {
    private final Map<String, Instance> instances = new ConcurrentSkipListMap<>();
    private final Function<InstanceConfig, Instance> factory;
    private final Function<Instance, Mono<Void>> beforeRemoval;

    /** A registry whose instances each get their own owner thread. */
    public InstanceRegistry() {
        this(Instance::create);
    }

    /** A registry that builds instances with {@code factory} (tests pass a virtual-time owner). */
    public InstanceRegistry(Function<InstanceConfig, Instance> factory) {
        this(factory, i -> Mono.empty());
    }

    /**
     * A registry that builds instances with {@code factory} and runs {@code beforeRemoval} on an instance
     * before shutting it down (the daemon closes its TUN data plane there; it must not block the caller).
     */
    public InstanceRegistry(Function<InstanceConfig, Instance> factory, Function<Instance, Mono<Void>> beforeRemoval) {
        this.factory = factory;
        this.beforeRemoval = beforeRemoval;
    }

    /** Creates the instance; an {@link IllegalArgumentException} if the name is taken. */
    public synchronized Instance add(InstanceConfig config) {
        if (instances.containsKey(config.name())) {
            throw new IllegalArgumentException("instance '" + config.name() + "' already exists");
        }
        Instance created = factory.apply(config);
        instances.put(config.name(), created);
        return created;
    }

    /** Removes the instance and shuts it down (its sessions are flushed); an error if there is none. */
    public Mono<Void> remove(String name) {
        return Mono.defer(() -> {
            Instance removed;
            synchronized (this) {
                removed = instances.remove(name);
            }
            return removed == null
                    ? Mono.error(unknown(name))
                    : beforeRemoval.apply(removed).then(removed.shutdown());
        });
    }

    /** The instance named {@code name}, if any. */
    public Optional<Instance> get(String name) {
        return Optional.ofNullable(instances.get(name));
    }

    /** The instance named {@code name}, or an {@link IllegalArgumentException} that says so. */
    public Instance require(String name) {
        Instance i = instances.get(name);
        if (i == null) {
            throw unknown(name);
        }
        return i;
    }

    /** Every instance, by name. */
    public List<Instance> all() {
        return new ArrayList<>(instances.values());
    }

    @Override
    public synchronized void close() {
        for (Instance i : instances.values()) {
            i.close();
        }
        instances.clear();
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("instance '" + name
                + "' does not exist; create it with 'nat64 instance add " + name + " --pool6 PREFIX'");
    }
}
