package io.nat64.cli.render;

import io.nat64.cli.resolve.Names;
import io.nat64.core.config.Timeouts;
import io.nat64.gateway.api.SessionView;
import java.io.PrintWriter;

/**
 * {@code session display} in Jool's two formats. Console (the seed's): a line of 33 dashes, then per
 * session the state (TCP only) and remaining time, the Remote line (dst4, TAB, src6), the Local line (src4,
 * two TABs, dst6) and dashes. CSV (Jool's code): the header of jool-session.md 4.4, then one row per
 * session, the State column for TCP only. Only the remote side (src6, dst4) is ever resolved.
 *
 * <p>Not thread-safe: one table per output.
 */
public final class SessionTable {
    /** The line that opens the console table and follows every session. */
    public static final String DASHES = "---------------------------------";
    /** The CSV header, exactly Jool's. */
    public static final String CSV_HEADER = "Protocol,IPv6 Remote Address,IPv6 Remote L4-ID,IPv6 Local Address,"
            + "IPv6 Local L4-ID,IPv4 Local Address,IPv4 Local L4-ID,IPv4 Remote Address,IPv4 Remote L4-ID,"
            + "Expires in,State";

    private final PrintWriter out;
    private final Names names;
    private final boolean csv;
    private final StringBuilder line = new StringBuilder(160);

    /** A table printing to {@code out} in CSV or console format, naming remote nodes with {@code names}. */
    public SessionTable(PrintWriter out, Names names, boolean csv) {
        this.out = out;
        this.names = names;
        this.csv = csv;
    }

    /** What comes before the first session: the dashes (console, even with --no-headers) or the CSV header. */
    public void begin(boolean headers) {
        if (!csv) {
            out.print(DASHES + "\n");
        } else if (headers) {
            out.print(CSV_HEADER + "\n");
        }
    }

    /** Prints one session. */
    public void add(SessionView s) {
        line.setLength(0);
        if (csv) {
            csvRow(s);
        } else {
            console(s);
        }
        out.append(line);
    }

    private void console(SessionView s) {
        if (s.state() != null) {
            line.append('(').append(s.state()).append(") ");
        }
        line.append("Expires in ").append(Expiry.friendly(s.expiresIn())).append('\n');
        line.append("Remote: ");
        remote(s.dst4(), s.dst4Port(), s.protocol(), '#');
        line.append('\t');
        remote(s.src6(), s.src6Port(), s.protocol(), '#');
        line.append('\n');
        line.append("Local: ").append(s.src4()).append('#').append(s.src4Port());
        line.append("\t\t").append(s.dst6()).append('#').append(s.dst6Port()).append('\n');
        line.append(DASHES).append('\n');
    }

    private void csvRow(SessionView s) {
        line.append(s.protocol()).append(',');
        remote(s.src6(), s.src6Port(), s.protocol(), ',');
        line.append(',').append(s.dst6()).append(',').append(s.dst6Port());
        line.append(',').append(s.src4()).append(',').append(s.src4Port()).append(',');
        remote(s.dst4(), s.dst4Port(), s.protocol(), ',');
        line.append(',');
        Timeouts.appendTo(line, s.expiresIn());
        if (s.state() != null) {
            line.append(',').append(s.state());
        }
        line.append('\n');
    }

    private void remote(String address, int port, String protocol, char separator) {
        line.append(names.host(address)).append(separator).append(names.service(port, protocol));
    }
}
