package io.nat64.streams.sync.net;

import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Carries sync datagrams between nodes: best effort, unordered, no retransmission (UDP's contract, which
 * Jool's protocol assumes). Implementations: {@link MulticastTransport} (the network), {@link InMemoryTransport}
 * (tests, one JVM); the gateway may add one that tunnels through RSocket.
 *
 * <p>Backpressure: {@link #send} requests datagrams only as it can send them, keeping at most a small
 * prefetch, so a slow link backs up into the sender's bounded sync queue. {@link #receive} reads only while
 * there is demand; what arrives meanwhile waits in the socket buffer, and past it is lost, as on any network.
 */
public interface SyncTransport extends Disposable {

    /** Sends each datagram of {@code datagrams} to every peer; completes when they complete, or on close. */
    Mono<Void> send(Publisher<byte[]> datagrams);

    /** The datagrams peers send, one subscriber at a time; completes when the transport is closed. */
    Flux<byte[]> receive();

    /** The six numbers of the proxy's stats server, so far. */
    ProxyStats stats();

    /** Completes once the transport is closed. */
    Mono<Void> onClose();
}
