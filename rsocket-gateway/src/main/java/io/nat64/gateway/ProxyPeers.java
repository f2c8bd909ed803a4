package io.nat64.gateway;

import io.nat64.gateway.api.InstanceRequest;
import io.nat64.gateway.api.Route;
import io.nat64.gateway.api.SyncMergeRequest;
import io.nat64.gateway.peer.PeerClient;
import io.nat64.gateway.peer.PeerFeed;
import io.nat64.gateway.peer.PeerOptions;
import io.nat64.gateway.peer.PeerServer;
import io.nat64.gateway.peer.PeerStats;
import io.nat64.streams.sync.codec.RecordFrame;
import io.nat64.streams.sync.codec.SyncCodec;
import io.nat64.streams.sync.codec.SyncFormat;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The RSocket peer side of {@code nat64 session proxy} ({@code --net.listen}, {@code --net.peer}): a
 * {@link PeerServer} whose feed is the daemon's {@code sync.catchup} (one daemon stream per subscriber, encoded
 * as {@code nat64} datagrams of this proxy's node id, numbered from 0 per stream), and one {@link PeerClient} per
 * peer whose batches go to the daemon's {@code sync.merge} (one channel per peer, reopened after a failure), where
 * they are validated, counted and merged as multicast datagrams are: merged sessions are the peer's, never served
 * back.
 *
 * <p>The daemon is reached through one gateway connection, opened on first use and again after it closes. A
 * daemon that is down fails the subscribers' streams and the merges: subscribers and peer links then reconnect
 * with their backoff and a fresh catch-up, so a restarted daemon refills from its peers.
 *
 * <p>Threading: thread-safe and non-blocking; everything runs on the connections' event loops.
 *
 * <pre>{@code
 * ProxyPeers peers = ProxyPeers.start(SessionProxy.Options.of(gateway, "default"), options, nodeId, "node-b",
 *         PeerStats.create()).block();
 * }</pre>
 */
public final class ProxyPeers implements Disposable {
    private static final Logger log = LoggerFactory.getLogger(ProxyPeers.class);

    private final @Nullable PeerServer server;
    private final List<PeerClient> clients;
    private final AtomicReference<@Nullable GatewayClient> daemon;
    private final PeerStats stats;
    private volatile boolean disposed;

    private ProxyPeers(
            @Nullable PeerServer server,
            List<PeerClient> clients,
            AtomicReference<@Nullable GatewayClient> daemon,
            PeerStats stats) {
        this.server = server;
        this.clients = List.copyOf(clients);
        this.daemon = daemon;
        this.stats = stats;
    }

    /**
     * Starts listening (if {@code options} says so) and subscribing to every peer, as the node {@code nodeId}
     * named {@code name} in the peers' stats; emits once the server listens. Fails when the server cannot bind.
     */
    public static Mono<ProxyPeers> start(
            SessionProxy.Options daemon, PeerOptions options, long nodeId, String name, PeerStats stats) {
        AtomicReference<@Nullable GatewayClient> opened = new AtomicReference<>();
        Mono<GatewayClient> connection = Mono.defer(
                        () -> GatewayClient.connect(daemon.gateway()).timeout(daemon.connectTimeout()))
                .doOnNext(opened::set)
                .cacheInvalidateIf(GatewayClient::isDisposed);
        PeerFeed feed = subscriber -> catchUp(connection, daemon.instance(), nodeId);
        Mono<Optional<PeerServer>> server = options.listen() == null
                ? Mono.just(Optional.empty())
                : PeerServer.start(options.serverOptions(), feed, stats).map(Optional::of);
        return server.map(s -> {
            List<PeerClient> clients = new ArrayList<>();
            for (InetSocketAddress peer : options.peers()) {
                MergeChannel merge = new MergeChannel(
                        connection,
                        new SyncMergeRequest(daemon.instance(), SyncFormat.NAT64.toString(), Long.toHexString(nodeId)));
                clients.add(PeerClient.connect(options.clientOptions(peer, nodeId, name), merge, stats));
            }
            return new ProxyPeers(s.orElse(null), clients, opened, stats);
        });
    }

