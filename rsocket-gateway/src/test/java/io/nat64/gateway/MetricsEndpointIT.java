package io.nat64.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.config.GlobalKey;
import io.nat64.core.dataplane.DataPlaneStat;
import io.nat64.core.instance.InstanceConfig;
import io.nat64.gateway.metrics.MetricsEndpoint;
import io.nat64.streams.session.SessionFollow;
import io.nat64.streams.sync.SyncCounter;
import io.nat64.streams.sync.SyncStats;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The Prometheus endpoint over real HTTP on a loopback port chosen by the system: the counters move with packets
 * pushed through the instance, sync and follow counters show, instances added and removed gain and lose their
 * series.
 */
@Timeout(60)
class MetricsEndpointIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final GatewayFixture f = new GatewayFixture();
    private final SyncStats sync = new SyncStats();
    private final MetricsEndpoint metrics = MetricsEndpoint.create()
            .bindInstances(
                    f.registry, i -> Map.of(DataPlaneStat.RX_PACKETS, 42L), f.gateway.follows(), Duration.ofMillis(50))
            .bindSync("default", sync);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;

    MetricsEndpointIT() {
        metrics.serve(new InetSocketAddress("127.0.0.1", 0)).block(WAIT);
        InetSocketAddress at = metrics.address();
        assertThat(at).isNotNull();
        uri = URI.create("http://127.0.0.1:" + at.getPort() + "/metrics");
    }

    @AfterEach
    void close() {
        metrics.dispose();
        f.close();
    }

    private HttpResponse<String> get(URI u) throws Exception {
        return http.send(
                HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Scrapes until the text satisfies {@code ok}; fails with the last scrape. */
    private String scrapeUntil(String what, Predicate<String> ok) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(uri);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
            last = r.body();
            if (ok.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + what + " within " + WAIT + " in:\n" + last);
    }

    @Test
    void sessionsAndTranslatedPacketsShowAfterTrafficGoesThrough() throws Exception {
        scrapeUntil(
                "pool4 size",
                s -> s.contains("nat64_pool4_transport_addresses{iname=\"default\",protocol=\"udp\"} 4535.0"));
        f.udp(1, 5000);
        f.udp(2, 5001);
        String text = scrapeUntil(
                "two UDP sessions", s -> s.contains("nat64_sessions{iname=\"default\",protocol=\"udp\"} 2.0"));
        assertThat(text)
                .contains("nat64_packets_translated_total{iname=\"default\"} 2.0")
                .contains("nat64_packets_received_total{family=\"ipv6\",iname=\"default\"} 2.0")
                .contains("nat64_bib_entries{iname=\"default\",protocol=\"udp\"} 2.0")
                .contains("nat64_sessions{iname=\"default\",protocol=\"tcp\"} 0.0")
                .contains("nat64_packets_dropped_total{iname=\"default\",reason=\"JSTAT_BIB4_NOT_FOUND\"} 0.0")
                .contains("nat64_dataplane_rx_packets_total{iname=\"default\"} 42.0")
                .contains("# HELP nat64_packets_translated_total");
    }

    /**
     * One scrape shows one snapshot of each instance: while sessions are being made (one BIB entry each) and
     * snapshots replace each other every millisecond, no scrape shows a session count that differs from its BIB
     * count (a scrape that read the BIB gauge from one snapshot and the sessions gauge from the next would).
     */
    @Test
    void everyScrapeShowsOneSnapshotOfTheInstance() throws Exception {
        MetricsEndpoint fast = MetricsEndpoint.create()
                .bindInstances(f.registry, i -> Map.of(), f.gateway.follows(), Duration.ofMillis(1));
        Disposable traffic = Flux.range(0, 4000)
                .concatMap(k -> f.instance.receive(io.nat64.core.instance.TestPackets.udp6(
                        io.nat64.core.addr.Ipv6Address.parse("2001:db8::1"),
                        10000 + k,
                        GatewayFixture.embed("198.51.100.7"),
                        80,
                        new byte[] {'h', 'i'})))
                .subscribe();
        try {
            Pattern sessions = Pattern.compile("nat64_sessions\\{iname=\"default\",protocol=\"udp\"} (\\S+)");
            Pattern bib = Pattern.compile("nat64_bib_entries\\{iname=\"default\",protocol=\"udp\"} (\\S+)");
            Set<String> seen = new HashSet<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!traffic.isDisposed() && System.nanoTime() < deadline) {
                String text = fast.scrape();
                Matcher s = sessions.matcher(text);
                Matcher b = bib.matcher(text);
                if (!s.find() || !b.find()) {
                    continue; // not bound yet: the binder registers the meters at its first tick
                }
                assertThat(b.group(1))
                        .as("BIB entries beside sessions %s", s.group(1))
                        .isEqualTo(s.group(1));
                seen.add(s.group(1));
            }
            assertThat(seen).as("distinct session counts scraped").hasSizeGreaterThan(5);
        } finally {
            traffic.dispose();
            fast.dispose();
        }
    }

    @Test
    void anUnsolicitedIpv4PacketCountsAsADropWithJoolsReason() throws Exception {
        f.instance
                .receive(io.nat64.core.instance.TestPackets.udp4(
                        io.nat64.core.addr.Ipv4Address.parse("198.51.100.9"),
                        80,
                        io.nat64.core.addr.Ipv4Address.parse("192.0.2.1"),
                        61500,
                        new byte[] {1}))
                .block(WAIT);
        scrapeUntil(
                "a BIB4_NOT_FOUND drop",
                s -> s.contains("nat64_packets_dropped_total{iname=\"default\",reason=\"JSTAT_BIB4_NOT_FOUND\"} 1.0"));
    }

    @Test
    void syncCountersAreExportedWithTheirLabels() throws Exception {
        sync.add(SyncCounter.PKT_SENT, 7);
        sync.inc(SyncCounter.PKT_LOST);
        sync.inc(SyncCounter.REJECTED_BAD_CHECKSUM);
        sync.add(SyncCounter.MERGE_ADDED, 3);
        String text =
                scrapeUntil("sync counters", s -> s.contains("nat64_sync_datagrams_sent_total{iname=\"default\"} 7.0"));
        assertThat(text)
                .contains("nat64_sync_datagrams_lost_total{iname=\"default\"} 1.0")
                .contains("nat64_sync_datagrams_rejected_total{iname=\"default\",reason=\"bad_checksum\"} 1.0")
                .contains("nat64_sync_merges_total{iname=\"default\",result=\"added\"} 3.0")
                .contains("nat64_sync_sessions_total{event=\"enospc\",iname=\"default\"} 0.0");
    }

    @Test
    void followSubscribersAreCountedWhileTheyFollow() throws Exception {
        f.instance.updateGlobal(GlobalKey.SS_ENABLED, "true").block(WAIT);
        SessionFollow follow = SessionFollow.of(f.instance);
        Disposable d = f.gateway
                .follows()
                .track("default", follow.stats(), follow.mutations())
                .subscribe();
        try {
            scrapeUntil("one follower", s -> s.contains("nat64_follow_subscribers{iname=\"default\"} 1.0"));
        } finally {
            d.dispose();
        }
        scrapeUntil("no follower", s -> s.contains("nat64_follow_subscribers{iname=\"default\"} 0.0"));
    }

    @Test
    void anInstanceAddedLaterGetsItsSeriesAndLosesThemWhenRemoved() throws Exception {
        f.registry.add(new InstanceConfig(
                "blue", io.nat64.core.addr.Ipv6Prefix.parse("2001:db8:46::/96"), null, f.instance.globals()));
        scrapeUntil("blue's series", s -> s.contains("nat64_sessions{iname=\"blue\",protocol=\"tcp\"} 0.0"));
        f.registry.remove("blue").block(WAIT);
        scrapeUntil("blue gone", s -> !s.contains("iname=\"blue\"") && s.contains("iname=\"default\""));
    }

    @Test
    void otherPathsAre404AndTheRootSaysWhereTheMetricsAre() throws Exception {
        assertThat(get(uri.resolve("/nope")).statusCode()).isEqualTo(404);
        HttpResponse<String> root = get(uri.resolve("/"));
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).contains("/metrics");
    }
}
