package io.nat64.cli.daemon;

import io.nat64.core.dataplane.TunDataPlane;
import io.nat64.core.tun.TunException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nat64 daemon [--config FILE]}: starts empty or from a YAML/JSON configuration, creates each instance's TUN
 * device, prints the {@code ip} commands the operator must run, and translates until SIGTERM (then stops cleanly from
 * a shutdown hook). Exit codes: 2 for a bad configuration (one line on stderr), 1 when a TUN device or a listener
 * cannot be created.
 *
 * <p>Threading: picocli's calling thread, which then waits for the shutdown hook.
 */
@Command(
        name = "daemon",
        mixinStandardHelpOptions = true,
        description = "Runs the NAT64 instances of a configuration file on their TUN devices until SIGTERM.")
public final class DaemonCommand implements Callable<Integer> {
    /** Where the gateway listens: the top command's {@code --gateway}, else NAT64_GATEWAY, else 127.0.0.1:6410. */
    private final java.util.function.Supplier<java.net.InetSocketAddress> gatewayAddress;

    /** A daemon whose gateway listens on the default address, 127.0.0.1:6410 (and WebSocket on 6411). */
    public DaemonCommand() {
        this(() -> io.nat64.gateway.GatewayOptions.defaults().tcp());
    }

    /** A daemon whose gateway listens at the address {@code gatewayAddress} gives when it starts. */
    public DaemonCommand(java.util.function.Supplier<java.net.InetSocketAddress> gatewayAddress) {
        this.gatewayAddress = gatewayAddress;
    }

    /** Exit code for a configuration that cannot be used. */
    static final int BAD_CONFIG = 2;
    /** Exit code for a failure to create a device or listener. */
    static final int FAILED = 1;

