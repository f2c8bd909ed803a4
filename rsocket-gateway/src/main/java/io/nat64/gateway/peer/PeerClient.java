package io.nat64.gateway.peer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.core.Resume;
import io.rsocket.exceptions.RejectedSetupException;
import io.rsocket.frame.decoder.PayloadDecoder;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.util.ByteBufPayload;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.tcp.TcpClient;
import reactor.util.retry.Retry;

/**
 * Subscribes to one peer's replication stream ({@code --net.peer}) and hands every batch that passes validation
 * ({@link PeerValidator}: the checks and counters of multicast datagrams) to {@code merge}, in order, with at most
 * {@link PeerClientOptions#window()} batches requested and not yet merged: a slow merge throttles the peer.
 *
 * <p>Resilience: a cut connection is resumed (RSocket resumption) for {@link PeerClientOptions#resumeSession()},
 * losing and repeating nothing. When that fails (a longer outage, either side restarted, the peer's stream ended
 * or failed, or {@code merge} failed, e.g. the daemon restarted), it subscribes again after a delay that doubles
 * from {@link PeerClientOptions#reconnectMin()} to {@link PeerClientOptions#reconnectMax()} (reset by a batch
 * received), and the new stream starts with a fresh catch-up. It runs until disposed. A refused SETUP (wrong
 * secret) is logged with the peer's reason and retried at the same pace, so fixing the secret file heals it.
 *
 * <p>Threading: validation runs on the connection's event loop; {@code merge} is called there and must not block.
 *
 * <pre>{@code
 * PeerClient link = PeerClient.connect(options.clientOptions(peer, nodeId, "node-b"), daemon::merge, stats);
 * link.dispose();
 * }</pre>
 */
public final class PeerClient implements Disposable {
    private static final Logger log = LoggerFactory.getLogger(PeerClient.class);
    /** The largest frame accepted from a peer: a datagram is at most 65,507 bytes, so 1 MiB is generous. */
    static final int MAX_FRAME = 1 << 20;

    private final Disposable running;
    private final Sinks.Empty<Void> closed = Sinks.empty();
    private final AtomicReference<@Nullable RSocket> current = new AtomicReference<>();
    private final AtomicReference<@Nullable Throwable> refusal = new AtomicReference<>();

    private PeerClient(PeerClientOptions options, Function<byte[], Mono<Void>> merge, PeerStats stats) {
        DroppedErrors.install();
        String peer = PeerOptions.text(options.peer());
        PeerLink link = stats.link(peer, PeerSnapshot.Direction.SUBSCRIBED);
        PeerValidator validator = new PeerValidator(options.localNodeId(), stats.sync(), link);
        TcpClient tcp = TcpClient.create()
                .host(options.peer().getHostString())
                .port(options.peer().getPort());
        PeerTls tls = options.tls();
        if (tls != null) {
            tcp = tcp.secure(spec -> spec.sslContext(tls.client()));
        }
        ResumeWatch transport = new ResumeWatch(
                TcpClientTransport.create(tcp, MAX_FRAME),
                () -> {
                    link.resumed();
                    log.info("peer replication: resumed the link to {}", peer);
                },
                this::refused);
        // one element per batch handled, so that Retry.transientErrors resets the backoff once batches flow again
        Flux<Boolean> subscription = Flux.usingWhen(
                connector(options).connect(transport).doOnNext(current::set),
                rsocket -> stream(rsocket, merge, link, validator, peer, options.window()),
                rsocket -> Mono.fromRunnable(rsocket::dispose));
        this.running = subscription
                .retryWhen(Retry.backoff(Long.MAX_VALUE, options.reconnectMin())
                        .maxBackoff(options.reconnectMax())
                        .jitter(0.25)
                        .transientErrors(true)
                        .doBeforeRetry(signal -> failed(refusal.getAndSet(null), signal.failure(), link, peer)))
                .doFinally(s -> closed.tryEmitEmpty())
                .subscribe(null, e -> log.error("peer replication: the link to {} stopped", peer, e));
    }

    /** Starts subscribing to {@code options.peer()}; every valid batch goes to {@code merge}. */
    public static PeerClient connect(PeerClientOptions options, Function<byte[], Mono<Void>> merge, PeerStats stats) {
        return new PeerClient(options, merge, stats);
    }

