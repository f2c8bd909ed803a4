package io.nat64.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import reactor.core.publisher.Hooks;

/**
 * The {@code nat64} entry point ({@code bin/nat64}): builds the command tree, runs it, exits with its code.
 * Every failure ends as one line on stderr and an exit code of {@link ExitCode}.
 */
public final class Main {
    private Main() {}

    /** Runs {@code nat64 args} and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        Hooks.onErrorDropped(e -> {}); // an error after the command stopped listening is no news to the user
        PrintWriter out = new PrintWriter(
                new BufferedWriter(
                        new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8),
                        1 << 16),
                false);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(new Nat64Command(System.getenv()), args, out, err);
        System.exit(code);
    }

    /** Runs {@code top} on {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
    public static int run(Nat64Command top, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine line = commandLine(top);
        line.setOut(out);
        line.setErr(err);
        try {
            return line.execute(args);
        } finally {
            out.flush();
            err.flush();
            top.close();
        }
    }

    /** The whole command tree of {@code nat64} over {@code top}, configured as Jool's parser behaves. */
    public static CommandLine commandLine(Nat64Command top) {
        CommandLine line = new CommandLine(top);

        // ---------------------------------------------------------------------------------------------
        // Register the `daemon` subcommand here (package io.nat64.cli.daemon, branch wip/dataplane):
        //     line.addSubcommand(new io.nat64.cli.daemon.DaemonCommand());
        // It runs in the same JVM and starts the gateway with io.nat64.gateway.Gateway.start(...).
        // ---------------------------------------------------------------------------------------------

        line.setAbbreviatedSubcommandsAllowed(true); // Jool accepts any unambiguous prefix: nat64 se d -u --nu
        line.setAbbreviatedOptionsAllowed(true);
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setExecutionExceptionHandler(EXECUTION_FAILURE);
        line.setParameterExceptionHandler(USAGE_FAILURE);
        return line;
    }

    private static final IParameterExceptionHandler USAGE_FAILURE = (ParameterException e, String[] args) -> {
        CommandLine line = e.getCommandLine();
        PrintWriter err = line.getErr();
        err.println("nat64: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + line.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ExitCode.USAGE.code();
    };

    private static final IExecutionExceptionHandler EXECUTION_FAILURE = (e, line, parsed) -> {
        if (e instanceof ParameterException p) {
            return USAGE_FAILURE.handleParseException(p, parsed.originalArgs().toArray(new String[0]));
        }
        CliException failure = e instanceof CliException c
                ? c
                : new CliException(ExitCode.INTERNAL, "unexpected failure (please report it): " + e);
        line.getErr().println("nat64: " + failure.getMessage());
        return failure.exitCode().code();
    };

    /** For tests: runs with an environment other than the process's. */
    static int run(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        return run(new Nat64Command(environment), args, out, err);
    }
}
