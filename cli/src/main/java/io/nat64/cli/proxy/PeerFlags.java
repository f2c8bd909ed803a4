package io.nat64.cli.proxy;

import io.nat64.gateway.peer.PeerOptions;
import io.nat64.gateway.peer.PeerSecret;
import io.nat64.gateway.peer.PeerSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The RSocket peer flags of {@code nat64 session proxy} checked against the rest of the command line: a proxy
 * needs NET_MCAST_ADDR, {@code --net.listen} or {@code --net.peer}; the secret file and TLS files only make sense
 * with a peer flag; {@code --net.format=jool} only with multicast (peers speak {@code nat64}); the secret file is
 * read now, so a bad one stops the proxy before it connects anywhere.
 */
final class PeerFlags {
    private PeerFlags() {}

    /** The peer options, or {@link IllegalArgumentException} naming the flag at fault. */
    static PeerOptions parse(
            @Nullable String group,
            @Nullable String format,
            @Nullable String listen,
            List<String> peers,
            @Nullable String secretFile,
            @Nullable String cert,
            @Nullable String key,
            @Nullable String ca) {
        PeerOptions o = PeerOptions.parse(listen, peers, secretFile, cert, key, ca);
        if (!o.enabled()) {
            if (group == null) {
                throw new IllegalArgumentException("Missing required parameter: 'NET_MCAST_ADDR' (or --net.listen or"
                        + " --net.peer for RSocket peers)");
            }
            if (secretFile != null || o.tls() != null) {
                throw new IllegalArgumentException("--auth.secret-file and --tls.* are for RSocket peers: give"
                        + " --net.listen or --net.peer too");
            }
            return o;
        }
        if (group == null && format != null && !format.strip().equalsIgnoreCase("nat64")) {
            throw new IllegalArgumentException("--net.format=" + format.strip() + " is for multicast (NET_MCAST_ADDR);"
                    + " RSocket peers always speak the nat64 format");
        }
        if (secretFile != null) {
            PeerSecret.read(java.nio.file.Path.of(secretFile));
        }
        return o;
    }

    /** The peer lines of the proxy's "Config:" block. */
    static List<String> configLines(PeerOptions o) {
        List<String> lines = new ArrayList<>();
        if (!o.enabled()) {
            return lines;
        }
        if (o.listen() != null) {
            lines.add("  net.listen: " + address(o.listen()));
        }
        for (var p : o.peers()) {
            lines.add("  net.peer: " + address(p));
        }
        lines.add("  auth.secret-file: " + o.secretFile());
        lines.add("  tls: " + (o.tls() == null ? "off" : "on (client certificates required)"));
        return lines;
    }

    /** One peer link as a log line: state, counters, lag, last error. */
    static String line(PeerSnapshot s) {
        return String.format(
                "peer %s %s: %s, connects %d, catch-ups %d, resumptions %d, batches %d, sessions %d,"
                        + " rejected batches %d, lost batches %d, setups rejected %d, last batch %s%s",
                s.direction() == PeerSnapshot.Direction.SUBSCRIBED ? "from" : "to",
                s.peer(),
                s.connected() ? "connected" : "not connected",
                s.connects(),
                s.catchUps(),
                s.resumptions(),
                s.batches(),
                s.sessions(),
                s.rejectedBatches(),
                s.lostBatches(),
                s.setupsRejected(),
                s.lastBatchAgeMillis() < 0 ? "never" : s.lastBatchAgeMillis() + " ms ago",
                blank(s.lastError()) ? "" : " (last error: " + s.lastError() + ")");
    }

    private static boolean blank(@Nullable String s) {
        return s == null || s.isBlank() || s.equals("null");
    }

    private static String address(java.net.InetSocketAddress a) {
        String host = a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
