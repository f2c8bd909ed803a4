package io.nat64.cli.proxy;

import io.nat64.cli.CliException;
import io.nat64.cli.ExitCode;
import io.nat64.cli.Nat64Command;
import io.nat64.cli.command.Cmd;
import io.nat64.cli.daemon.DaemonCommand;
import io.nat64.gateway.ProxyPeers;
import io.nat64.gateway.SessionProxy;
import io.nat64.gateway.metrics.MetricsEndpoint;
import io.nat64.gateway.peer.PeerOptions;
import io.nat64.gateway.peer.PeerSnapshot;
import io.nat64.gateway.peer.PeerStats;
import io.nat64.streams.sync.ProxyNetwork;
import io.nat64.streams.sync.codec.SyncCodec;
import io.nat64.streams.sync.net.MulticastConfig;
import io.nat64.streams.sync.net.MulticastTransport;
import io.nat64.streams.sync.net.ProxyStats;
import io.nat64.streams.sync.net.StatsServer;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * {@code nat64 [-i INAME] session proxy [flags] NET_MCAST_ADDR}: a long-running process that joins the multicast
 * group, connects to the daemon's gateway and moves sessions both ways ({@link SessionProxy}), with the stats
 * server when asked for. Runs until SIGTERM (or SIGINT), then closes everything and prints
 * {@code nat64 session proxy: stopped}.
 *
 * <p>Threading: the command's thread waits; the proxy has its own.
 */
public final class ProxyCommand {
    /** How long a stop may take before the JVM exits anyway. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final Nat64Command nat64;

    ProxyCommand(Nat64Command nat64) {
        this.nat64 = nat64;
    }

    /** The {@code proxy} operation with Jool's flags and short options, plus {@code --net.format}. */
    public static Cmd operation(Nat64Command nat64) {
        ProxyCommand c = new ProxyCommand(nat64);
        return Cmd.operation(
                        "proxy",
                        c::run,
                        "Exchange sessions with other nodes over multicast and/or RSocket peers, until stopped (SIGTERM).",
                        "The instance must have ss-enabled true. Stats server only with --stats.address or"
                                + " --stats.port.")
                .positional(
                        0,
                        false,
                        "NET_MCAST_ADDR",
                        "IPv4 or IPv6 multicast group sessions go to and come from (optional with --net.listen or"
                                + " --net.peer).")
                .option(
                        "PORT",
                        "UDP port of the group (number or service name; default 6400).",
                        "-p",
                        "--net.mcast.port")
                .option(
                        "DEV",
                        "Interface to join the group on: for IPv4 one of its addresses or its name, for IPv6 its name.",
                        "-i",
                        "--net.dev.in")
                .option("DEV", "Interface to send on, same forms (default: --net.dev.in's).", "-o", "--net.dev.out")
                .option("TTL", "IP_MULTICAST_TTL / hop limit of sent datagrams (default 1).", "-t", "--net.ttl")
                .option("FORMAT", "Wire format: nat64 (default) or jool (Jool 4.1.13+).", "--net.format")
                .option("ADDRESS", "Address of the stats server (default ::).", "--stats.address")
                .option("PORT", "Port of the stats server (default 6401).", "--stats.port")
                .option(
                        "ADDR:PORT",
                        "Serve this node's sessions to RSocket peers on this TCP address (needs --auth.secret-file).",
                        "--net.listen")
                .repeatableOption(
                        "HOST:PORT",
                        "Subscribe to this RSocket peer's sessions (repeatable; needs --auth.secret-file).",
                        "--net.peer")
                .option(
                        "FILE",
                        "Shared secret of the RSocket peers (at least 16 bytes; never on the command line).",
                        "--auth.secret-file")
                .option("FILE", "This node's certificate chain for TLS between peers (PEM).", "--tls.cert")
                .option("FILE", "Its private key (PEM, PKCS#8).", "--tls.key")
                .option("FILE", "The CA that signs the peers' certificates (PEM).", "--tls.ca")
                .option(
                        "HOST:PORT|off",
                        "Serve Prometheus metrics (peer links, sync counters) on http://HOST:PORT/metrics (default off;"
                                + " e.g. 127.0.0.1:9465, the daemon has 9464).",
                        "--metrics");
    }

