package io.nat64.streams.sync.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Sync datagrams over IPv4 or IPv6 multicast, set up as Jool's proxy does (jool-session.md 6.7) with the fixes
 * the platform notes (section 4) found necessary: one UDP socket with SO_REUSEADDR, bound to the group and port,
 * joined on {@code --net.dev.in}, sending to the group with IP_MULTICAST_IF always set (to {@code --net.dev.out},
 * else the joined interface: without it IPv4 needs a route and IPv6 picks an interface at random), TTL/hop limit
 * {@code --net.ttl}, loopback off. Link-scope IPv6 groups (ff02::) are bound as {@code ff02::x%dev}, which also
 * ties the socket to that device. The receive buffer asked for ({@link MulticastConfig#receiveBuffer()}) is
 * capped by the kernel at twice {@code net.core.rmem_max}; a smaller buffer is logged as a warning.
 *
 * <p>Known limit: for IPv6 groups wider than link scope, Linux matches memberships by group only, so if another
 * socket in the same namespace joined the same group on another interface, its traffic reaches us too (notes,
 * pitfall 1; the fix, SO_BINDTODEVICE, needs native code). Use a link-scope group or a group per link.
 *
 * <p>Threading: the socket is read by one dedicated daemon thread ({@code nat64-sync-rx-N}), only while there is
 * demand, and written by another ({@code nat64-sync-tx-N}); no Reactor or Netty event loop ever blocks on it.
 *
 * <pre>{@code
 * MulticastTransport t = MulticastTransport.open(MulticastConfig.parse("ff02::db8:64", null, "eth1", "eth1", null));
 * t.send(datagrams).subscribe();
 * t.receive().subscribe(d -> ...);
 * }</pre>
 */
public final class MulticastTransport implements SyncTransport {
    /**
     * Datagrams accepted for sending and not yet sent, at most (about 340 KB of 36-session datagrams). The window
     * between the daemon's sink and this socket: 32 made an advertise latency-bound (one request round trip through
     * the gateway per 24 datagrams, about 220,000 sessions/s on a loaded machine).
     */
    public static final int SEND_PREFETCH = 256;
    /** The largest datagram read whole (the largest UDP payload). */
    public static final int MAX_DATAGRAM = 65_535;

    private static final Logger log = LoggerFactory.getLogger(MulticastTransport.class);
    private static final AtomicInteger COUNT = new AtomicInteger();

    private final MulticastConfig config;
    private final DatagramChannel channel;
    private final InetSocketAddress target;
    private final NetworkInterface joined;
    private final Scheduler tx;
    private final Scheduler rx;
    private final TransportCounters counters = new TransportCounters();
    private final AtomicLong sendErrors = new AtomicLong();
    private final Sinks.Empty<Void> closed = Sinks.empty();

    private MulticastTransport(MulticastConfig config, DatagramChannel channel, NetworkInterface joined) {
        this.config = config;
        this.channel = channel;
        this.joined = joined;
        this.target = config.target();
        int n = COUNT.incrementAndGet();
        this.tx = Schedulers.fromExecutorService(executor("nat64-sync-tx-" + n), "nat64-sync-tx");
        this.rx = Schedulers.fromExecutorService(executor("nat64-sync-rx-" + n), "nat64-sync-rx");
    }

    /** Opens, binds and joins the socket; throws {@link UncheckedIOException} or {@link IllegalArgumentException}. */
    public static MulticastTransport open(MulticastConfig config) {
        DatagramChannel ch = null;
        try {
            boolean v4 = config.ipv4();
            NetworkInterface in = device(config.devIn(), v4, "--net.dev.in");
            NetworkInterface out = device(config.devOut(), v4, "--net.dev.out");
            NetworkInterface join = in != null ? in : out != null ? out : routeTo(config);
            ch = DatagramChannel.open(v4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBuffer());
            ch.bind(new InetSocketAddress(bindAddress(config.group(), join), config.port()));
            ch.join(config.group(), join);
            ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, out != null ? out : join);
            ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, config.ttl());
            ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, config.loopback());
            int rcvbuf = ch.getOption(StandardSocketOptions.SO_RCVBUF);
            log.info(
                    "session sync on {} port {}: joined on {}, sending on {}, ttl {}, loopback {}, receive buffer {}",
                    config.group().getHostAddress(),
                    config.port(),
                    join.getName(),
                    (out != null ? out : join).getName(),
                    config.ttl(),
                    config.loopback(),
                    rcvbuf);
            if (rcvbuf < config.receiveBuffer()) {
                // Linux reports twice what it grants; less than asked means net.core.rmem_max capped it.
                log.warn(
                        "session sync: receive buffer is {} bytes, not the {} asked for: the kernel caps it at twice"
                                + " net.core.rmem_max; raise that sysctl (docs/operations.md) so that bursts"
                                + " (advertise) are not dropped by the kernel",
                        rcvbuf,
                        config.receiveBuffer());
            }
            return new MulticastTransport(config, ch, join);
        } catch (IOException e) {
            close(ch);
            throw new UncheckedIOException(
                    "cannot open session sync socket on " + config.group().getHostAddress() + " port " + config.port()
                            + ": " + e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            close(ch);
            throw e;
        }
    }

    /** The configuration it was opened with. */
    public MulticastConfig config() {
        return config;
    }

    /** The interface the group was joined on. */
    public NetworkInterface joinedInterface() {
        return joined;
    }

    @Override
    public Mono<Void> send(Publisher<byte[]> datagrams) {
        return Flux.from(datagrams)
                .publishOn(tx, SEND_PREFETCH)
                .doOnNext(this::sendNow)
                .takeUntilOther(closed.asMono())
                .then();
    }

    private void sendNow(byte[] datagram) {
        counters.kernelSent(datagram.length);
        try {
            channel.send(ByteBuffer.wrap(datagram), target);
            counters.netSent(datagram.length);
        } catch (ClosedChannelException e) {
            // closing: takeUntilOther ends the stream
        } catch (IOException e) {
            long n = sendErrors.incrementAndGet();
            if (Long.bitCount(n) == 1) { // 1st, 2nd, 4th, 8th...: visible without flooding
                log.warn("session sync: send to {} failed ({} failures so far): {}", target, n, e.toString());
            }
        }
    }

    @Override
    public Flux<byte[]> receive() {
        return Flux.<byte[], ByteBuffer>generate(() -> ByteBuffer.allocateDirect(MAX_DATAGRAM), (buf, sink) -> {
                    for (; ; ) {
                        try {
                            buf.clear();
                            channel.receive(buf);
                            buf.flip();
                            byte[] d = new byte[buf.remaining()];
                            buf.get(d);
                            counters.netReceived(d.length);
                            sink.next(d);
                            return buf;
                        } catch (ClosedChannelException e) {
                            sink.complete();
                            return buf;
                        } catch (IOException e) {
                            log.debug("session sync: receive failed", e);
                        }
                    }
                })
                .subscribeOn(rx);
    }

    @Override
    public ProxyStats stats() {
        return counters.snapshot();
    }

    @Override
    public Mono<Void> onClose() {
        return closed.asMono();
    }

    @Override
    public void dispose() {
        close(channel);
        closed.tryEmitEmpty();
        tx.dispose();
        rx.dispose();
    }

    @Override
    public boolean isDisposed() {
        return !channel.isOpen();
    }

    private static @Nullable NetworkInterface device(@Nullable String dev, boolean ipv4, String flag)
            throws IOException {
        if (dev == null || dev.isBlank()) {
            return null;
        }
        NetworkInterface ni = ipv4 && isIpv4Literal(dev)
                ? NetworkInterface.getByInetAddress(InetAddress.getByName(dev))
                : NetworkInterface.getByName(dev);
        if (ni == null) {
            throw new IllegalArgumentException(
                    flag + ": no interface " + (ipv4 ? "has address or is named " : "named ") + "'" + dev + "'");
        }
        return ni;
    }

    private static boolean isIpv4Literal(String s) {
        return s.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')) && s.indexOf('.') > 0;
    }

    /** The interface the kernel's route to the group goes through (Jool passes "any" and lets it choose). */
    private static NetworkInterface routeTo(MulticastConfig config) throws IOException {
        try (DatagramChannel probe =
                DatagramChannel.open(config.ipv4() ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6)) {
            probe.connect(config.target());
            InetAddress local = ((InetSocketAddress) probe.getLocalAddress()).getAddress();
            NetworkInterface ni = NetworkInterface.getByInetAddress(local);
            if (ni != null) {
                return ni;
            }
        } catch (SocketException e) {
            // no route: fall through
        }
        throw new IllegalArgumentException("no route to " + config.group().getHostAddress()
                + ": give --net.dev.in (and --net.dev.out) to say which interface to use");
    }

    /** The group itself (so the socket sees only its group), scoped to the interface for link-scope IPv6. */
    private static InetAddress bindAddress(InetAddress group, NetworkInterface join) throws IOException {
        if (group instanceof Inet6Address g && (g.isMCLinkLocal() || g.isMCNodeLocal())) {
            return Inet6Address.getByAddress(null, g.getAddress(), join);
        }
        return group;
    }

    private static ExecutorService executor(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private static void close(@Nullable DatagramChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                log.debug("closing the sync socket", e);
            }
        }
    }
}
