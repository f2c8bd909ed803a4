package io.nat64.cli.render;

import io.nat64.gateway.api.Pool4View;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * {@code pool4 display} as Jool's {@code src/usr/argp/wargp/pool4.c} prints it: a bordered table whose
 * mark, protocol and max-iterations cells are shown once per group, or CSV with Jool's header.
 */
public final class Pool4Render {
    /** Jool's CSV header. */
    public static final String CSV_HEADER = "Mark,Protocol,Address,Min port,Max port,Iterations,Iterations fixed";

    private static final String SEPARATOR = separator(10, 5, 18, 15, 11);

    private Pool4Render() {}

    /** The whole table. */
    public static void print(PrintWriter out, List<Pool4View> rows, boolean csv, boolean headers) {
        if (headers) {
            if (csv) {
                out.print(CSV_HEADER + "\n");
            } else {
                out.print(SEPARATOR);
                out.print(String.format(
                        Locale.ROOT,
                        "| %10s | %5s | %18s | %15s | %11s |\n",
                        "Mark",
                        "Proto",
                        "Max iterations",
                        "Address",
                        "Ports"));
            }
        }
        Pool4View last = null;
        for (Pool4View r : rows) {
            if (csv) {
                out.print(r.mark() + "," + r.protocol() + "," + r.prefix() + "," + r.minPort() + "," + r.maxPort()
                        + "," + (r.iterationsInfinite() ? "infinite" : Long.toString(r.maxIterations())) + ","
                        + (r.iterationsFixed() ? 1 : 0) + "\n");
                continue;
            }
            if (last == null || last.mark() != r.mark() || !last.protocol().equals(r.protocol())) {
                out.print(SEPARATOR);
                out.print(String.format(Locale.ROOT, "| %10d | %5s | ", r.mark(), r.protocol()));
                out.print(String.format(
                        Locale.ROOT,
                        r.iterationsInfinite() ? "%10s" : "%10d",
                        r.iterationsInfinite() ? "Infinite" : r.maxIterations()));
                out.print(String.format(Locale.ROOT, " (%5s)", r.iterationsFixed() ? "fixed" : "auto"));
            } else {
                out.print(String.format(Locale.ROOT, "| %10s | %5s | %10s  %5s ", "", "", "", ""));
            }
            out.print(String.format(Locale.ROOT, " | %15s | %5d-%5d |\n", r.prefix(), r.minPort(), r.maxPort()));
            last = r;
        }
        if (!csv) {
            if (rows.isEmpty()) {
                out.print(SEPARATOR);
            }
            out.print(SEPARATOR);
        }
    }

    /** Jool's {@code print_table_separator}: {@code +}, then per column its width plus two dashes and {@code +}. */
    static String separator(int... widths) {
        StringBuilder sb = new StringBuilder("+");
        for (int w : widths) {
            sb.append("-".repeat(w + 2)).append('+');
        }
        return sb.append('\n').toString();
    }
}
