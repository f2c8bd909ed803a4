package io.nat64.cli.daemon;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code nat64} launcher while the daemon is its only mode: {@code nat64 daemon [--config FILE]}. The full
 * command tree (Jool's grammar) will mount {@link DaemonCommand} beside its other modes.
 *
 * <p>Threading: the JVM's main thread; after a successful start it waits until SIGTERM's shutdown hook finishes.
 */
public final class DaemonMain {
    private DaemonMain() {}

    /** The top command, {@code nat64}. */
    @Command(
            name = "nat64",
            mixinStandardHelpOptions = true,
            subcommands = {DaemonCommand.class},
            description = "A NAT64 translator in user space.")
    static final class Nat64 implements Runnable {
        @Spec
        @Nullable
        CommandSpec spec;

        @Override
        public void run() {
            if (spec != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "missing mode (try: nat64 daemon)");
            }
        }
    }

    /** Runs the command line; exits with its code unless the daemon ran and is shutting down. */
    public static void main(String[] args) {
        io.nat64.cli.LogConfig.apply(System.getenv());
        int code = new CommandLine(new Nat64()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
