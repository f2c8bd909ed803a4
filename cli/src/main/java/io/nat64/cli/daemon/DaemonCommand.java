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

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec().commandLine().getOut();
        PrintWriter err = spec().commandLine().getErr();
        Daemon daemon;
        try {
            daemon = Daemon.start(plan(), options(), out);
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

    private DaemonPlan plan() {
        if (config == null) {
            return new DaemonPlan(java.util.List.of());
        }
        Path file = config;
        return DaemonPlan.of(ConfigLoader.load(file), file.toString());
    }

    private Daemon.Options options() {
        if (statsIntervalMillis < 10) {
            throw new IllegalArgumentException("--stats-interval must be at least 10 ms, not " + statsIntervalMillis);
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
                gatewayAddress.get());
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