    @Spec
    @Nullable
    CommandSpec spec;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "YAML (.yaml/.yml) or JSON (.json) configuration; none: start with no instance.")
    @Nullable
    Path config;

    @Option(
            names = "--stats-file",
            paramLabel = "FILE",
            description = "Rewrite FILE with every counter (INSTANCE,COUNTER,VALUE lines) every --stats-interval.")
    @Nullable
    Path statsFile;

    @Option(
            names = "--stats-interval",
            paramLabel = "MILLIS",
            defaultValue = "1000",
            description = "Period of the stats file, in milliseconds (default: ${DEFAULT-VALUE}).")
    long statsIntervalMillis;

    @Option(
            names = "--inject-port",
            paramLabel = "PORT",
            defaultValue = "0",
            description = "Test/diagnostic hook: accept length-prefixed raw packets on 127.0.0.1:PORT (0: off).")
    int injectPort;

    @Option(
            names = "--inject-instance",
            paramLabel = "NAME",
            description = "The instance injected packets go to (default: the first).")
    @Nullable
    String injectInstance;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "64",
            description = "Packets per batch handed to an owner thread (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--batches",
            paramLabel = "N",
            defaultValue = "16",
            description = "Batches in flight per instance before readers drop (default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(
            names = "--when-behind",
            paramLabel = "POLICY",
            defaultValue = "wait",
            description = "What TUN readers do when the owner thread is behind: wait (stop reading; the kernel drops"
                    + " at the TUN queue, DP_KERNEL_TX_DROPPED) or drop (read on, drop and count,"
                    + " DP_RX_DROPPED_BUSY). Default: ${DEFAULT-VALUE}.")
    String whenBehind = "wait";

    @Option(
            names = "--advertise-rate",
            paramLabel = "SESSIONS_PER_S",
            defaultValue = "400000",
            description = "Pace of 'session advertise': at most this many sessions per second to the proxies (0: as"
                    + " fast as they take them). Multicast has no flow control: keep it at what the slowest peer"
                    + " merges. Default: ${DEFAULT-VALUE}.")
    long advertiseRate;

    @Option(
            names = "--catchup-rate",
            paramLabel = "SESSIONS_PER_S",
            defaultValue = "100000",
            description = "Pace of a peer's catch-up (sync.catchup) while the translator carries traffic (a packet"
                    + " or a merge within the last 50 ms): the table is read for it at most this many sessions per"
                    + " second then, and as fast as the peer takes it while the node is idle, so that it takes only"
                    + " what the translator has to spare (0: never paced). Default: ${DEFAULT-VALUE}.")
    long catchUpRate;

    @Option(
            names = "--metrics",
            paramLabel = "HOST:PORT|off",
            description = "Serve Prometheus metrics on http://HOST:PORT/metrics, or not (off). Default: the"
                    + " configuration file's 'metrics', else 127.0.0.1:9464.")
    @Nullable
    String metrics;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec().commandLine().getOut();
        PrintWriter err = spec().commandLine().getErr();
        Daemon daemon;
        try {
            DaemonConfig file = config == null ? null : ConfigLoader.load(config);
            DaemonPlan plan =
                    file == null ? new DaemonPlan(java.util.List.of()) : DaemonPlan.of(file, config.toString());
            daemon = Daemon.start(plan, options(file), out);
        } catch (ConfigException e) {
            return fail(err, e.getMessage(), BAD_CONFIG);
        } catch (IllegalArgumentException e) {
            return fail(err, e.getMessage(), BAD_CONFIG);
        } catch (TunException | IOException e) {
            return fail(err, e.getMessage(), FAILED);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(daemon, out), "nat64-shutdown"));
        daemon.awaitStopped();
        return 0;
    }

    private Daemon.Options options(@Nullable DaemonConfig file) {
        if (statsIntervalMillis < 10) {
            throw new IllegalArgumentException("--stats-interval must be at least 10 ms, not " + statsIntervalMillis);
        }
        if (advertiseRate < 0) {
            throw new IllegalArgumentException("--advertise-rate cannot be negative: " + advertiseRate);
        }
        if (catchUpRate < 0) {
            throw new IllegalArgumentException("--catchup-rate cannot be negative: " + catchUpRate);
        }
        if (injectPort < 0 || injectPort > 65535) {
            throw new IllegalArgumentException("--inject-port must be 0 to 65535, not " + injectPort);
        }
        return new Daemon.Options(
                config == null ? "(no config)" : config.toString(),
                statsFile,
                Duration.ofMillis(statsIntervalMillis),
                injectPort,
                injectInstance,
                new TunDataPlane.Options(batchSize, batches, whenBehind()),
                gatewayAddress.get(),
                metricsAddress(file),
                advertiseRate,
                catchUpRate);
    }

    /** {@code --metrics}, else the file's {@code metrics}, else the default; null for {@code off}. */
    private java.net.@Nullable InetSocketAddress metricsAddress(@Nullable DaemonConfig file) {
        if (metrics != null) {
            return parseMetrics(metrics, "--metrics");
        }
        if (file != null && file.metrics() != null) {
            String where = config + ": metrics";
            try {
                return parseMetrics(file.metrics(), where);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage(), e);
            }
        }
        return io.nat64.gateway.metrics.MetricsEndpoint.DEFAULT_ADDRESS;
    }

    /** {@code off}, {@code HOST:PORT} or {@code [IPV6]:PORT} (null for off); also the proxy's {@code --metrics}. */
    public static java.net.@Nullable InetSocketAddress parseMetrics(String text, String what) {
        String t = text.trim();
        if (t.equalsIgnoreCase("off") || t.equalsIgnoreCase("false")) { // YAML 1.1 reads a bare off as false
            return null;
        }
        int colon = t.lastIndexOf(':');
        String host = colon < 0 ? "" : t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            host = ""; // a bare IPv6 address needs brackets
        }
        int port;
        try {
            port = colon < 0 ? -1 : Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                    what + " must be HOST:PORT, [IPV6]:PORT or off, not '" + text + "' (e.g. 127.0.0.1:9464)");
        }
        return java.net.InetSocketAddress.createUnresolved(host, port);
    }

    private TunDataPlane.WhenBehind whenBehind() {
        return switch (whenBehind.toLowerCase(java.util.Locale.ROOT)) {
            case "drop" -> TunDataPlane.WhenBehind.DROP;
            case "wait" -> TunDataPlane.WhenBehind.WAIT;
            default ->
                throw new IllegalArgumentException("--when-behind must be drop or wait, not '" + whenBehind + "'");
        };
    }

    private static void stop(Daemon daemon, PrintWriter out) {
        daemon.close();
        out.println("nat64 daemon: stopped");
        out.flush();
    }

    private static int fail(PrintWriter err, @Nullable String message, int code) {
        err.println("nat64 daemon: error: " + message);
        err.flush();
        return code;
    }

    private CommandSpec spec() {
        if (spec == null) {
            throw new IllegalStateException("picocli did not inject the command spec");
        }
        return spec;
    }
}
