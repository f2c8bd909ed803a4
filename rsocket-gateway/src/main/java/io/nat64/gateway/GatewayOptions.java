package io.nat64.gateway;

import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * Where the gateway listens: TCP (default 127.0.0.1:6410) and, for browsers, WebSocket (default
 * 127.0.0.1:6411; null turns it off). Port 0 picks a free port (tests).
 *
 * <p>{@code GatewayOptions.defaults()}, {@code GatewayOptions.loopback(0, 0)}
 */
public record GatewayOptions(InetSocketAddress tcp, @Nullable InetSocketAddress webSocket) {
    /** The host both transports bind by default: loopback only, as Jool's Netlink socket is local only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The default TCP port. */
    public static final int DEFAULT_TCP_PORT = 6410;
    /** The default WebSocket port. */
    public static final int DEFAULT_WEBSOCKET_PORT = 6411;

    /** TCP on 127.0.0.1:6410 and WebSocket on 127.0.0.1:6411. */
    public static GatewayOptions defaults() {
        return loopback(DEFAULT_TCP_PORT, DEFAULT_WEBSOCKET_PORT);
    }

    /** Both transports on 127.0.0.1, at the given ports (0: any free port; a negative WebSocket port: none). */
    public static GatewayOptions loopback(int tcpPort, int webSocketPort) {
        return new GatewayOptions(
                InetSocketAddress.createUnresolved(DEFAULT_HOST, tcpPort),
                webSocketPort < 0 ? null : InetSocketAddress.createUnresolved(DEFAULT_HOST, webSocketPort));
    }

    /** Parses {@code HOST:PORT} or {@code [IPV6]:PORT} ({@code --gateway}, {@code NAT64_GATEWAY}). */
    public static InetSocketAddress parseAddress(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("gateway address must be HOST:PORT, not '" + text + "'");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("write an IPv6 gateway address as [ADDRESS]:PORT, not '" + text + "'");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("gateway port must be a number, not '" + t.substring(colon + 1) + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("gateway port must be 0 to 65535, not " + port);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
