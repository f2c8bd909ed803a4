package io.nat64.gateway.peer;

import reactor.core.publisher.Flux;

/**
 * What a {@link PeerServer} serves: per subscriber, a stream of encoded batches ({@code nat64} sync datagrams)
 * made of a catch-up of the whole session table followed by the live batches, with no gap between the two. The
 * proxy wires it to the daemon's {@code sync.catchup} route; {@link InstanceFeed} builds it from an instance in
 * the same process.
 *
 * <p>Backpressure: the server requests exactly what the subscriber asked for ({@code request(n)}), so a slow
 * subscriber throttles its stream; the feed must keep its own buffering bounded (it may end the stream with an
 * error when it cannot: the subscriber then reconnects and catches up afresh).
 */
@FunctionalInterface
public interface PeerFeed {

    /** A new stream for the subscriber named {@code subscriber}; cancelled when it goes away. */
    Flux<byte[]> open(String subscriber);
}
