package io.nat64.cli.render;

import io.nat64.cli.resolve.Names;
import io.nat64.gateway.api.BibView;
import java.io.PrintWriter;

/**
 * {@code bib display} as Jool prints it (jool-session.md 4.8): console {@code [Static TCP] 192.0.2.4#4 -
 * 2001:db8::6#6}, no header; CSV with Jool's header and {@code 1}/{@code 0} for static. The IPv4 side is
 * always numeric, the IPv6 side resolved unless {@code --numeric}.
 */
public final class BibRender {
    /** Jool's CSV header. */
    public static final String CSV_HEADER = "Protocol,IPv6 Address,IPv6 L4-ID,IPv4 Address,IPv4 L4-ID,Static?";

    private BibRender() {}

    /** The CSV header when asked for (console mode has none). */
    public static void begin(PrintWriter out, boolean csv, boolean headers) {
        if (csv && headers) {
            out.print(CSV_HEADER + "\n");
        }
    }

    /** One entry. */
    public static void entry(PrintWriter out, BibView b, Names names, boolean csv) {
        String host6 = names.host(b.src6());
        String port6 = names.service(b.src6Port(), b.protocol());
        if (csv) {
            out.print(b.protocol() + "," + host6 + "," + port6 + "," + b.src4() + "," + b.src4Port() + ","
                    + (b.isStatic() ? 1 : 0) + "\n");
        } else {
            out.print("[" + (b.isStatic() ? "Static" : "Dynamic") + " " + b.protocol() + "] " + b.src4() + "#"
                    + b.src4Port() + " - " + host6 + "#" + port6 + "\n");
        }
    }
}
