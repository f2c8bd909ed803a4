package io.nat64.streams.sync;

import io.nat64.streams.sync.codec.SyncCodec;
import io.nat64.streams.sync.codec.SyncFormat;
import io.nat64.streams.sync.codec.SyncRecord;
import io.nat64.streams.sync.net.ProxyStats;
import io.nat64.streams.sync.net.SyncTransport;
import java.util.List;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The network side of a session proxy: where the daemon's batches go out and peers' datagrams come in. The
 * proxy is the sender on the network, so this side encodes (its own node id and sequence numbers) and says how
 * the daemon must decode what it receives. Today: datagrams over a {@link SyncTransport} (multicast); RSocket
 * peers (issue #8) can be another implementation.
 *
 * <p>Threading: any thread; {@link #send} may be called again after a previous call ended (a reconnect to the
 * daemon), {@link #receive} is subscribed to once.
 *
 * <pre>{@code
 * ProxyNetwork net = ProxyNetwork.datagrams(SyncFormat.NAT64.codec(SyncCodec.randomNodeId()),
 *         MulticastTransport.open(MulticastConfig.parse("233.252.0.64", null, "sync0", "sync0", null)));
 * }</pre>
 */
public interface ProxyNetwork extends Disposable {

    /** The wire format of what {@link #receive} emits. */
    SyncFormat format();

    /** This proxy's node id in the datagrams it sends ({@code nat64} format); 0 when the format has none. */
    long nodeId();

    /** Encodes and sends each batch; completes when {@code batches} completes or the network closes. */
    Mono<Void> send(Flux<List<SyncRecord>> batches);

    /** The datagrams peers sent, undecoded (the daemon decodes, validates and counts them). */
    Flux<byte[]> receive();

    /** The stats server's six counters. */
    ProxyStats stats();

    /** Datagrams in {@code codec}'s format over {@code transport}; disposing this closes the transport. */
    static ProxyNetwork datagrams(SyncCodec codec, SyncTransport transport) {
        return new DatagramNetwork(codec, transport);
    }
}
