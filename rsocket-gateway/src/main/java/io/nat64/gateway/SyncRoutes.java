package io.nat64.gateway;

import io.nat64.core.instance.Instance;
import io.nat64.core.instance.InstanceRegistry;
import io.nat64.gateway.api.AdvertiseView;
import io.nat64.gateway.api.InstanceRequest;
import io.nat64.gateway.api.Route;
import io.nat64.gateway.api.SyncMergeRequest;
import io.nat64.streams.session.AdvertiseOptions;
import io.nat64.streams.sync.InstanceSync;
import io.nat64.streams.sync.codec.RecordFrame;
import io.nat64.streams.sync.codec.SyncFormat;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The session synchronisation routes, the daemon's side of {@code session proxy} (Jool's Netlink joold commands):
 * {@code sync.live} and {@code sync.catchup} stream batches as binary {@link RecordFrame}s, {@code sync.merge}
 * takes the datagrams a proxy received, {@code sync.advertise} replays the table into the live streams. One
 * {@link InstanceSync} per instance, shared by every connection, so an advertise reaches every proxy.
 *
 * <p>Threading: any thread; the per-instance map is synchronised.
 */
final class SyncRoutes {
    private final InstanceRegistry registry;
    private final Map<Instance, InstanceSync> syncs = Collections.synchronizedMap(new WeakHashMap<>());

    private final long advertiseRate;
    private final long catchUpRate;

    /**
     * Sessions per owner task when the table is paged for {@code sync.catchup} and {@code sync.advertise}: a
     * quarter of the default, so one page never holds packets back long (about 60 us at 4 M sessions/s).
     */
    static final int PAGE_SIZE = 256;

    SyncRoutes(InstanceRegistry registry) {
        this(registry, InstanceSync.DEFAULT_ADVERTISE_RATE, InstanceSync.DEFAULT_CATCHUP_RATE);
    }

    /**
     * With {@code sync.advertise} paced at {@code advertiseRate} and {@code sync.catchup}'s dump at
     * {@code catchUpRate} sessions per second (0: unpaced).
     */
    SyncRoutes(InstanceRegistry registry, long advertiseRate, long catchUpRate) {
        this.registry = registry;
        this.advertiseRate = advertiseRate;
        this.catchUpRate = catchUpRate;
    }

    void register(Map<Route, Handler> routes, Map<Route, ChannelHandler> channels) {
        routes.put(
                Route.SYNC_LIVE,
                r -> Flux.defer(() -> of((InstanceRequest) r).live()).map(RecordFrame::encode));
        routes.put(
                Route.SYNC_CATCHUP,
                r -> Flux.defer(() -> of((InstanceRequest) r).catchUp()).map(RecordFrame::encode));
        routes.put(Route.SYNC_ADVERTISE, r -> advertise((InstanceRequest) r).map(AdvertiseView::new));
        channels.put(Route.SYNC_MERGE, (r, data) -> merge((SyncMergeRequest) r, data));
    }

    /** The sync side of the instance {@code r} names. */
    InstanceSync of(InstanceRequest r) {
        return of(Requests.instance(registry, r.instance()));
    }

    /** The sync side of {@code instance}, created on first use. */
    InstanceSync of(Instance instance) {
        return syncs.computeIfAbsent(
                instance,
                i -> InstanceSync.of(
                        i,
                        AdvertiseOptions.defaults().withPageSize(PAGE_SIZE).withPageInterval(Duration.ZERO),
                        advertiseRate,
                        catchUpRate));
    }

    /** Jool's advertise into the connected proxies' live streams; emits how many sessions went. */
    Mono<Long> advertise(InstanceRequest r) {
        return Mono.defer(() -> of(r).advertise());
    }

    private Mono<Void> merge(SyncMergeRequest r, Flux<byte[]> datagrams) {
        return Mono.defer(() -> {
            InstanceSync sync = of(Requests.instance(registry, r.instance()));
            SyncFormat format = SyncFormat.parse(r.format() == null ? "nat64" : r.format());
            long nodeId = parseNodeId(r.nodeId());
            if (format == SyncFormat.NAT64 && nodeId == 0) {
                throw new IllegalArgumentException("sync.merge: nodeId must be the proxy's non-zero node id (hex)");
            }
            var codec = format.codec(format == SyncFormat.NAT64 ? nodeId : 1);
            String packing = r.packing();
            if (packing == null || packing.equals("datagram")) {
                return sync.merge(codec, datagrams);
            }
            if (packing.equals(SyncMergeRequest.FRAMES)) {
                return sync.mergeFrames(codec, datagrams);
            }
            throw new IllegalArgumentException(
                    "sync.merge: packing must be 'datagram' or 'frames', not '" + packing + "'");
        });
    }

    private static long parseNodeId(String hex) {
        try {
            return Long.parseUnsignedLong(hex == null ? "0" : hex, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sync.merge: nodeId must be hexadecimal, not '" + hex + "'");
        }
    }
}
