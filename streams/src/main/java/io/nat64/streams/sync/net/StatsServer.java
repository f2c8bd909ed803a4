package io.nat64.streams.sync.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * The proxy's stats server (Jool's {@code statsocket.c}): any UDP datagram, whatever it holds, is answered with
 * {@link ProxyStats#toText()}, six lines and nothing else. One socket per address {@code --stats.address}
 * resolves to; {@code ::} (the default) also serves IPv4, {@code 0.0.0.0} does not serve IPv6.
 *
 * <p>Threading: one daemon thread ({@code nat64-sync-stats}) selects over the sockets and answers; the supplier
 * is called there.
 *
 * <pre>{@code
 * if (StatsServer.enabled(address, port)) {
 *     StatsServer server = StatsServer.start(address, port, transport::stats);
 * }
 * }</pre>
 */
public final class StatsServer implements Disposable {
    public static final String DEFAULT_ADDRESS = "::";
    public static final int DEFAULT_PORT = 6401;

    private static final Logger log = LoggerFactory.getLogger(StatsServer.class);

    private final Selector selector;
    private final List<DatagramChannel> channels;
    private final Supplier<ProxyStats> stats;
    private final Thread thread;
    private volatile boolean disposed;

    private StatsServer(Selector selector, List<DatagramChannel> channels, Supplier<ProxyStats> stats) {
        this.selector = selector;
        this.channels = channels;
        this.stats = stats;
        this.thread = new Thread(this::serve, "nat64-sync-stats");
        this.thread.setDaemon(true);
    }

    /** Whether the server runs at all: only if {@code --stats.address} or {@code --stats.port} was given (Jool). */
    public static boolean enabled(@Nullable String address, @Nullable String port) {
        return address != null || port != null;
    }

    /**
     * Binds {@code address} (default {@code ::}) and {@code port} (number or service name, default 6401; 0 picks
     * one) and starts answering with {@code stats}.
     */
    public static StatsServer start(@Nullable String address, @Nullable String port, Supplier<ProxyStats> stats) {
        int p = port == null ? DEFAULT_PORT : ServicePorts.parse(port);
        List<DatagramChannel> channels = new ArrayList<>();
        Selector selector = null;
        try {
            selector = Selector.open();
            for (InetAddress a : InetAddress.getAllByName(address == null ? DEFAULT_ADDRESS : address.strip())) {
                DatagramChannel ch = DatagramChannel.open();
                channels.add(ch);
                ch.bind(new InetSocketAddress(a, p));
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ);
            }
            StatsServer server = new StatsServer(selector, List.copyOf(channels), stats);
            server.thread.start();
            return server;
        } catch (IOException e) {
            channels.forEach(StatsServer::close);
            if (selector != null) {
                try {
                    selector.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            throw new UncheckedIOException("cannot start the stats server on " + address + " port " + p, e);
        }
    }

    /** The addresses actually bound (port 0 resolved). */
    public List<InetSocketAddress> localAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (DatagramChannel ch : channels) {
            try {
                out.add((InetSocketAddress) ch.getLocalAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private void serve() {
        ByteBuffer in = ByteBuffer.allocate(2048);
        try {
            while (!disposed) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    SocketAddress from;
                    while ((from = receive(ch, in)) != null) {
                        reply(ch, from);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!disposed) {
                log.warn("stats server stopped", e);
            }
        }
    }

    private static @Nullable SocketAddress receive(DatagramChannel ch, ByteBuffer in) throws IOException {
        in.clear();
        return ch.receive(in);
    }

    private void reply(DatagramChannel ch, SocketAddress to) {
        try {
            ch.send(ByteBuffer.wrap(stats.get().toText().getBytes(StandardCharsets.US_ASCII)), to);
        } catch (IOException e) {
            log.debug("stats server: reply to {} failed", to, e);
        }
    }

    @Override
    public void dispose() {
        disposed = true;
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("closing the stats selector", e);
        }
        channels.forEach(StatsServer::close);
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }

    private static void close(DatagramChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            log.debug("closing a stats socket", e);
        }
    }
}