    private static RSocketConnector connector(PeerClientOptions options) {
        Resume resume = new Resume()
                .sessionDuration(options.resumeSession())
                .cleanupStoreOnKeepAlive()
                .retry(Retry.backoff(Long.MAX_VALUE, options.reconnectMin().dividedBy(4))
                        .maxBackoff(options.reconnectMin())
                        .jitter(0.25));
        return RSocketConnector.create()
                .metadataMimeType(PeerProtocol.COMPOSITE)
                .dataMimeType(PeerProtocol.DATA_MIME)
                .setupPayload(Mono.fromSupplier(() -> setup(options)))
                .keepAlive(options.keepAlive(), options.keepAliveTimeout())
                .resume(resume)
                .maxInboundPayloadSize(MAX_FRAME)
                .payloadDecoder(PayloadDecoder.ZERO_COPY);
    }

    private static Payload setup(PeerClientOptions options) {
        char[] token = options.secret().token();
        try {
            ByteBuf metadata = PeerProtocol.setupMetadata(ByteBufAllocator.DEFAULT, token);
            ByteBuf data = Unpooled.copiedBuffer(options.name(), StandardCharsets.UTF_8);
            return ByteBufPayload.create(data, metadata);
        } finally {
            Arrays.fill(token, '\0');
        }
    }

    private static Flux<Boolean> stream(
            RSocket rsocket,
            Function<byte[], Mono<Void>> merge,
            PeerLink link,
            PeerValidator validator,
            String peer,
            int window) {
        return Flux.defer(() -> {
                    link.opened();
                    validator.newStream();
                    log.info("peer replication: subscribed to {} (catch-up, then live)", peer);
                    Payload request = ByteBufPayload.create(
                            Unpooled.EMPTY_BUFFER, PeerProtocol.requestMetadata(ByteBufAllocator.DEFAULT));
                    return rsocket.requestStream(request);
                })
                .map(PeerClient::bytes)
                .doOnNext(new OnFirst(link::catchUp))
                .concatMap(
                        datagram -> validator.accept(datagram)
                                ? merge.apply(datagram).thenReturn(Boolean.TRUE)
                                : Mono.just(Boolean.FALSE),
                        window)
                .concatWith(Mono.error(() -> new PeerStreamEnded(peer)))
                .doFinally(s -> link.closed());
    }

    private static byte[] bytes(Payload p) {
        try {
            return ByteBufUtil.getBytes(p.sliceData());
        } finally {
            p.release();
        }
    }

    /**
     * The peer refused this node (REJECTED_SETUP, or TLS): a resuming connector would keep trying to resume, so
     * the connection is closed now and the refusal reported as the reason.
     */
    private void refused(Throwable why) {
        refusal.set(why);
        RSocket r = current.get();
        if (r != null) {
            r.dispose();
        }
    }

    private static void failed(@Nullable Throwable refusal, Throwable failure, PeerLink link, String peer) {
        Throwable e = refusal != null ? refusal : failure;
        String message = Objects.toString(e.getMessage(), e.getClass().getSimpleName());
        link.error(message);
        if (refusal != null || e instanceof RejectedSetupException) {
            link.setupRejected();
            log.error("peer replication: {} refused this node: {}", peer, message);
        } else {
            log.warn(
                    "peer replication: the link to {} failed ({}); subscribing again with a fresh catch-up",
                    peer,
                    message);
        }
    }

    /** Completes when the link is disposed. */
    public Mono<Void> onClose() {
        return closed.asMono();
    }

    /** Stops subscribing and closes the connection. */
    @Override
    public void dispose() {
        running.dispose();
    }

    @Override
    public boolean isDisposed() {
        return running.isDisposed();
    }

    /** Runs once, at the first element of a stream: that stream's catch-up has begun to arrive. */
    private static final class OnFirst implements Consumer<byte[]> {
        private final Runnable once;
        private boolean done;

        OnFirst(Runnable once) {
            this.once = once;
        }

        @Override
        public void accept(byte[] first) {
            if (!done) {
                done = true;
                once.run();
            }
        }
    }

    /** The peer completed its stream, which a live stream never does: subscribe again. */
    static final class PeerStreamEnded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PeerStreamEnded(String peer) {
            super("the stream of " + peer + " ended", null, false, false);
        }
    }
}
