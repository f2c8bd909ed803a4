package io.nat64.cli.proxy;

import io.nat64.gateway.metrics.MetricsEndpoint;
import io.nat64.gateway.peer.PeerStats;
import io.nat64.streams.sync.net.ProxyStats;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;

/**
 * The session proxy's Prometheus endpoint ({@code --metrics}): the JVM's meters, the six counters its stats server
 * answers with ({@code nat64_proxy_*}), and with RSocket peers the peers' sync counters ({@code nat64_sync_*}:
 * validation refusals, sessions received) and one series per peer link ({@code nat64_peer_*}). The multicast side's
 * sync counters are the daemon's.
 */
final class ProxyMetrics {
    private ProxyMetrics() {}

    /** Why the endpoint could not listen. */
    static final class ServeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ServeException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Serves the endpoint on {@code at}, with the proxy's counters from {@code proxy}, waiting for it to listen;
     * {@link ServeException} if it cannot.
     */
    static MetricsEndpoint start(
            InetSocketAddress at, String instance, Supplier<ProxyStats> proxy, @Nullable PeerStats peers) {
        MetricsEndpoint m = MetricsEndpoint.create().bindProxy(instance, proxy);
        if (peers != null) {
            m.bindSync(instance, peers.sync()).bindPeers(instance, peers);
        }
        try {
            m.serve(at).block(ProxyCommand.STOP_TIMEOUT);
        } catch (RuntimeException e) {
            m.dispose();
            Throwable cause = Exceptions.unwrap(e);
            throw new ServeException(
                    "cannot serve metrics on " + at.getHostString() + ":" + at.getPort() + ": " + cause.getMessage()
                            + " (--metrics HOST:PORT or --metrics off)",
                    cause);
        }
        return m;
    }

    /** Where {@code m} is served, as a URL. */
    static String url(MetricsEndpoint m) {
        InetSocketAddress a = m.address();
        if (a == null) {
            return "off";
        }
        String host = a.getAddress() == null ? a.getHostString() : ProxySettings.text(a.getAddress());
        return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort() + "/metrics";
    }
}
