package io.nat64.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.config.Globals;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.InstanceConfig;
import io.nat64.core.instance.InstanceRegistry;
import io.nat64.gateway.FollowTally;
import io.nat64.gateway.metrics.MetricsEndpoint;
import io.nat64.gateway.peer.InstanceFeed;
import io.nat64.gateway.peer.PeerClient;
import io.nat64.gateway.peer.PeerClientOptions;
import io.nat64.gateway.peer.PeerSecret;
import io.nat64.gateway.peer.PeerServer;
import io.nat64.gateway.peer.PeerServerOptions;
import io.nat64.gateway.peer.PeerStats;
import io.nat64.streams.sync.SyncStats;
import io.nat64.streams.sync.net.ProxyStats;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

/**
 * {@code deploy/grafana/nat64.json} against what the metrics endpoint exports: every metric a panel queries, and every
 * label it groups by, exists in a scrape of an endpoint bound as the daemon binds it plus what a session proxy binds
 * (sync, proxy and peer counters, with a real peer link on loopback). So a renamed metric breaks the build, not the dashboard.
 */
@Timeout(60)
class GrafanaDashboardTest {
    private static final Pattern METRIC = Pattern.compile("\\bnat64_[a-z0-9_]+");
    private static final Pattern BY = Pattern.compile("\\bby \\(([^)]*)\\)");
    private static final Pattern SELECTOR_LABEL = Pattern.compile("[{,]\\s*([a-z_]+)\\s*=~?");
    /** Labels Prometheus adds to every scraped series itself. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    private static final Set<String> series = new TreeSet<>();
    private static final Set<String> labels = new TreeSet<>();
    private static JsonNode dashboard;

    @BeforeAll
    static void scrapeAnEndpointAndReadTheDashboard() throws Exception {
        dashboard = new ObjectMapper().readTree(Path.of("grafana", "nat64.json").toFile());
        InstanceRegistry registry = new InstanceRegistry();
        Instance instance =
                registry.add(new InstanceConfig("default", Ipv6Prefix.parse("64:ff9b::/96"), null, Globals.defaults()));
        PeerStats peers = PeerStats.create();
        MetricsEndpoint metrics = MetricsEndpoint.create()
                .bindInstances(registry, i -> Map.of(), new FollowTally(), Duration.ofMillis(20))
                .bindSync("default", new SyncStats())
                .bindProxy("default", () -> ProxyStats.ZERO)
                .bindPeers("default", peers);
        // A peer link on loopback, both ends counted by this endpoint, so that the per-link series exist.
        PeerSecret secret = PeerSecret.of("the test", "0123456789abcdef0123456789abcdef");
        PeerServer server = PeerServer.start(
                        PeerServerOptions.of(new InetSocketAddress("127.0.0.1", 0), secret, null),
                        InstanceFeed.of(instance, 1, 256, Duration.ofMillis(20)),
                        peers)
                .block(Duration.ofSeconds(20));
        PeerClient client = PeerClient.connect(
                PeerClientOptions.of(server.address(), secret, null, 2, "node-b"), datagram -> Mono.empty(), peers);
        try {
            // Meters appear as the binder's first tick registers them: wait until three scrapes in a row agree.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String text = metrics.scrape();
            int stable = 0;
            while (stable < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                String next = metrics.scrape();
                boolean same = samples(next) == samples(text)
                        && next.contains("nat64_follow_updates_dropped_total{")
                        && next.contains("nat64_peer_connected{direction=\"subscribed\"")
                        && next.contains("nat64_peer_connected{direction=\"served\"");
                stable = same ? stable + 1 : 0;
                text = next;
            }
            for (String line : text.split("\n")) {
                if (line.startsWith("nat64_")) {
                    int brace = line.indexOf('{');
                    series.add(line.substring(0, brace < 0 ? line.indexOf(' ') : brace));
                    Matcher m = Pattern.compile("([a-z_]+)=\"").matcher(brace < 0 ? "" : line.substring(brace));
                    while (m.find()) {
                        labels.add(m.group(1));
                    }
                }
            }
        } finally {
            client.dispose();
            server.dispose();
            metrics.dispose();
            registry.close();
        }
        assertThat(series).as("the endpoint exported nothing of nat64").isNotEmpty();
    }

    private static long samples(String text) {
        return text.lines().filter(l -> l.startsWith("nat64_")).count();
    }

    @AfterAll
    static void show() {
        System.out.println("GrafanaDashboardTest: " + series.size() + " exported nat64 metrics, labels " + labels);
    }

    /** Every PromQL expression of the dashboard: panel targets and template variable queries. */
    private static List<String> expressions() {
        List<String> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                out.add(target.path("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode q = variable.path("query");
            if (q.isObject()) {
                out.add(q.path("query").asText());
            }
        }
        return out;
    }

    @Test
    void theDashboardHasThePanelsOperationsDocumentsAndEveryTargetHasAQuery() {
        List<String> titles = new ArrayList<>();
        dashboard.path("panels").forEach(p -> titles.add(p.path("title").asText()));
        assertThat(titles)
                .contains(
                        "Sessions per protocol",
                        "Packet rates",
                        "Drops by reason",
                        "Replication lag",
                        "Replication loss",
                        "Proxy traffic",
                        "Peer links");
        for (JsonNode panel : dashboard.path("panels")) {
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("targets"))
                        .as(panel.path("title").asText())
                        .isNotEmpty();
            }
        }
        assertThat(expressions()).allSatisfy(e -> assertThat(e).isNotBlank());
    }

    @Test
    void everyMetricTheDashboardQueriesIsOneTheEndpointExports() {
        Set<String> queried = new TreeSet<>();
        for (String e : expressions()) {
            Matcher m = METRIC.matcher(e);
            while (m.find()) {
                queried.add(m.group());
            }
        }
        assertThat(queried).isNotEmpty();
        assertThat(series).as("exported metrics").containsAll(queried);
    }

    @Test
    void everyLabelTheDashboardGroupsOrFiltersByIsExportedOrAddedByPrometheus() {
        Set<String> used = new TreeSet<>();
        for (String e : expressions()) {
            Matcher by = BY.matcher(e);
            while (by.find()) {
                for (String l : by.group(1).split(",")) {
                    used.add(l.trim());
                }
            }
            Matcher sel = SELECTOR_LABEL.matcher(e);
            while (sel.find()) {
                used.add(sel.group(1));
            }
        }
        used.removeAll(TARGET_LABELS);
        assertThat(labels).as("exported labels").containsAll(used);
    }
}
