package io.nat64.cli.render;

import io.nat64.gateway.api.GlobalView;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code global display} as Jool's code prints it: console {@code   name: value} (booleans
 * {@code true}/{@code false}, timeouts with {@code  (HH:MM:SS)}, f-args spelt out bit by bit), CSV
 * {@code Field,Value} with booleans in capitals.
 */
public final class GlobalRender {
    private GlobalRender() {}

    /** Every global, in the order the daemon sent them (Jool's). */
    public static void print(PrintWriter out, List<GlobalView> globals, boolean csv, boolean headers) {
        if (csv && headers) {
            out.print("Field,Value\n");
        }
        for (GlobalView g : globals) {
            out.print((csv ? "" : "  ") + g.name() + (csv ? "," : ": ") + value(g, csv) + "\n");
        }
    }

    /** The value as Jool prints it for its type. */
    static String value(GlobalView g, boolean csv) {
        switch (g.type()) {
            case "BOOL":
                return csv ? g.value().toUpperCase(java.util.Locale.ROOT) : g.value();
            case "TIMEOUT":
                return csv ? g.value() : g.value() + " (HH:MM:SS)";
            default:
                if (g.name().equals("f-args") && !csv) {
                    int v = Integer.parseInt(g.value());
                    return v + " (0b" + bit(v, 3) + bit(v, 2) + bit(v, 1) + bit(v, 0) + "): SrcAddr:" + bit(v, 3)
                            + " SrcPort:" + bit(v, 2) + " DstAddr:" + bit(v, 1) + " DstPort:" + bit(v, 0);
                }
                return g.value();
        }
    }

    private static int bit(int v, int i) {
        return (v >> i) & 1;
    }
}
