package io.nat64.cli.command;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Parsing of the command-line forms Jool uses: {@code ADDR#PORT} and {@code MIN-MAX} port ranges. */
final class Addresses {
    private Addresses() {}

    /** A transport address {@code ADDR#PORT}, split in two. */
    record Taddr(String address, int port, boolean ipv6) {}

    static Taddr taddr(CommandSpec spec, String text) {
        int hash = text.lastIndexOf('#');
        if (hash <= 0 || hash == text.length() - 1) {
            throw new ParameterException(
                    spec.commandLine(), "'" + text + "' is not a transport address (ADDRESS#PORT)");
        }
        String address = text.substring(0, hash);
        boolean ipv6 = address.indexOf(':') >= 0;
        if (!ipv6 && address.indexOf('.') < 0) {
            throw new ParameterException(
                    spec.commandLine(), "'" + address + "' is neither an IPv6 nor an IPv4 address");
        }
        return new Taddr(address, port(spec, text.substring(hash + 1)), ipv6);
    }

    /** {@code MIN-MAX} or a single port; returns {min, max}. */
    static int[] range(CommandSpec spec, String text) {
        int dash = text.indexOf('-');
        if (dash < 0) {
            int p = port(spec, text);
            return new int[] {p, p};
        }
        int min = port(spec, text.substring(0, dash));
        int max = port(spec, text.substring(dash + 1));
        if (min > max) {
            throw new ParameterException(
                    spec.commandLine(), "port range '" + text + "' is empty: " + min + " > " + max);
        }
        return new int[] {min, max};
    }

    static int port(CommandSpec spec, String text) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ParameterException(spec.commandLine(), "'" + text + "' is not a port number (0 to 65535)");
    }
}
