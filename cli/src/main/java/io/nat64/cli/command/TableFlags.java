package io.nat64.cli.command;

import picocli.CommandLine.Option;

/** The output flags every {@code display} takes: {@code --csv} and {@code --no-headers}. */
public final class TableFlags {
    @Option(names = "--csv", description = "Print the table in CSV format (one row per line).")
    boolean csv;

    @Option(names = "--no-headers", description = "Leave the table headers out.")
    boolean noHeaders;

    /** Whether {@code --csv} was given. */
    public boolean csv() {
        return csv;
    }

    /** Whether headers are printed. */
    public boolean headers() {
        return !noHeaders;
    }
}
