package io.nat64.gateway.peer;

import io.netty.buffer.ByteBuf;
import io.rsocket.DuplexConnection;
import io.rsocket.exceptions.RejectedSetupException;
import io.rsocket.frame.FrameHeaderCodec;
import io.rsocket.frame.FrameType;
import io.rsocket.frame.SetupFrameCodec;
import io.rsocket.transport.ServerTransport;
import io.rsocket.transport.netty.server.CloseableChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Checks every connection's SETUP frame before rsocket-java sees it: the protocol (MIME types) and the shared
 * secret. A refused SETUP is answered with an ERROR {@code REJECTED_SETUP} frame that says why, on the raw
 * connection, which then closes. (Refusing in the {@code SocketAcceptor} is not enough with resumption on: the
 * error frame then goes through the resumable connection and a resuming client never sees it.)
 */
final class SetupGuard implements ServerTransport<CloseableChannel> {
    private static final Logger log = LoggerFactory.getLogger(SetupGuard.class);

    private final ServerTransport<CloseableChannel> delegate;
    private final PeerSecret secret;
    private final PeerStats stats;

    SetupGuard(ServerTransport<CloseableChannel> delegate, PeerSecret secret, PeerStats stats) {
        this.delegate = delegate;
        this.secret = secret;
        this.stats = stats;
    }

    @Override
    public Mono<CloseableChannel> start(ConnectionAcceptor acceptor) {
        return delegate.start(c -> acceptor.apply(new Guarded(c)));
    }

    @Override
    public int maxFrameLength() {
        return delegate.maxFrameLength();
    }

    /** Why the SETUP {@code frame} is refused, or null if it may proceed. */
    @Nullable
    String refusal(ByteBuf frame) {
        String name = PeerProtocol.name(SetupFrameCodec.data(frame).toString(StandardCharsets.UTF_8));
        String dataMime = SetupFrameCodec.dataMimeType(frame);
        if (!PeerProtocol.DATA_MIME.equals(dataMime)) {
            return "this is a nat64 peer replication port: the data MIME type must be " + PeerProtocol.DATA_MIME
                    + ", not '" + dataMime + "' (subscriber '" + name + "')";
        }
        String metadataMime = SetupFrameCodec.metadataMimeType(frame);
        if (!PeerProtocol.COMPOSITE.equals(metadataMime)) {
            return "the metadata MIME type must be " + PeerProtocol.COMPOSITE + ", not '" + metadataMime
                    + "' (subscriber '" + name + "')";
        }
        ByteBuf metadata = SetupFrameCodec.metadata(frame);
        char[] token = metadata == null ? null : PeerProtocol.bearer(metadata);
        if (token == null) {
            return "authentication required: subscriber '" + name + "' presented no secret (bearer"
                    + " message/x.rsocket.authentication.v0 in SETUP; give it --auth.secret-file)";
        }
        try {
            if (!secret.matches(token)) {
                return "authentication failed: subscriber '" + name + "' presented a wrong secret (the"
                        + " --auth.secret-file of the two nodes differ)";
            }
        } finally {
            Arrays.fill(token, '\0');
        }
        return null;
    }

    private final class Guarded extends ForwardingConnection {
        private boolean first = true;
        private boolean refused;

        Guarded(DuplexConnection c) {
            super(c);
        }

        @Override
        public Flux<ByteBuf> receive() {
            return c.receive().handle((frame, sink) -> {
                if (refused) {
                    return; // Reactor Netty releases inbound buffers after delivery
                }
                if (first) {
                    first = false;
                    String why = FrameHeaderCodec.frameType(frame) == FrameType.SETUP ? refusal(frame) : null;
                    if (why != null) {
                        refused = true;
                        stats.setupRejected(why);
                        log.warn("peer replication: refused a subscriber from {}: {}", c.remoteAddress(), why);
                        c.sendErrorAndClose(new RejectedSetupException(why));
                        return;
                    }
                }
                sink.next(frame);
            });
        }
    }
}
