package io.nat64.gateway.peer;

import io.netty.buffer.ByteBuf;
import io.rsocket.DuplexConnection;
import io.rsocket.exceptions.Exceptions;
import io.rsocket.exceptions.RejectedSetupException;
import io.rsocket.frame.FrameHeaderCodec;
import io.rsocket.frame.FrameType;
import io.rsocket.transport.ClientTransport;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A client transport that reports what rsocket-java's resuming connector keeps to itself: each resumed
 * connection (its first frame is RESUME_OK), and each refusal by the peer, which a resuming client would
 * otherwise only see as a closed channel after trying to resume: a REJECTED_SETUP error frame (wrong or missing
 * secret) or a TLS failure (a certificate the peer does not trust).
 */
final class ResumeWatch implements ClientTransport {
    private final ClientTransport delegate;
    private final Runnable onResumed;
    private final Consumer<Throwable> onRefused;

    ResumeWatch(ClientTransport delegate, Runnable onResumed, Consumer<Throwable> onRefused) {
        this.delegate = delegate;
        this.onResumed = onResumed;
        this.onRefused = onRefused;
    }

    @Override
    public Mono<DuplexConnection> connect() {
        return delegate.connect().doOnError(this::tls).map(Watched::new);
    }

    @Override
    public int maxFrameLength() {
        return delegate.maxFrameLength();
    }

    private void tls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                onRefused.accept(t);
                return;
            }
        }
    }

    private final class Watched extends ForwardingConnection {
        Watched(DuplexConnection c) {
            super(c);
        }

        @Override
        public Flux<ByteBuf> receive() {
            boolean[] first = {true};
            return c.receive()
                    .doOnNext(frame -> {
                        FrameType type = FrameHeaderCodec.frameType(frame);
                        if (first[0]) {
                            first[0] = false;
                            if (type == FrameType.RESUME_OK) {
                                onResumed.run();
                            }
                        }
                        if (type == FrameType.ERROR && FrameHeaderCodec.streamId(frame) == 0) {
                            RuntimeException e = Exceptions.from(0, frame);
                            if (e instanceof RejectedSetupException) {
                                onRefused.accept(e);
                            }
                        }
                    })
                    .doOnError(ResumeWatch.this::tls);
        }

        @Override
        public Mono<Void> onClose() {
            return c.onClose().doOnError(ResumeWatch.this::tls);
        }

        @Override
        public double availability() {
            return c.availability();
        }
    }
}
