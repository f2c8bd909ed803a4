package io.nat64.cli.render;

import io.nat64.gateway.api.InstanceView;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * {@code instance display} in the shape of Jool's table (borders, right-aligned cells), with our columns:
 * name, pool6 and TUN device (Jool's namespace and framework columns mean nothing here). CSV:
 * {@code Name,pool6,TUN}.
 */
public final class InstanceRender {
    private static final String SEPARATOR = Pool4Render.separator(15, 43, 15);

    private InstanceRender() {}

    /** Every instance. */
    public static void print(PrintWriter out, List<InstanceView> instances, boolean csv, boolean headers) {
        if (headers) {
            out.print(csv ? "Name,pool6,TUN\n" : SEPARATOR + row("Name", "pool6", "TUN"));
        }
        if (!csv) {
            out.print(SEPARATOR);
        }
        for (InstanceView i : instances) {
            out.print(csv ? i.name() + "," + i.pool6() + "," + i.tun() + "\n" : row(i.name(), i.pool6(), i.tun()));
        }
        if (!csv) {
            out.print(SEPARATOR);
        }
    }

    private static String row(String name, String pool6, String tun) {
        return String.format(Locale.ROOT, "| %15s | %43s | %15s |\n", name, pool6, tun);
    }
}