    /** The daemon's catch-up then live batches, as the datagrams of a fresh {@code nat64} stream of {@code nodeId}. */
    private static Flux<byte[]> catchUp(Mono<GatewayClient> daemon, String instance, long nodeId) {
        return Flux.defer(() -> {
            SyncCodec codec = SyncCodec.nat64(nodeId);
            return daemon.flatMapMany(c -> c.streamBytes(Route.SYNC_CATCHUP, new InstanceRequest(instance)))
                    .<byte[]>handle((frame, sink) -> {
                        var records = RecordFrame.decode(frame);
                        if (records == null) {
                            log.warn(
                                    "peer replication: the daemon sent a frame of {} bytes that is not records",
                                    frame.length);
                        } else if (!records.isEmpty()) {
                            sink.next(codec.encode(records)); // one copy per session: InstanceSync.catchUp
                        }
                    });
        });
    }

    /** Where the server listens (the real port when 0 was asked), or null when not listening. */
    public @Nullable InetSocketAddress listenAddress() {
        PeerServer s = server;
        return s == null ? null : s.address();
    }

    /** The links' figures. */
    public PeerStats stats() {
        return stats;
    }

    /** Stops listening, closes every peer link and the daemon connection. */
    @Override
    public void dispose() {
        disposed = true;
        if (server != null) {
            server.dispose();
        }
        clients.forEach(PeerClient::dispose);
        GatewayClient c = daemon.get();
        if (c != null) {
            c.dispose();
        }
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }

    /**
     * One peer's way into the daemon: a {@code sync.merge} channel, opened on the first datagram and again after it
     * ends. {@link #apply} completes once the daemon has asked for the datagram (its demand, at most 16 waiting,
     * paces the peer) and fails when the channel does, so the peer link starts over with a fresh catch-up.
     *
     * <p>Threading: {@link #apply} is called by one peer link, one datagram at a time (it waits for the last).
     */
    static final class MergeChannel implements Function<byte[], Mono<Void>> {
        private final Mono<GatewayClient> daemon;
        private final SyncMergeRequest request;
        private @Nullable Outlet outlet;

        MergeChannel(Mono<GatewayClient> daemon, SyncMergeRequest request) {
            this.daemon = daemon;
            this.request = request;
        }

        @Override
        public Mono<Void> apply(byte[] datagram) {
            return Mono.defer(() -> outlet()).flatMap(o -> o.offer(datagram));
        }

        private synchronized Mono<Outlet> outlet() {
            Outlet o = outlet;
            if (o != null && !o.isClosed()) {
                return Mono.just(o);
            }
            return daemon.map(c -> {
                synchronized (this) {
                    Outlet fresh = new Outlet();
                    c.channel(Route.SYNC_MERGE, request, fresh.datagrams())
                            .subscribe(null, fresh::close, () -> fresh.close(null));
                    outlet = fresh;
                    return fresh;
                }
            });
        }
    }

    /** The data side of one {@code sync.merge} channel: datagrams leave as the daemon requests them. */
    static final class Outlet {
        private long credits;
        private @Nullable FluxSink<byte[]> sink;
        private byte @Nullable [] pending;
        private @Nullable MonoSink<Void> pendingDone;
        private @Nullable Throwable closed;

        Flux<byte[]> datagrams() {
            return Flux.create(s -> {
                synchronized (this) {
                    sink = s;
                }
                s.onRequest(this::requested);
                s.onDispose(() -> close(null));
            });
        }

        synchronized boolean isClosed() {
            return closed != null;
        }

        Mono<Void> offer(byte[] datagram) {
            return Mono.create(done -> {
                FluxSink<byte[]> s;
                synchronized (this) {
                    if (closed != null) {
                        done.error(closed);
                        return;
                    }
                    if (credits == 0 || sink == null) {
                        if (pending != null) {
                            done.error(new IllegalStateException("one merge at a time per peer"));
                            return;
                        }
                        pending = datagram;
                        pendingDone = done;
                        return;
                    }
                    credits--;
                    s = sink;
                }
                s.next(datagram);
                done.success();
            });
        }

        private void requested(long n) {
            byte[] d;
            MonoSink<Void> done;
            FluxSink<byte[]> s;
            synchronized (this) {
                credits = credits + n < 0 ? Long.MAX_VALUE : credits + n;
                if (pending == null || sink == null) {
                    return;
                }
                d = pending;
                done = pendingDone;
                s = sink;
                pending = null;
                pendingDone = null;
                credits--;
            }
            s.next(d);
            if (done != null) {
                done.success();
            }
        }

        void close(@Nullable Throwable why) {
            MonoSink<Void> done;
            Throwable e;
            synchronized (this) {
                if (closed != null) {
                    return;
                }
                closed = why != null ? why : new IllegalStateException("the daemon closed the sync.merge channel");
                e = closed;
                done = pendingDone;
                pending = null;
                pendingDone = null;
            }
            if (done != null) {
                done.error(e);
            }
        }
    }
}
