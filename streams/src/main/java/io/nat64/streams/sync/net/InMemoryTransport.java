package io.nat64.streams.sync.net;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * A transport inside one JVM: every member of a {@link Hub} receives what the others send (not its own, as
 * multicast with loopback off). Each member's inbox holds at most {@code capacity} datagrams; past that, like a
 * full socket buffer, a datagram is lost. For tests and embedding; {@link #receive} has one subscriber ever.
 *
 * <pre>{@code
 * InMemoryTransport.Hub hub = InMemoryTransport.hub();
 * SyncTransport a = hub.join(1024), b = hub.join(1024);
 * }</pre>
 */
public final class InMemoryTransport implements SyncTransport {
    private final Hub hub;
    private final Sinks.Many<byte[]> inbox;
    private final TransportCounters counters = new TransportCounters();
    private final Sinks.Empty<Void> closed = Sinks.empty();
    private volatile boolean disposed;

    private InMemoryTransport(Hub hub, int capacity) {
        this.hub = hub;
        this.inbox = Sinks.many()
                .unicast()
                .onBackpressureBuffer(Queues.<byte[]>get(capacity).get());
    }

    /** A new, empty hub. */
    public static Hub hub() {
        return new Hub();
    }

    /** Members that see each other's datagrams. Thread-safe. */
    public static final class Hub {
        private final List<InMemoryTransport> members = new CopyOnWriteArrayList<>();

        private Hub() {}

        /** A new member whose inbox holds {@code capacity} datagrams. */
        public InMemoryTransport join(int capacity) {
            InMemoryTransport t = new InMemoryTransport(this, capacity);
            members.add(t);
            return t;
        }

        private void deliver(InMemoryTransport from, byte[] datagram) {
            for (InMemoryTransport m : members) {
                if (m != from && !m.disposed) {
                    m.accept(datagram.clone());
                }
            }
        }
    }

    private synchronized void accept(byte[] datagram) {
        if (inbox.tryEmitNext(datagram).isSuccess()) {
            counters.netReceived(datagram.length);
        }
    }

    @Override
    public Mono<Void> send(Publisher<byte[]> datagrams) {
        return Flux.from(datagrams)
                .doOnNext(d -> {
                    counters.kernelSent(d.length);
                    hub.deliver(this, d);
                    counters.netSent(d.length);
                })
                .takeUntilOther(closed.asMono())
                .then();
    }

    @Override
    public Flux<byte[]> receive() {
        return inbox.asFlux();
    }

    @Override
    public ProxyStats stats() {
        return counters.snapshot();
    }

    @Override
    public Mono<Void> onClose() {
        return closed.asMono();
    }

    @Override
    public void dispose() {
        disposed = true;
        hub.members.remove(this);
        synchronized (this) {
            inbox.tryEmitComplete();
        }
        closed.tryEmitEmpty();
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }
}
