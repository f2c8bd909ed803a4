package io.nat64.cli.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nat64.gateway.metrics.MetricsEndpoint;
import io.nat64.gateway.peer.PeerStats;
import io.nat64.streams.sync.net.ProxyStats;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The proxy's metrics endpoint on a loopback port: what it serves, and a port it cannot have. */
class ProxyMetricsIT {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void withPeersItServesTheSyncCountersAndThePeerServersRefusalsUnderTheInstance() throws Exception {
        MetricsEndpoint m = ProxyMetrics.start(
                new InetSocketAddress("127.0.0.1", 0),
                "blue",
                () -> new ProxyStats(1, 20, 3, 40, 5, 60),
                PeerStats.create());
        try {
            String url = ProxyMetrics.url(m);
            assertThat(url).matches("http://127\\.0\\.0\\.1:[0-9]+/metrics");
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body())
                    .contains("nat64_peer_server_setups_rejected_total{iname=\"blue\"} 0.0")
                    .contains("nat64_sync_sessions_total{event=\"rcvd\",iname=\"blue\"} 0.0")
                    .contains("jvm_memory_used_bytes")
                    .contains("nat64_proxy_kernel_sent_packets_total{iname=\"blue\"} 1.0")
                    .contains("nat64_proxy_kernel_sent_bytes_total{iname=\"blue\"} 20.0")
                    .contains("nat64_proxy_net_received_packets_total{iname=\"blue\"} 3.0")
                    .contains("nat64_proxy_net_received_bytes_total{iname=\"blue\"} 40.0")
                    .contains("nat64_proxy_net_sent_packets_total{iname=\"blue\"} 5.0")
                    .contains("nat64_proxy_net_sent_bytes_total{iname=\"blue\"} 60.0");
        } finally {
            m.dispose();
        }
    }

    @Test
    void aPortAlreadyTakenIsAClearErrorNamingTheFlag() {
        MetricsEndpoint first =
                ProxyMetrics.start(new InetSocketAddress("127.0.0.1", 0), "default", () -> ProxyStats.ZERO, null);
        try {
            InetSocketAddress taken = first.address();
            assertThat(taken).isNotNull();
            assertThatThrownBy(() -> ProxyMetrics.start(taken, "default", () -> ProxyStats.ZERO, null))
                    .isInstanceOf(ProxyMetrics.ServeException.class)
                    .hasMessageStartingWith("cannot serve metrics on ")
                    .hasMessageEndingWith("(--metrics HOST:PORT or --metrics off)");
            assertThat(first.scrape())
                    .doesNotContain("nat64_peer_")
                    .as("a multicast-only proxy still exports its six counters")
                    .contains("nat64_proxy_net_sent_packets_total{iname=\"default\"} 0.0");
        } finally {
            first.dispose();
        }
    }
}
