package io.nat64.gateway.peer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rsocket.DuplexConnection;
import io.rsocket.RSocketErrorException;
import io.rsocket.frame.FrameHeaderCodec;
import io.rsocket.frame.FrameType;
import io.rsocket.transport.ClientTransport;
import java.net.SocketAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A client transport that reports each resumed connection: rsocket-java reconnects and resumes inside the
 * connector, with no event of its own, so this watches the first frame of every connection for RESUME_OK.
 */
final class ResumeWatch implements ClientTransport {
    private final ClientTransport delegate;
    private final Runnable onResumed;

    ResumeWatch(ClientTransport delegate, Runnable onResumed) {
        this.delegate = delegate;
        this.onResumed = onResumed;
    }

    @Override
    public Mono<DuplexConnection> connect() {
        return delegate.connect().map(Watched::new);
    }

    @Override
    public int maxFrameLength() {
        return delegate.maxFrameLength();
    }

    private final class Watched implements DuplexConnection {
        private final DuplexConnection c;

        Watched(DuplexConnection c) {
            this.c = c;
        }

        @Override
        public void sendFrame(int streamId, ByteBuf frame) {
            c.sendFrame(streamId, frame);
        }

        @Override
        public void sendErrorAndClose(RSocketErrorException e) {
            c.sendErrorAndClose(e);
        }

        @Override
        public Flux<ByteBuf> receive() {
            boolean[] first = {true};
            return c.receive().doOnNext(frame -> {
                if (first[0]) {
                    first[0] = false;
                    if (FrameHeaderCodec.frameType(frame) == FrameType.RESUME_OK) {
                        onResumed.run();
                    }
                }
            });
        }

        @Override
        public ByteBufAllocator alloc() {
            return c.alloc();
        }

        @Override
        public SocketAddress remoteAddress() {
            return c.remoteAddress();
        }

        @Override
        public Mono<Void> onClose() {
            return c.onClose();
        }

        @Override
        public void dispose() {
            c.dispose();
        }

        @Override
        public boolean isDisposed() {
            return c.isDisposed();
        }

        @Override
        public double availability() {
            return c.availability();
        }
    }
}
