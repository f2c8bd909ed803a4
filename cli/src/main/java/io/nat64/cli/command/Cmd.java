package io.nat64.cli.command;

import io.nat64.cli.ExitCode;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Builds the picocli model of a command with picocli's programmatic API rather than annotations: picocli
 * then needs no reflection and the JVM no annotation proxies, which halves the start-up time of a
 * command (docs/benchmarks.md, section CLI).
 *
 * <pre>{@code
 * Cmd.operation("display", this::display, "Print the table.").protocolFlags().flag("No names.", "--numeric")
 * }</pre>
 */
public final class Cmd {
    private final CommandSpec spec;

    private Cmd(CommandSpec spec, boolean version) {
        this.spec = spec;
        spec.addOption(OptionSpec.builder("-h", "--help")
                .usageHelp(true)
                .description("Show this help message and exit.")
                .build());
        if (version) {
            spec.addOption(OptionSpec.builder("-V", "--version")
                    .versionHelp(true)
                    .description("Print version information and exit.")
                    .build());
        }
        spec.usageMessage().autoWidth(true);
    }

    /** What an operation does with its arguments; returns the exit code. */
    @FunctionalInterface
    public interface Handler {
        /** Runs the operation; failures are thrown as {@code CliException}s or {@code ParameterException}s. */
        int run(Args args);
    }

    /** The command at the top of a tree, run by {@code top} when no mode is given. */
    public static Cmd top(String name, Callable<Integer> top, String... description) {
        Cmd c = new Cmd(CommandSpec.wrapWithoutInspection(top), true);
        c.spec.name(name).usageMessage().description(description);
        return c;
    }

    /** A mode: it holds operations, and prints its usage (exit code 2) when none is given. */
    public static Cmd mode(String name, String... description) {
        return operation(
                name,
                a -> {
                    a.spec().commandLine().usage(a.spec().commandLine().getErr());
                    return ExitCode.USAGE.code();
                },
                description);
    }

    /** An operation named {@code name} that {@code handler} runs. */
    public static Cmd operation(String name, Handler handler, String... description) {
        Operation op = new Operation(handler);
        Cmd c = new Cmd(CommandSpec.wrapWithoutInspection(op), false);
        op.spec = c.spec;
        c.spec.name(name).usageMessage().description(description);
        return c;
    }

    /** A boolean flag. */
    public Cmd flag(String description, String... names) {
        spec.addOption(OptionSpec.builder(names)
                .arity("0")
                .type(boolean.class)
                .description(description)
                .build());
        return this;
    }

    /** An option with a value labelled {@code label}. */
    public Cmd option(String label, String description, String... names) {
        spec.addOption(OptionSpec.builder(names)
                .paramLabel(label)
                .type(String.class)
                .description(description)
                .build());
        return this;
    }

    /** An option with a value labelled {@code label} that may be given several times. */
    public Cmd repeatableOption(String label, String description, String... names) {
        spec.addOption(OptionSpec.builder(names)
                .paramLabel(label)
                .type(String[].class)
                .arity("1")
                .description(description)
                .build());
        return this;
    }

    /** An option that must be given. */
    public Cmd requiredOption(String label, String description, String... names) {
        spec.addOption(OptionSpec.builder(names)
                .paramLabel(label)
                .type(String.class)
                .required(true)
                .description(description)
                .build());
        return this;
    }

    /** The positional parameter at {@code index}: one value, mandatory or not. */
    public Cmd positional(int index, boolean required, String label, String description) {
        spec.addPositional(PositionalParamSpec.builder()
                .index(Integer.toString(index))
                .arity(required ? "1" : "0..1")
                .paramLabel(label)
                .type(String.class)
                .description(description)
                .build());
        return this;
    }

    /** Jool's protocol flags: {@code --tcp|--udp|--icmp}, with {@code -t}, {@code -u}, {@code -i}. */
    public Cmd protocolFlags() {
        return flag("The TCP table.", "-t", "--tcp")
                .flag("The UDP table.", "-u", "--udp")
                .flag("The ICMP table.", "-i", "--icmp");
    }

    /** The output flags of every display: {@code --csv} and {@code --no-headers}. */
    public Cmd tableFlags() {
        return flag("Print the table in CSV format (one row per line).", "--csv")
                .flag("Leave the table headers out.", "--no-headers");
    }

    /** Arguments nobody declared are accepted and ignored (for an operation that only says it is not here). */
    public Cmd anyArguments() {
        spec.parser().unmatchedArgumentsAllowed(true).unmatchedOptionsArePositionalParams(true);
        return this;
    }

    /** Adds {@code child} below this command. */
    public Cmd sub(Cmd child) {
        spec.addSubcommand(child.spec.name(), child.spec);
        return this;
    }

    /** The model built. */
    public CommandSpec spec() {
        return spec;
    }

    /** Runs its handler with the parse result of its command. */
    private static final class Operation implements Callable<Integer> {
        private final Handler handler;
        private @Nullable CommandSpec spec;

        Operation(Handler handler) {
            this.handler = handler;
        }

        @Override
        public Integer call() {
            CommandSpec s = java.util.Objects.requireNonNull(spec);
            return handler.run(new Args(s, s.commandLine().getParseResult()));
        }
    }

    /** The arguments an operation was given. */
    public static final class Args {
        private final CommandSpec spec;
        private final ParseResult parsed;

        Args(CommandSpec spec, ParseResult parsed) {
            this.spec = spec;
            this.parsed = parsed;
        }

        /** The operation's model (for {@link ParameterException}s). */
        public CommandSpec spec() {
            return spec;
        }

        /** Whether the flag named {@code name} was given. */
        public boolean flag(String name) {
            return parsed.hasMatchedOption(name);
        }

        /** The value of the option named {@code name}, or null. */
        public @Nullable String value(String name) {
            return parsed.matchedOptionValue(name, null);
        }

        /** Every value of the repeatable option named {@code name}, in order (none when not given). */
        public java.util.List<String> values(String name) {
            String[] v = parsed.matchedOptionValue(name, new String[0]);
            return java.util.List.of(v);
        }

        /** The positional parameter at {@code index}, or null. */
        public @Nullable String positional(int index) {
            return parsed.matchedPositionalValue(index, null);
        }

        /** The protocol flag given, or null; more than one is a usage error worded as Jool words it. */
        public @Nullable String protocol() {
            boolean tcp = flag("--tcp");
            boolean udp = flag("--udp");
            boolean icmp = flag("--icmp");
            if ((tcp ? 1 : 0) + (udp ? 1 : 0) + (icmp ? 1 : 0) > 1) {
                throw new ParameterException(spec.commandLine(), "Only one protocol is allowed per request.");
            }
            return tcp ? "TCP" : udp ? "UDP" : icmp ? "ICMP" : null;
        }

        /** The protocol flag given, TCP when none is (Jool's default). */
        public String protocolOrTcp() {
            String p = protocol();
            return p == null ? "TCP" : p;
        }

        /** Whether {@code --csv} was given. */
        public boolean csv() {
            return flag("--csv");
        }

        /** Whether table headers are printed (no {@code --no-headers}). */
        public boolean headers() {
            return !flag("--no-headers");
        }
    }
}
