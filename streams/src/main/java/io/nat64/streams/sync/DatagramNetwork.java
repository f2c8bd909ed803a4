package io.nat64.streams.sync;

import io.nat64.streams.sync.codec.SyncCodec;
import io.nat64.streams.sync.codec.SyncFormat;
import io.nat64.streams.sync.codec.SyncRecord;
import io.nat64.streams.sync.net.ProxyStats;
import io.nat64.streams.sync.net.SyncTransport;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link ProxyNetwork#datagrams}: one codec, one transport. Encoding happens in sending order (sequence numbers). */
final class DatagramNetwork implements ProxyNetwork {
    private final SyncCodec codec;
    private final SyncTransport transport;

    DatagramNetwork(SyncCodec codec, SyncTransport transport) {
        this.codec = codec;
        this.transport = transport;
    }

    @Override
    public SyncFormat format() {
        return codec.format();
    }

    @Override
    public long nodeId() {
        return codec.nodeId();
    }

    @Override
    public Mono<Void> send(Flux<List<SyncRecord>> batches) {
        return transport.send(batches.filter(b -> !b.isEmpty()).concatMapIterable(this::split));
    }

    /** A batch larger than one datagram holds (a peer asking for more than the codec's limit) is cut. */
    private List<byte[]> split(List<SyncRecord> batch) {
        int max = codec.maxRecords();
        if (batch.size() <= max) {
            return List.of(codec.encode(batch));
        }
        List<byte[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < batch.size(); i += max) {
            out.add(codec.encode(batch.subList(i, Math.min(batch.size(), i + max))));
        }
        return out;
    }

    @Override
    public Flux<byte[]> receive() {
        return transport.receive();
    }

    @Override
    public ProxyStats stats() {
        return transport.stats();
    }

    @Override
    public void dispose() {
        transport.dispose();
    }

    @Override
    public boolean isDisposed() {
        return transport.isDisposed();
    }
}
