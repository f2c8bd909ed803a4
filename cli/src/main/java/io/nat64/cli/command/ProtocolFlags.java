package io.nat64.cli.command;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Jool's protocol flags, {@code --tcp|--udp|--icmp} ({@code -t}, {@code -u}, {@code -i} after the operation). */
public final class ProtocolFlags {
    @Spec(Spec.Target.MIXEE)
    @SuppressWarnings("NullAway.Init")
    private CommandSpec mixee;

    @Option(
            names = {"-t", "--tcp"},
            description = "The TCP table.")
    private boolean tcp;

    @Option(
            names = {"-u", "--udp"},
            description = "The UDP table.")
    private boolean udp;

    @Option(
            names = {"-i", "--icmp"},
            description = "The ICMP table.")
    private boolean icmp;

    /** The protocol given, or null; more than one is a usage error, worded as Jool words it. */
    public @Nullable String given() {
        int n = (tcp ? 1 : 0) + (udp ? 1 : 0) + (icmp ? 1 : 0);
        if (n > 1) {
            throw new ParameterException(mixee.commandLine(), "Only one protocol is allowed per request.");
        }
        return tcp ? "TCP" : udp ? "UDP" : icmp ? "ICMP" : null;
    }

    /** The protocol given, TCP when none is (Jool's default). */
    public String orTcp() {
        String p = given();
        return p == null ? "TCP" : p;
    }
}
