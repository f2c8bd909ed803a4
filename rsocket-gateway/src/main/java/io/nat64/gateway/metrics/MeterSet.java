package io.nat64.gateway.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import reactor.core.Disposable;

/** The meters one binder registered in a registry, all removed from it on dispose. Thread-safe. */
final class MeterSet implements Disposable {
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private volatile boolean disposed;

    MeterSet(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Keeps {@code meter} (registered in this set's registry) for {@link #dispose}. */
    synchronized void add(Meter meter) {
        meters.add(meter);
    }

    @Override
    public synchronized void dispose() {
        disposed = true;
        for (Meter m : meters) {
            registry.remove(m);
        }
        meters.clear();
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }
}
