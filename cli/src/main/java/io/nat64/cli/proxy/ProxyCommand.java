package io.nat64.cli.proxy;

import io.nat64.cli.CliException;
import io.nat64.cli.ExitCode;
import io.nat64.cli.Nat64Command;
import io.nat64.cli.command.Cmd;
import io.nat64.gateway.SessionProxy;
import io.nat64.streams.sync.ProxyNetwork;
import io.nat64.streams.sync.codec.SyncCodec;
import io.nat64.streams.sync.net.MulticastTransport;
import io.nat64.streams.sync.net.StatsServer;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

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
                        "Exchange sessions with other nodes over multicast, until stopped (SIGTERM).",
                        "The instance must have ss-enabled true. Stats server only with --stats.address or"
                                + " --stats.port.")
                .positional(0, true, "NET_MCAST_ADDR", "IPv4 or IPv6 multicast group sessions go to and come from.")
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
                .option("PORT", "Port of the stats server (default 6401).", "--stats.port");
    }

    private int run(Cmd.Args a) {
        String group = a.positional(0);
        if (group == null) {
            throw new picocli.CommandLine.ParameterException(
                    a.spec().commandLine(), "Missing required parameter: 'NET_MCAST_ADDR'");
        }
        ProxySettings settings;
        try {
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
        SessionProxy proxy;
        try {
            proxy = SessionProxy.start(
                    SessionProxy.Options.of(nat64.gatewayAddress(), instance),
                    () -> ProxyNetwork.datagrams(
                            settings.format().codec(nodeId), MulticastTransport.open(settings.network())));
        } catch (SessionProxy.StartException e) {
            ExitCode code =
                    switch (e.kind()) {
                        case NO_DAEMON -> ExitCode.NO_DAEMON;
                        case UNKNOWN_INSTANCE -> ExitCode.UNKNOWN_INSTANCE;
                        case REFUSED -> ExitCode.REFUSED;
                    };
            throw new CliException(code, String.valueOf(e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, String.valueOf(e.getMessage()));
        } catch (UncheckedIOException e) {
            throw new CliException(ExitCode.REFUSED, String.valueOf(e.getMessage()));
        }
        @Nullable StatsServer stats = null;
        if (settings.statsEnabled()) {
            try {
                stats = StatsServer.start(
                        settings.statsAddress(), Integer.toString(settings.statsPort()), proxy::networkStats);
            } catch (RuntimeException e) {
                proxy.dispose();
                throw new CliException(ExitCode.REFUSED, String.valueOf(e.getMessage()));
            }
        }
        PrintWriter out = nat64.out();
        settings.configLines(instance, nodeId).forEach(out::println);
        out.println("nat64 session proxy: running (stop it with SIGTERM)");
        out.flush();
        StatsServer statsServer = stats;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(proxy, statsServer, out), "nat64-proxy-stop"));
        proxy.onClose().block();
        return 0;
    }

    private static void stop(SessionProxy proxy, @Nullable StatsServer stats, PrintWriter out) {
        if (stats != null) {
            stats.dispose();
        }
        proxy.dispose();
        try {
            proxy.onClose().block(STOP_TIMEOUT);
        } catch (RuntimeException e) {
            // exiting anyway
        }
        out.println("nat64 session proxy: stopped");
        out.flush();
    }
}
