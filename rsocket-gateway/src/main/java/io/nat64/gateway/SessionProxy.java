package io.nat64.gateway;

import io.nat64.gateway.api.GlobalView;
import io.nat64.gateway.api.InstanceRequest;
import io.nat64.gateway.api.Route;
import io.nat64.gateway.api.SyncMergeRequest;
import io.nat64.streams.sync.DatagramBacklog;
import io.nat64.streams.sync.ProxyNetwork;
import io.nat64.streams.sync.codec.RecordFrame;
import io.nat64.streams.sync.codec.SyncRecord;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * {@code nat64 session proxy}: moves sessions between a daemon's instance (through its gateway) and a
 * {@link ProxyNetwork}, as Jool's proxy moves them between Netlink and its multicast socket. The daemon's live
 * batches ({@code sync.live}) are encoded and sent by the network side (which owns the node id and sequence
 * numbers); what the network receives goes, undecoded, to {@code sync.merge}, where the daemon validates, counts
 * and merges it.
 *
 * <p>{@link #start} connects once and fails with the reason if the daemon is unreachable, the instance does not
 * exist or its ss-enabled is false. Afterwards a lost connection is retried for ever with a capped exponential
 * backoff ({@link Options#minBackoff()} doubling up to {@link Options#maxBackoff()}); meanwhile the daemon's
 * side is not synced and what peers send waits in the proxy's receive queue ({@link DatagramBacklog}, 32 MiB),
 * beyond which it is dropped and counted ({@link #receiveDrops()}).
 *
 * <p>Threading: one daemon thread ({@code nat64-proxy}) runs the connect loop and blocks only on itself; the
 * streams run on the connection's event loop and the network's own threads.
 *
 * <pre>{@code
 * SessionProxy proxy = SessionProxy.start(Options.of(gateway, "default"), network);
 * proxy.onClose().block();
 * }</pre>
 */
public final class SessionProxy implements Disposable {
    private static final Logger log = LoggerFactory.getLogger(SessionProxy.class);

    /**
     * Where the daemon is, which instance, and how to reconnect.
     *
     * @param gateway the daemon's gateway
     * @param instance the instance to sync
     * @param connectTimeout how long one connection attempt may take
     * @param minBackoff the first wait before reconnecting
     * @param maxBackoff the longest wait between attempts
     */
    public record Options(
            InetSocketAddress gateway,
            String instance,
            Duration connectTimeout,
            Duration minBackoff,
            Duration maxBackoff) {
        /** {@code gateway} and {@code instance}; 3 s to connect, backoff from 0.5 s to 10 s. */
        public static Options of(InetSocketAddress gateway, String instance) {
            return new Options(
                    gateway, instance, Duration.ofSeconds(3), Duration.ofMillis(500), Duration.ofSeconds(10));
        }
    }

    /** Why the proxy could not start; the message is meant for a person. */
    public static final class StartException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** What went wrong. */
        public enum Kind {
            /** No daemon answers at the gateway address. */
            NO_DAEMON,
            /** The instance does not exist. */
            UNKNOWN_INSTANCE,
            /** The instance has ss-enabled false, or the daemon refused for another reason. */
            REFUSED
        }

        private final Kind kind;

        StartException(Kind kind, String message, @Nullable Throwable cause) {
            super(message, cause);
            this.kind = kind;
        }

        /** What went wrong. */
        public Kind kind() {
            return kind;
        }
    }

    private final Options options;
    private final ProxyNetwork network;
    private final DatagramBacklog received;
    private final Sinks.Empty<Void> closed = Sinks.empty();
    private final AtomicLong connections = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile @Nullable GatewayClient current;

    private SessionProxy(Options options, ProxyNetwork network, GatewayClient first) {
        this.options = options;
        this.network = network;
        // One subscription to the network for the proxy's life, read as fast as datagrams come (never waiting for
        // the daemon: UDP has no flow control, and a full socket buffer drops silently); each connection to the
        // daemon takes over the queue from the last. A full queue drops and counts.
        this.received = DatagramBacklog.start(network.receive(), DatagramBacklog.DEFAULT_MAX_BYTES);
        this.current = first;
        this.thread = new Thread(() -> loop(first), "nat64-proxy");
        this.thread.setDaemon(true);
    }

    /** Connects to the daemon, checks the instance, and starts proxying; throws {@link StartException}. */
    public static SessionProxy start(Options options, ProxyNetwork network) {
        return start(options, () -> network);
    }

    /**
     * As {@link #start(Options, ProxyNetwork)}, opening the network only once the daemon has said yes (so that a
     * missing daemon or instance is reported before any socket problem); what {@code network} throws is thrown.
     */
    public static SessionProxy start(Options options, java.util.function.Supplier<ProxyNetwork> network) {
        GatewayClient first = connectAndCheck(options);
        ProxyNetwork net;
        try {
            net = network.get();
        } catch (RuntimeException e) {
            first.dispose();
            throw e;
        }
        SessionProxy proxy = start(options, net, first);
        return proxy;
    }

    private static SessionProxy start(Options options, ProxyNetwork network, GatewayClient first) {
        SessionProxy proxy = new SessionProxy(options, network, first);
        proxy.connections.incrementAndGet();
        proxy.thread.start();
        return proxy;
    }

    /** How many times a connection to the daemon was established (1 until the first reconnect). */
    public long connections() {
        return connections.get();
    }

    /** The network side's six counters (for the stats server). */
    public io.nat64.streams.sync.net.ProxyStats networkStats() {
        return network.stats();
    }

    /** Received datagrams dropped because the daemon fell too far behind (the receive queue was full). */
    public long receiveDrops() {
        return received.dropped();
    }

    /** Completes once the proxy has stopped. */
    public Mono<Void> onClose() {
        return closed.asMono();
    }

    /**
     * The checks of {@link #start} without proxying: the daemon answers, the instance exists and has ss-enabled
     * true (for a proxy with RSocket peers only, {@link ProxyPeers}); throws {@link StartException}.
     */
    public static void check(Options options) {
        connectAndCheck(options).dispose();
    }

    private static GatewayClient connectAndCheck(Options o) {
        GatewayClient client;
        try {
            client = GatewayClient.connect(o.gateway()).block(o.connectTimeout());
        } catch (RuntimeException e) {
            throw new StartException(
                    StartException.Kind.NO_DAEMON,
                    "no nat64 daemon answers at " + where(o.gateway()) + " (" + rootMessage(e)
                            + "); start one with 'nat64 daemon', or point --gateway or NAT64_GATEWAY at a running one",
                    e);
        }
        if (client == null) {
            throw new StartException(StartException.Kind.NO_DAEMON, "no nat64 daemon at " + where(o.gateway()), null);
        }
        try {
            GlobalView enabled = client.stream(
                            Route.GLOBAL_DISPLAY, new InstanceRequest(o.instance()), GlobalView.class)
                    .filter(g -> g.name().equals("ss-enabled"))
                    .next()
                    .block(o.connectTimeout().multipliedBy(10));
            if (enabled == null || !enabled.value().equals("true")) {
                throw new StartException(
                        StartException.Kind.REFUSED,
                        "Session sync is disabled on this instance: ss-enabled is false on instance '" + o.instance()
                                + "' (turn it on with: nat64 -i " + o.instance() + " global update ss-enabled true)",
                        null);
            }
            return client;
        } catch (StartException e) {
            client.dispose();
            throw e;
        } catch (RuntimeException e) {
            client.dispose();
            String m = rootMessage(e);
            throw new StartException(
                    m.startsWith("instance '") && m.contains("' does not exist")
                            ? StartException.Kind.UNKNOWN_INSTANCE
                            : StartException.Kind.REFUSED,
                    m,
                    e);
        }
    }

    private void loop(GatewayClient first) {
        @Nullable GatewayClient client = first;
        int failures = 0;
        while (!stopped) {
            if (client == null) {
                try {
                    client = connectAndCheck(options);
                    current = client;
                    connections.incrementAndGet();
                    log.info("session proxy: connected again to the daemon at {}", where(options.gateway()));
                    failures = 0;
                } catch (StartException e) {
                    failures++;
                    Duration wait = backoff(failures);
                    if (Long.bitCount(failures) == 1) {
                        log.warn(
                                "session proxy: {}; trying again in {} ms (then less often, every {} ms at most)",
                                e.getMessage(),
                                wait.toMillis(),
                                options.maxBackoff().toMillis());
                    }
                    pause(wait);
                    continue;
                }
                if (stopped) {
                    client.dispose();
                    break;
                }
            }
            try {
                run(client).block();
                if (!stopped) {
                    log.warn("session proxy: the daemon ended the sync streams; reconnecting");
                }
            } catch (RuntimeException e) {
                if (!stopped) {
                    log.warn(
                            "session proxy: lost the daemon at {} ({}); reconnecting",
                            where(options.gateway()),
                            rootMessage(e));
                }
            }
            client.dispose();
            client = null;
            current = null;
            if (!stopped) {
                pause(options.minBackoff());
            }
        }
        received.dispose();
        network.dispose();
        closed.tryEmitEmpty();
    }

    private Mono<Void> run(GatewayClient client) {
        InstanceRequest request = new InstanceRequest(options.instance());
        Flux<List<SyncRecord>> batches = client.streamBytes(Route.SYNC_LIVE, request)
                .<List<SyncRecord>>handle((frame, sink) -> {
                    List<SyncRecord> records = RecordFrame.decode(frame);
                    if (records == null) {
                        log.warn(
                                "session proxy: the daemon sent a frame of {} bytes that is not records", frame.length);
                    } else {
                        sink.next(records);
                    }
                });
        Mono<Void> out = network.send(batches);
        SyncMergeRequest merge = new SyncMergeRequest(
                options.instance(),
                network.format().toString(),
                Long.toHexString(network.nodeId()),
                SyncMergeRequest.FRAMES);
        Mono<Void> in = client.channel(Route.SYNC_MERGE, merge, received.frames(DatagramBacklog.DEFAULT_FRAME_BYTES));
        return Mono.firstWithSignal(out, in, client.onClose());
    }

    private Duration backoff(int failures) {
        long min = options.minBackoff().toMillis();
        long max = options.maxBackoff().toMillis();
        long wait = min << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.max(min, Math.min(max, wait)));
    }

    private void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    /** Stops: closes the connection and the network; {@link #onClose()} completes when done. */
    @Override
    public void dispose() {
        stopped = true;
        GatewayClient c = current;
        if (c != null) {
            c.dispose();
        }
        thread.interrupt();
    }

    @Override
    public boolean isDisposed() {
        return stopped;
    }

    private static String where(InetSocketAddress a) {
        String host = a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null
                && t.getCause() != t
                && (t.getMessage() == null
                        || t instanceof RuntimeException && t.getClass() == RuntimeException.class)) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.toString() : m;
    }
}
