package io.nat64.gateway.peer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rsocket.DuplexConnection;
import io.rsocket.RSocketErrorException;
import java.net.SocketAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A connection that hands every call to another one: the transport wrappers of this package ({@link ResumeWatch},
 * {@link SetupGuard}) override only what they watch or filter.
 */
abstract class ForwardingConnection implements DuplexConnection {
    /** The connection every call goes to. */
    protected final DuplexConnection c;

    ForwardingConnection(DuplexConnection c) {
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
        return c.receive();
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
}
