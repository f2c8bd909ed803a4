package io.nat64.gateway.peer;

import io.netty.buffer.Unpooled;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketServer;
import io.rsocket.core.Resume;
import io.rsocket.frame.decoder.PayloadDecoder;
import io.rsocket.resume.InMemoryResumableFramesStore;
import io.rsocket.transport.netty.server.CloseableChannel;
import io.rsocket.transport.netty.server.TcpServerTransport;
import io.rsocket.util.ByteBufPayload;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.tcp.TcpServer;

/**
 * Serves this node's replication stream to peers ({@code --net.listen}): each authenticated subscriber gets its
 * own stream from the {@link PeerFeed} (catch-up, then live), one batch per RSocket PAYLOAD frame, exactly as
 * many as it requested. Connections resume (RSocket resumption) for {@link PeerServerOptions#resumeSession()}
 * after a cut, replaying only the frames the subscriber did not receive.
 *
 * <p>A SETUP without the shared secret, with a wrong one, or for another protocol is refused with a
 * {@code REJECTED_SETUP} error that says why, counted in {@link PeerStats#setupsRejected()}; the connection
 * closes and no stream is served.
 *
 * <p>Threading: thread-safe and non-blocking; streams run on Reactor Netty's event loops.
 *
 * <pre>{@code
 * PeerServer server = PeerServer.start(options.serverOptions(), feed, stats).block();
 * server.onClose().block();
 * }</pre>
 */
public final class PeerServer implements Disposable {
    private static final Logger log = LoggerFactory.getLogger(PeerServer.class);
    /** The largest frame accepted from a subscriber: SETUP with a secret of at most 4 KiB, and tiny requests. */
    static final int MAX_FRAME = 64 << 10;

    private final CloseableChannel channel;
    private final Set<RSocket> connections;

    private PeerServer(CloseableChannel channel, Set<RSocket> connections) {
        this.channel = channel;
        this.connections = connections;
    }

    /** Binds the server; emits it once it listens. */
    public static Mono<PeerServer> start(PeerServerOptions options, PeerFeed feed, PeerStats stats) {
        Set<RSocket> connections = ConcurrentHashMap.newKeySet();
        SocketAcceptor acceptor = (setup, sendingSocket) -> {
            String name = PeerProtocol.name(setup.getDataUtf8());
            connections.add(sendingSocket);
            sendingSocket
                    .onClose()
                    .doFinally(s -> connections.remove(sendingSocket))
                    .subscribe(null, e -> {});
            log.info("peer replication: '{}' subscribed", name);
            return Mono.just(new Responder(feed, stats.link(name, PeerSnapshot.Direction.SERVED), name));
        };
        Resume resume = new Resume()
                .sessionDuration(options.resumeSession())
                .cleanupStoreOnKeepAlive()
                .storeFactory(token -> new InMemoryResumableFramesStore("server", token, options.resumeCacheBytes()));
        InetSocketAddress listen = options.listen();
        TcpServer tcp = TcpServer.create().host(listen.getHostString()).port(listen.getPort());
        PeerTls tls = options.tls();
        if (tls != null) {
            tcp = tcp.secure(spec -> spec.sslContext(tls.server()));
        }
        return RSocketServer.create(acceptor)
                .resume(resume)
                .maxTimeToFirstFrame(options.setupTimeout())
                .payloadDecoder(PayloadDecoder.DEFAULT)
                .maxInboundPayloadSize(MAX_FRAME)
                .bind(new SetupGuard(TcpServerTransport.create(tcp, MAX_FRAME), options.secret(), stats))
                .map(channel -> new PeerServer(channel, connections));
    }

    /** The address it listens on (with the real port when 0 was asked). */
    public InetSocketAddress address() {
        return channel.address();
    }

    /** Completes when the listener is closed. */
    public Mono<Void> onClose() {
        return channel.onClose();
    }

    /** Stops listening and closes every subscriber's connection (their streams are cancelled). */
    @Override
    public void dispose() {
        channel.dispose();
        for (RSocket c : connections) {
            c.dispose();
        }
    }

    @Override
    public boolean isDisposed() {
        return channel.isDisposed();
    }

    /** One authenticated subscriber: the single request-stream {@code sync.peer}; nothing else. */
    private static final class Responder implements RSocket {
        private final PeerFeed feed;
        private final PeerLink link;
        private final String name;

        Responder(PeerFeed feed, PeerLink link, String name) {
            this.feed = feed;
            this.link = link;
            this.name = name;
        }

        @Override
        public Flux<Payload> requestStream(Payload request) {
            String route;
            try {
                route = request.hasMetadata() ? PeerProtocol.route(request.sliceMetadata()) : null;
            } finally {
                request.release();
            }
            if (!PeerProtocol.ROUTE.equals(route)) {
                return Flux.error(new IllegalArgumentException("unknown route '" + route + "': a nat64 peer serves"
                        + " only the request-stream " + PeerProtocol.ROUTE));
            }
            return Flux.defer(() -> {
                        link.opened();
                        link.catchUp();
                        return feed.open(name);
                    })
                    .map(datagram -> {
                        link.batch(PeerProtocol.sessions(datagram.length), datagram.length);
                        return ByteBufPayload.create(Unpooled.wrappedBuffer(datagram));
                    })
                    .doOnError(e -> {
                        link.error(String.valueOf(e.getMessage()));
                        log.warn("peer replication: the stream of '{}' failed: {}", name, e.toString());
                    })
                    .doFinally(s -> link.closed());
        }
    }
}
