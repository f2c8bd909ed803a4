package io.nat64.gateway.peer;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The RSocket peer flags of {@code nat64 session proxy}, validated together: {@code --net.listen=ADDR:PORT},
 * {@code --net.peer=HOST:PORT} (repeatable), {@code --auth.secret-file=FILE}, {@code --tls.cert},
 * {@code --tls.key}, {@code --tls.ca}. Replication writes into a NAT64's tables, so it is never open: listening
 * or subscribing needs the secret file; TLS is optional and takes all three files.
 *
 * <pre>{@code
 * PeerOptions o = PeerOptions.parse("[::]:6402", List.of("192.0.2.2:6402"), "/etc/nat64/peer.secret",
 *         null, null, null);
 * PeerServer.start(o.serverOptions(), feed, stats);
 * }</pre>
 *
 * @param listen where to serve this node's stream to peers, or null
 * @param peers the peers to subscribe to
 * @param secretFile the shared secret's file, or null (only when neither listen nor peers is given)
 * @param tls TLS with client certificates, or null for plain TCP
 */
public record PeerOptions(
        @Nullable InetSocketAddress listen,
        List<InetSocketAddress> peers,
        @Nullable Path secretFile,
        @Nullable PeerTls tls) {

    /** Validates the combination; every message names the flag at fault. */
    public PeerOptions {
        peers = List.copyOf(peers);
        Set<String> seen = new HashSet<>();
        for (InetSocketAddress p : peers) {
            if (p.getPort() == 0) {
                throw new IllegalArgumentException("--net.peer: port 0 is not a peer's port: " + text(p));
            }
            if (!seen.add(text(p))) {
                throw new IllegalArgumentException("--net.peer " + text(p) + " is given twice");
            }
        }
        if ((listen != null || !peers.isEmpty()) && secretFile == null) {
            throw new IllegalArgumentException("--net.listen and --net.peer need --auth.secret-file=FILE: replication"
                    + " writes into this NAT64's tables, so it is never open (put a shared secret of at least "
                    + PeerSecret.MIN_LENGTH + " bytes in FILE on every node, e.g. openssl rand -hex 32)");
        }
        if (secretFile != null && !Files.isReadable(secretFile)) {
            throw new IllegalArgumentException("--auth.secret-file: cannot read " + secretFile);
        }
    }

    /** No peers: neither listening nor subscribing. */
    public static PeerOptions none() {
        return new PeerOptions(null, List.of(), null, null);
    }

    /**
     * The flags as typed (null: not given). TLS needs all three of {@code cert}, {@code key} and {@code ca}.
     */
    public static PeerOptions parse(
            @Nullable String listen,
            List<String> peers,
            @Nullable String secretFile,
            @Nullable String cert,
            @Nullable String key,
            @Nullable String ca) {
        List<InetSocketAddress> parsed = new ArrayList<>();
        for (String p : peers) {
            parsed.add(parseAddress("--net.peer", p));
        }
        PeerTls tls = null;
        if (cert != null || key != null || ca != null) {
            if (cert == null || key == null || ca == null) {
                throw new IllegalArgumentException("--tls.cert, --tls.key and --tls.ca go together: give all three");
            }
            tls = new PeerTls(Path.of(cert), Path.of(key), Path.of(ca));
        }
        return new PeerOptions(
                listen == null ? null : parseAddress("--net.listen", listen),
                parsed,
                secretFile == null ? null : Path.of(secretFile),
                tls);
    }

    /** Whether any RSocket peer work is asked for. */
    public boolean enabled() {
        return listen != null || !peers.isEmpty();
    }

    /** The server's options (defaults for what has no flag); reads the secret file. */
    public PeerServerOptions serverOptions() {
        if (listen == null || secretFile == null) {
            throw new IllegalStateException("no --net.listen");
        }
        return PeerServerOptions.of(listen, PeerSecret.read(secretFile), tls);
    }

    /**
     * The options of the subscription to {@code peer}, as the node {@code localNodeId} (its datagrams coming back
     * are refused) named {@code name} in the peer's stats; reads the secret file.
     */
    public PeerClientOptions clientOptions(InetSocketAddress peer, long localNodeId, String name) {
        if (secretFile == null) {
            throw new IllegalStateException("no --auth.secret-file");
        }
        return PeerClientOptions.of(peer, PeerSecret.read(secretFile), tls, localNodeId, name);
    }

    /**
     * Parses {@code HOST:PORT}, {@code [IPV6]:PORT} or {@code IPV6} forms with brackets; {@code flag} names the
     * flag in messages. The host is resolved when connecting or binding.
     */
    public static InetSocketAddress parseAddress(String flag, String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException(flag + " must be HOST:PORT or [IPV6]:PORT, not '" + text + "'");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException(
                    "write an IPv6 address as [ADDRESS]:PORT in " + flag + ", not '" + text + "'");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException(flag + " has no host: '" + text + "'");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    flag + ": the port must be a number, not '" + t.substring(colon + 1) + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(flag + ": the port must be 0 to 65535, not " + port);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    static String text(InetSocketAddress a) {
        String host = a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
