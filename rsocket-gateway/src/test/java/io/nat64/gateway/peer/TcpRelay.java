package io.nat64.gateway.peer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on 127.0.0.1 in front of a server, whose connections a test can cut: {@link #cut()} closes every
 * relayed connection and refuses new ones (accepted and closed at once) until {@link #restore()}. One thread
 * per direction per connection; for tests only.
 */
final class TcpRelay implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final InetSocketAddress target;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private volatile boolean down;
    private volatile boolean closed;

    TcpRelay(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        Thread accept = new Thread(this::acceptLoop, "relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) listener.getLocalAddress();
    }

    /** Closes every relayed connection and refuses new ones until {@link #restore()}. */
    void cut() {
        down = true;
        for (SocketChannel c : open) {
            closeQuietly(c);
        }
        open.clear();
    }

    /** Relays new connections again. */
    void restore() {
        down = false;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel in = listener.accept();
                if (down) {
                    closeQuietly(in);
                    continue;
                }
                SocketChannel out = SocketChannel.open(target);
                open.add(in);
                open.add(out);
                pump(in, out);
                pump(out, in);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(SocketChannel from, SocketChannel to) {
        Thread t = new Thread(
                () -> {
                    ByteBuffer buf = ByteBuffer.allocate(64 << 10);
                    try {
                        while (from.read(buf) >= 0) {
                            buf.flip();
                            while (buf.hasRemaining()) {
                                to.write(buf);
                            }
                            buf.clear();
                        }
                    } catch (IOException e) {
                        // cut or closed
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        cut();
        listener.close();
    }
}
