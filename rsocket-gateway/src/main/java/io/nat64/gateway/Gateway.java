package io.nat64.gateway;

import io.nat64.core.instance.InstanceRegistry;
import io.nat64.gateway.api.Route;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketServer;
import io.rsocket.exceptions.RejectedSetupException;
import io.rsocket.frame.decoder.PayloadDecoder;
import io.rsocket.transport.netty.server.CloseableChannel;
import io.rsocket.transport.netty.server.TcpServerTransport;
import io.rsocket.transport.netty.server.WebsocketServerTransport;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The running RSocket gateway of a daemon: one responder bound to TCP and, optionally, WebSocket, serving
 * every route of {@link Route} over the instances of a registry.
 *
 * <p>Threading: all methods are thread-safe and non-blocking; requests run on Reactor Netty's event loops.
 *
 * <pre>{@code
 * Gateway gateway = Gateway.start(registry, GatewayOptions.defaults()).block();
 * gateway.onClose().block(); // until disposed
 * }</pre>
 */
public final class Gateway implements Disposable {
    private final CloseableChannel tcp;
    private final @Nullable CloseableChannel webSocket;
    private final Set<RSocket> connections;
    private final FollowTally follows;

    private Gateway(
            CloseableChannel tcp, @Nullable CloseableChannel webSocket, Set<RSocket> connections, FollowTally follows) {
        this.tcp = tcp;
        this.webSocket = webSocket;
        this.connections = connections;
        this.follows = follows;
    }

    /** Binds the gateway for {@code registry} as {@code options} say; emits it once both transports listen. */
    public static Mono<Gateway> start(InstanceRegistry registry, GatewayOptions options) {
        return start(
                registry,
                options,
                io.nat64.streams.sync.InstanceSync.DEFAULT_ADVERTISE_RATE,
                io.nat64.streams.sync.InstanceSync.DEFAULT_CATCHUP_RATE);
    }

    /**
     * As {@link #start(InstanceRegistry, GatewayOptions)}, with {@code session advertise} paced at
     * {@code advertiseRate} and a peer's catch-up ({@code sync.catchup}) at {@code catchUpRate} sessions per second
     * at most (0: unpaced).
     */
    public static Mono<Gateway> start(
            InstanceRegistry registry, GatewayOptions options, long advertiseRate, long catchUpRate) {
        Announcements announcements = new Announcements();
        FollowTally follows = new FollowTally();
        SyncRoutes syncs = new SyncRoutes(registry, advertiseRate, catchUpRate);
        return start(registry, options, new StreamsSessionFeeds(announcements, follows), announcements, follows, syncs);
    }

    /** As {@link #start(InstanceRegistry, GatewayOptions)}, with the session routes served by {@code feeds}. */
    static Mono<Gateway> start(
            InstanceRegistry registry, GatewayOptions options, SessionFeeds feeds, Announcements announcements) {
        return start(registry, options, feeds, announcements, new FollowTally(), new SyncRoutes(registry));
    }

    /** As above, with the {@code sync.*} routes served by {@code syncs}. */
    static Mono<Gateway> start(
            InstanceRegistry registry,
            GatewayOptions options,
            SessionFeeds feeds,
            Announcements announcements,
            SyncRoutes syncs) {
        return start(registry, options, feeds, announcements, new FollowTally(), syncs);
    }

    private static Mono<Gateway> start(
            InstanceRegistry registry,
            GatewayOptions options,
            SessionFeeds feeds,
            Announcements announcements,
            FollowTally follows,
            SyncRoutes syncs) {
        Map<Route, Handler> routes = new EnumMap<>(Route.class);
        new SessionRoutes(registry, feeds, syncs).register(routes);
        new AdminRoutes(registry, announcements).register(routes);
        new TableRoutes(registry).register(routes);
        Map<Route, ChannelHandler> channels = new EnumMap<>(Route.class);
        syncs.register(routes, channels);
        Set<RSocket> connections = ConcurrentHashMap.newKeySet();
        SocketAcceptor acceptor = (setup, sendingSocket) -> {
            String data = setup.dataMimeType();
            if (!data.isEmpty() && !data.startsWith("application/json")) {
                return Mono.error(new RejectedSetupException("the nat64 gateway speaks application/json, not '" + data
                        + "': set the data MIME type to application/json"));
            }
            String metadata = setup.metadataMimeType();
            connections.add(sendingSocket);
            sendingSocket
                    .onClose()
                    .doFinally(s -> connections.remove(sendingSocket))
                    .subscribe(null, closedWithError -> {}); // a client that left is no error of ours
            return Mono.just(new Dispatcher(routes, channels, metadata));
        };
        RSocketServer server = RSocketServer.create(acceptor).payloadDecoder(PayloadDecoder.DEFAULT);
        Mono<CloseableChannel> tcp = server.bind(TcpServerTransport.create(resolved(options.tcp())));
        InetSocketAddress ws = options.webSocket();
        if (ws == null) {
            return tcp.map(t -> new Gateway(t, null, connections, follows));
        }
        return tcp.flatMap(t -> server.bind(WebsocketServerTransport.create(resolved(ws)))
                .map(w -> new Gateway(t, w, connections, follows))
                .doOnError(e -> t.dispose()));
    }

    private static InetSocketAddress resolved(InetSocketAddress a) {
        return a.isUnresolved() ? new InetSocketAddress(a.getHostString(), a.getPort()) : a;
    }

    /** The TCP address it listens on (with the real port when 0 was asked). */
    public InetSocketAddress tcpAddress() {
        return tcp.address();
    }

    /** The WebSocket address it listens on, or null when WebSocket is off. */
    public @Nullable InetSocketAddress webSocketAddress() {
        return webSocket == null ? null : webSocket.address();
    }

    /** The follow counters of this gateway's clients, per instance (the metrics endpoint reads them). */
    public FollowTally follows() {
        return follows;
    }

    /** Completes when both listeners are closed. */
    public Mono<Void> onClose() {
        return webSocket == null ? tcp.onClose() : Mono.when(tcp.onClose(), webSocket.onClose());
    }

    /** Stops listening and closes every open connection (their streams are cancelled). */
    @Override
    public void dispose() {
        tcp.dispose();
        if (webSocket != null) {
            webSocket.dispose();
        }
        for (RSocket c : connections) {
            c.dispose();
        }
    }

    @Override
    public boolean isDisposed() {
        return tcp.isDisposed() && (webSocket == null || webSocket.isDisposed());
    }
}
