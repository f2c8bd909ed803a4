package io.nat64.gateway.peer;

import static io.nat64.gateway.peer.PeerFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.gateway.metrics.MetricsEndpoint;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-peer metrics over real HTTP: node A serves, node B subscribes over a loopback RSocket link, and each
 * node's endpoint shows its side of the link (connected, batches, sessions, catch-ups, lag) once it exists.
 */
@Timeout(60)
class PeerMetricsIT {
    @TempDir
    Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void eachNodeExportsItsSideOfThePeerLinkConnectedWithTheSessionsCarried() throws Exception {
        try (PeerFixture f = new PeerFixture(dir)) {
            PeerFixture.udpSessions(f.a, 1, 500);
            PeerStats statsA = PeerStats.create();
            PeerStats statsB = PeerStats.create();
            MetricsEndpoint metricsA = MetricsEndpoint.create().bindPeers("default", statsA);
            MetricsEndpoint metricsB =
                    MetricsEndpoint.create().bindSync("default", statsB.sync()).bindPeers("default", statsB);
            PeerServer server =
                    PeerServer.start(f.serverOptions(), f.feedA(), statsA).block(TIMEOUT);
            try {
                URI uriA = serve(metricsA);
                URI uriB = serve(metricsB);
                assertThat(get(uriB)).doesNotContain("nat64_peer_connected"); // no link yet
                PeerClient link = PeerClient.connect(f.clientOptions(server.address()), f.mergeIntoB(), statsB);
                try {
                    String peer = "127.0.0.1:" + server.address().getPort();
                    String in = "{direction=\"subscribed\",iname=\"default\",peer=\"" + peer + "\"}";
                    String b = scrapeUntil(
                            uriB,
                            "B's link carrying A's 500 sessions",
                            t -> value(t, "nat64_peer_sessions_total" + in) >= 500);
                    assertThat(value(b, "nat64_peer_connected" + in)).isEqualTo(1);
                    assertThat(value(b, "nat64_peer_catchups_total" + in)).isEqualTo(1);
                    assertThat(value(b, "nat64_peer_batches_total" + in)).isPositive();
                    assertThat(value(b, "nat64_peer_batches_lost_total" + in)).isZero();
                    assertThat(value(b, "nat64_peer_last_batch_age_seconds" + in))
                            .isBetween(0.0, (double) TIMEOUT.toSeconds());
                    assertThat(value(b, "nat64_sync_sessions_total{event=\"rcvd\",iname=\"default\"}"))
                            .isGreaterThanOrEqualTo(500);

                    String out = "{direction=\"served\",iname=\"default\",peer=\"node-b\"}";
                    String a = scrapeUntil(
                            uriA, "A's link to node-b", t -> value(t, "nat64_peer_sessions_total" + out) >= 500);
                    assertThat(value(a, "nat64_peer_connected" + out)).isEqualTo(1);
                    assertThat(value(a, "nat64_peer_server_setups_rejected_total{iname=\"default\"}"))
                            .isZero();
                } finally {
                    link.dispose();
                }
                scrapeUntil(
                        uriA,
                        "A to see node-b gone",
                        t -> value(t, "nat64_peer_connected{direction=\"served\",iname=\"default\",peer=\"node-b\"}")
                                == 0);
            } finally {
                server.dispose();
                metricsA.dispose();
                metricsB.dispose();
            }
        }
    }

    private static URI serve(MetricsEndpoint m) {
        m.serve(new InetSocketAddress("127.0.0.1", 0)).block(TIMEOUT);
        InetSocketAddress at = m.address();
        assertThat(at).isNotNull();
        return URI.create("http://127.0.0.1:" + at.getPort() + "/metrics");
    }

    private String get(URI u) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private String scrapeUntil(URI u, String what, Predicate<String> ok) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = get(u);
            if (ok.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + what + " within " + TIMEOUT + " in:\n" + last);
    }

    /** The value of {@code series} (name and labels exactly as scraped), or NaN when absent. */
    private static double value(String text, String series) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
