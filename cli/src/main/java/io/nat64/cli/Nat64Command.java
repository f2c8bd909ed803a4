package io.nat64.cli;

import io.nat64.cli.command.Cmd;
import io.nat64.cli.resolve.HostLookup;
import io.nat64.cli.resolve.Names;
import io.nat64.cli.resolve.Resolver;
import io.nat64.cli.resolve.Services;
import io.nat64.core.instance.InstanceConfig;
import io.nat64.gateway.GatewayOptions;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The top of the {@code nat64} command tree: {@code nat64 [-i INAME] [--gateway HOST:PORT] MODE OPERATION}.
 * Holds what every operation shares: the instance name, the gateway address and the link to it. Its
 * picocli model is built with the programmatic API ({@link Cmd}), as the modes' are.
 */
public final class Nat64Command implements Callable<Integer> {
    /** The environment variable that names the gateway when {@code --gateway} is not given. */
    public static final String GATEWAY_ENV = "NAT64_GATEWAY";

    private @Nullable CommandSpec spec;
    private final Map<String, String> environment;
    private final Supplier<Resolver> resolvers;
    private @Nullable GatewayLink link;

    /** The command, reading {@code NAT64_GATEWAY} from {@code environment} and resolving names with the system. */
    public Nat64Command(Map<String, String> environment) {
        this(environment, () -> new Resolver(HostLookup.SYSTEM, Services.system(), Resolver.DEFAULT_DEADLINE));
    }

    /** As {@link #Nat64Command(Map)}, with names resolved by what {@code resolvers} gives (tests: a fake). */
    public Nat64Command(Map<String, String> environment, Supplier<Resolver> resolvers) {
        this.environment = environment;
        this.resolvers = resolvers;
    }

    /** The picocli model of {@code nat64} over this object, without modes (built once). */
    public CommandSpec spec() {
        if (spec == null) {
            spec = Cmd.top(
                            "nat64",
                            this,
                            "A NAT64 (RFC 6146) in user space, with Jool's command grammar.",
                            "Every mode talks to the running daemon through its RSocket gateway.")
                    .option(
                            "INAME",
                            "The instance to operate on (default: " + InstanceConfig.DEFAULT_NAME + ").",
                            "-i",
                            "--instance")
                    .option(
                            "HOST:PORT",
                            "The daemon's gateway (default: $" + GATEWAY_ENV + ", else 127.0.0.1:6410).",
                            "--gateway")
                    .spec();
            spec.versionProvider(new Version());
            spec.usageMessage()
                    .footer(
                            "",
                            "Exit codes: docs/cli.md. Gateway: --gateway, else NAT64_GATEWAY, else 127.0.0.1:6410.");
        }
        return spec;
    }

    private @Nullable String option(String name) {
        return spec == null ? null : spec.commandLine().getParseResult().matchedOptionValue(name, null);
    }

    /** {@code nat64} alone: the usage, on stderr, and the usage exit code. */
    @Override
    public Integer call() {
        CommandLine line = spec().commandLine();
        line.usage(line.getErr());
        return ExitCode.USAGE.code();
    }

    /** The instance name ({@code -i}, or {@code default}). */
    public String instance() {
        String instance = option("--instance");
        return instance != null ? instance : InstanceConfig.DEFAULT_NAME;
    }

    /** The instance name given with {@code -i}, or null. */
    public @Nullable String instanceOption() {
        return option("--instance");
    }

    /** Where the gateway is: {@code --gateway}, else {@code NAT64_GATEWAY}, else 127.0.0.1:6410. */
    public InetSocketAddress gatewayAddress() {
        String gateway = option("--gateway");
        String text = gateway != null ? gateway : environment.get(GATEWAY_ENV);
        if (text == null || text.isBlank()) {
            return InetSocketAddress.createUnresolved(GatewayOptions.DEFAULT_HOST, GatewayOptions.DEFAULT_TCP_PORT);
        }
        try {
            return GatewayOptions.parseAddress(text);
        } catch (IllegalArgumentException e) {
            String from = gateway != null ? "--gateway" : GATEWAY_ENV;
            throw new CliException(ExitCode.USAGE, from + ": " + e.getMessage());
        }
    }

    /** The link to the daemon (connected on first use). */
    public GatewayLink link() {
        if (link == null) {
            link = new GatewayLink(gatewayAddress());
        }
        return link;
    }

    /**
     * Names for the remote side of a table: {@code addresses} resolved within the deadline, with one
     * warning on stderr for those that did not make it.
     */
    public Names resolveNames(List<String> addresses) {
        Resolver.Result r = resolvers.get().resolve(addresses);
        if (r.unresolved() > 0) {
            err().print(String.format(
                    Locale.ROOT,
                    "nat64: warning: %d address%s could not be resolved in time and %s shown as numbers"
                            + " (--numeric skips name resolution)%n",
                    r.unresolved(),
                    r.unresolved() == 1 ? "" : "es",
                    r.unresolved() == 1 ? "is" : "are"));
            err().flush();
        }
        return r.names();
    }

    /** Standard output (buffered; flushed when the command ends, or per line by {@code follow}). */
    public PrintWriter out() {
        return spec().commandLine().getOut();
    }

    /** Standard error. */
    public PrintWriter err() {
        return spec().commandLine().getErr();
    }

    /** Closes the link, if one was opened. */
    public void close() {
        if (link != null) {
            link.close();
        }
    }
}