    private int run(Cmd.Args a) {
        String given = a.positional(0);
        // blank is "none", for the systemd unit's ${NAT64_MCAST_ADDR} left empty in a peers-only setup
        String group = given == null || given.isBlank() ? null : given;
        ProxySettings settings;
        PeerOptions peerOptions;
        @Nullable InetSocketAddress metricsAt;
        try {
            String m = a.value("--metrics");
            metricsAt = m == null ? null : DaemonCommand.parseMetrics(m, "--metrics");
            peerOptions = PeerFlags.parse(
                    group,
                    a.value("--net.format"),
                    a.value("--net.listen"),
                    a.values("--net.peer"),
                    a.value("--auth.secret-file"),
                    a.value("--tls.cert"),
                    a.value("--tls.key"),
                    a.value("--tls.ca"));
            settings = ProxySettings.parse(
                    group,
                    a.value("--net.mcast.port"),
                    a.value("--net.dev.in"),
                    a.value("--net.dev.out"),
                    a.value("--net.ttl"),
                    a.value("--net.format"),
                    a.value("--stats.address"),
                    a.value("--stats.port"));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, String.valueOf(e.getMessage()));
        }
        String instance = nat64.instance();
        long nodeId = SyncCodec.randomNodeId();
        SessionProxy.Options daemon = SessionProxy.Options.of(nat64.gatewayAddress(), instance);
        @Nullable SessionProxy proxy = null;
        @Nullable ProxyPeers peers = null;
        @Nullable StatsServer stats = null;
        @Nullable MetricsEndpoint metrics = null;
        try {
            MulticastConfig multicast = settings.network();
            if (multicast != null) {
                proxy = SessionProxy.start(
                        daemon,
                        () -> ProxyNetwork.datagrams(
                                settings.format().codec(nodeId), MulticastTransport.open(multicast)));
            } else {
                SessionProxy.check(daemon);
            }
            if (peerOptions.enabled()) {
                peers = ProxyPeers.start(
                                daemon,
                                peerOptions,
                                nodeId,
                                instance + "@" + Long.toHexString(nodeId),
                                PeerStats.create())
                        .block(STOP_TIMEOUT);
            }
            SessionProxy p = proxy;
            ProxyPeers q = peers;
            Supplier<ProxyStats> counters = () -> stats(p, q); // the stats server's six, also as metrics
            if (metricsAt != null) {
                metrics = ProxyMetrics.start(metricsAt, instance, counters, q == null ? null : q.stats());
            }
            if (settings.statsEnabled()) {
                stats = StatsServer.start(settings.statsAddress(), Integer.toString(settings.statsPort()), counters);
            }
        } catch (SessionProxy.StartException e) {
            ExitCode code =
                    switch (e.kind()) {
                        case NO_DAEMON -> ExitCode.NO_DAEMON;
                        case UNKNOWN_INSTANCE -> ExitCode.UNKNOWN_INSTANCE;
                        case REFUSED -> ExitCode.REFUSED;
                    };
            throw new CliException(code, String.valueOf(e.getMessage()));
        } catch (IllegalArgumentException e) {
            dispose(proxy, peers, metrics);
            throw new CliException(ExitCode.USAGE, String.valueOf(e.getMessage()));
        } catch (ProxyMetrics.ServeException e) {
            dispose(proxy, peers, metrics);
            throw new CliException(ExitCode.REFUSED, String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            dispose(proxy, peers, metrics);
            throw new CliException(ExitCode.REFUSED, rootMessage(e));
        }
        PrintWriter out = nat64.out();
        settings.configLines(instance, nodeId).forEach(out::println);
        PeerFlags.configLines(peerOptions).forEach(out::println);
        ProxyPeers q = peers;
        if (q != null && q.listenAddress() != null) {
            out.println(
                    "  net.listening: " + ProxySettings.text(q.listenAddress().getAddress()) + " port "
                            + q.listenAddress().getPort());
        }
        MetricsEndpoint metricsEndpoint = metrics;
        if (metricsEndpoint != null) {
            out.println("  metrics: " + ProxyMetrics.url(metricsEndpoint));
        }
        out.println("nat64 session proxy: running (stop it with SIGTERM)");
        out.flush();
        Sinks.Empty<Void> stopped = Sinks.empty();
        @Nullable PeerLog peerLog = q == null ? null : PeerLog.start(q.stats(), out);
        StatsServer statsServer = stats;
        SessionProxy p = proxy;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (metricsEndpoint != null) {
                                metricsEndpoint.dispose();
                            }
                            stop(p, q, peerLog, statsServer, out);
                            stopped.tryEmitEmpty();
                        },
                        "nat64-proxy-stop"));
        if (p != null) {
            Mono.firstWithSignal(p.onClose(), stopped.asMono()).block();
        } else {
            stopped.asMono().block();
        }
        return 0;
    }

    /** The stats server's six counters: the multicast side's plus the peers' (served: sent; subscribed: received). */
    static ProxyStats stats(@Nullable SessionProxy proxy, @Nullable ProxyPeers peers) {
        ProxyStats m = proxy == null ? ProxyStats.ZERO : proxy.networkStats();
        if (peers == null) {
            return m;
        }
        long sentPkts = 0;
        long sentBytes = 0;
        long rcvdPkts = 0;
        long rcvdBytes = 0;
        for (PeerSnapshot s : peers.stats().snapshot()) {
            if (s.direction() == PeerSnapshot.Direction.SERVED) {
                sentPkts += s.batches();
                sentBytes += s.bytes();
            } else {
                rcvdPkts += s.batches();
                rcvdBytes += s.bytes();
            }
        }
        return new ProxyStats(
                m.kernelSentPkts() + sentPkts,
                m.kernelSentBytes() + sentBytes,
                m.netRcvdPkts() + rcvdPkts,
                m.netRcvdBytes() + rcvdBytes,
                m.netSentPkts() + sentPkts,
                m.netSentBytes() + sentBytes);
    }

    private static void dispose(
            @Nullable SessionProxy proxy, @Nullable ProxyPeers peers, @Nullable MetricsEndpoint metrics) {
        if (metrics != null) {
            metrics.dispose();
        }
        if (peers != null) {
            peers.dispose();
        }
        if (proxy != null) {
            proxy.dispose();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage() == null ? t : t.getMessage());
    }

    private static void stop(
            @Nullable SessionProxy proxy,
            @Nullable ProxyPeers peers,
            @Nullable PeerLog peerLog,
            @Nullable StatsServer stats,
            PrintWriter out) {
        if (stats != null) {
            stats.dispose();
        }
        if (peerLog != null) {
            peerLog.dispose();
        }
        if (peers != null) {
            peers.dispose();
        }
        if (proxy != null) {
            proxy.dispose();
            try {
                proxy.onClose().block(STOP_TIMEOUT);
            } catch (RuntimeException e) {
                // exiting anyway
            }
        }
        out.println("nat64 session proxy: stopped");
        out.flush();
    }
}
