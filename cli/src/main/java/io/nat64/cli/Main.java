package io.nat64.cli;

import io.nat64.cli.command.BibCommand;
import io.nat64.cli.command.GlobalCommand;
import io.nat64.cli.command.InstanceCommand;
import io.nat64.cli.command.Pool4Command;
import io.nat64.cli.command.Pool6Command;
import io.nat64.cli.command.SessionCommand;
import io.nat64.cli.command.StatsCommand;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code nat64} entry point ({@code bin/nat64}): builds the command tree, runs it, exits with its code.
 * Every failure ends as one line on stderr and an exit code of {@link ExitCode}.
 */
public final class Main {
    private Main() {}

    /** Runs {@code nat64 args} and exits the JVM with its exit code. */
    public static void main(String[] args) {
        LogConfig.apply(System.getenv());
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
        CommandLine line = commandLine(top, args);
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

    /**
     * The modes of {@code nat64}, by name, in the order {@code --help} lists them. Each is built only when
     * the command line may need it (picocli's reflective model of all of them costs start-up time).
     */
    static final Map<String, Function<Nat64Command, Object>> MODES = modes();

    private static Map<String, Function<Nat64Command, Object>> modes() {
        Map<String, Function<Nat64Command, Object>> modes = new LinkedHashMap<>();
        modes.put("instance", InstanceCommand::mode);
        modes.put("global", GlobalCommand::mode);
        modes.put("pool4", Pool4Command::mode);
        modes.put("pool6", Pool6Command::mode);
        modes.put("bib", BibCommand::mode);
        modes.put("session", SessionCommand::mode);
        modes.put("stats", StatsCommand::mode);

        // The daemon runs in this JVM; its gateway listens where the others connect (--gateway, NAT64_GATEWAY).
        modes.put("daemon", top -> new io.nat64.cli.daemon.DaemonCommand(top::gatewayAddress));

        return Collections.unmodifiableMap(modes);
    }

    /** The command tree of {@code nat64} over {@code top} with every mode, configured as Jool's parser behaves. */
    public static CommandLine commandLine(Nat64Command top) {
        return commandLine(top, new String[0]);
    }

    /**
     * The command tree for running {@code args}: the modes whose name starts with the mode word of
     * {@code args} (all of them when there is none, or none matches, so picocli can list or suggest them).
     */
    static CommandLine commandLine(Nat64Command top, String[] args) {
        CommandLine line = new CommandLine(top.spec());
        String word = modeWord(args);
        boolean any = false;
        for (String mode : MODES.keySet()) {
            any |= word != null && mode.startsWith(word);
        }
        for (Map.Entry<String, Function<Nat64Command, Object>> mode : MODES.entrySet()) {
            if (!any || mode.getKey().startsWith(word)) {
                line.addSubcommand(mode.getKey(), mode.getValue().apply(top));
            }
        }

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

    /** The first word of {@code args} that is not a top-level option or its value: the mode; null if none. */
    static @Nullable String modeWord(String[] args) {
        for (int k = 0; k < args.length; k++) {
            String a = args[k];
            if (!a.startsWith("-") || a.equals("-")) {
                return a;
            }
            boolean takesValue = a.equals("-i")
                    || (a.length() > 2
                            && a.startsWith("--")
                            && a.indexOf('=') < 0
                            && ("--instance".startsWith(a) || "--gateway".startsWith(a)));
            if (takesValue) {
                k++;
            }
        }
        return null;
    }

    /** For tests: runs with an environment other than the process's. */
    static int run(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        return run(new Nat64Command(environment), args, out, err);
    }
}
