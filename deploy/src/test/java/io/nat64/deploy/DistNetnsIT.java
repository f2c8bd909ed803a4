package io.nat64.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The built distribution as an operator installs it: {@code target/nat64-VERSION.tar.gz} unpacked into a temporary
 * prefix, and the lab run through that prefix's {@code bin/nat64} only (its {@code nat64-daemon} starts the daemon
 * and runs the printed ip commands; no {@code java -jar}, no Maven class path). Real traffic (curl, ping -6, UDP)
 * goes through, and the Prometheus endpoint, scraped inside the nat64 namespace, shows the counters move. Needs
 * root; skipped loudly otherwise.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class DistNetnsIT {
    private static final String SERVER = "64:ff9b::c000:208";
    private static final String PAGE = "hello from the IPv4 server 192.0.2.8";
    private static final String METRICS = "http://127.0.0.1:9464/metrics";
    private static final Duration STEP = Duration.ofSeconds(20);
    private static final String CONFIG =
            """
            instances:
              - name: default
                pool6: "64:ff9b::/96"
                tun: nat64
                pool4:
                  - prefix: 192.0.2.1
            metrics: "127.0.0.1:9464"
            """;

    private static @Nullable Lab lab;
    private static @Nullable Path prefix;
    private static @Nullable Path bin;

    @BeforeAll
    static void unpackAndUp() throws Exception {
        String why = Lab.whyNotRunnable();
        if (why == null && onPathMissing("tar")) {
            why = "no tar";
        }
        String dist = System.getProperty("nat64.dist", "");
        if (why == null && (dist.isEmpty() || !Files.isRegularFile(Path.of(dist)))) {
            why = "no distribution tarball '" + dist + "' (mvn package builds it)";
        }
        if (why != null) {
            System.err.println("SKIPPED (" + why + "): DistNetnsIT needs root, /dev/net/tun, the lab's tools and the"
                    + " built distribution");
            Assumptions.abort("SKIPPED (" + why + ")");
        }
        Path p = Files.createTempDirectory("nat64-dist-prefix");
        prefix = p;
        run(p, Duration.ofSeconds(60), "tar", "xzf", dist, "-C", p.toString(), "--strip-components=1");
        Path b = p.resolve("bin").resolve("nat64");
        assertThat(b).isExecutable();
        assertThat(p.resolve("bin").resolve("nat64-daemon")).isExecutable();
        bin = b;
        Lab l = Lab.create().withLauncher(b);
        lab = l;
        System.out.println("DistNetnsIT: prefix " + p + ", lab " + l.prefix() + ", state in " + l.state());
        l.up(CONFIG, "--stats-interval 200");
    }

    @AfterAll
    static void down() {
        Lab l = lab;
        if (l != null) {
            assertThat(l.down()).as("the daemon stopped cleanly on SIGTERM").contains("nat64 daemon: stopped");
            assertThat(Lab.netnsList()).doesNotContain(l.prefix());
        }
        Path p = prefix;
        if (p != null) {
            try (var files = Files.walk(p)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                System.err.println("cannot delete " + p + ": " + e.getMessage());
            }
        }
    }

    private static Lab lab() {
        if (lab == null) {
            throw new IllegalStateException("the lab is not up");
        }
        return lab;
    }

    private static Path bin() {
        if (bin == null) {
            throw new IllegalStateException("not unpacked");
        }
        return bin;
    }

    @Test
    @Order(1)
    void theUnpackedLauncherRunsFromAnyDirectoryAndKnowsItsVersion() throws Exception {
        String out = run(Path.of("/"), STEP, bin().toString(), "--version");
        assertThat(out.trim()).isEqualTo("nat64 " + System.getProperty("nat64.version"));
    }

    @Test
    @Order(2)
    void nat64DaemonRanThePrintedCommandsItself() {
        assertThat(lab().daemonLog())
                .contains("nat64 daemon: metrics on http://127.0.0.1:9464/metrics")
                .contains("nat64-daemon: applied 4 commands, 0 failed");
    }

    @Test
    @Order(3)
    void realTrafficMovesTheSessionAndPacketCountersOfTheMetricsEndpoint() throws Exception {
        Map<String, Double> before = scrape();
        double translated0 = before.getOrDefault("nat64_packets_translated_total{iname=\"default\"}", -1.0);
        assertThat(translated0)
                .as("the endpoint exports packets translated before any traffic")
                .isGreaterThanOrEqualTo(0);
        for (int k = 0; k < 3; k++) {
            Lab.Result r = lab().exec("client", STEP, "curl", "-sS", "--max-time", "10", "http://[" + SERVER + "]/");
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(r.output()).contains(PAGE);
        }
        lab().exec("client", STEP, "ping", "-6", "-c", "3", "-i", "0.3", "-W", "2", SERVER)
                .check();
        Path input = lab().state().resolve("udp.txt");
        Files.writeString(input, "hello-udp\n");
        Lab.Result udp = lab().exec("client", STEP, input, "socat", "-t", "3", "-", "UDP6:[" + SERVER + "]:7");
        assertThat(udp.output()).contains("hello-udp");

        Map<String, Double> after = scrapeUntil(
                "sessions of all three protocols",
                m -> value(m, "nat64_sessions{iname=\"default\",protocol=\"tcp\"}") >= 1
                        && value(m, "nat64_sessions{iname=\"default\",protocol=\"icmp\"}") >= 1
                        && value(m, "nat64_sessions{iname=\"default\",protocol=\"udp\"}") >= 1
                        && value(m, "nat64_packets_translated_total{iname=\"default\"}") >= translated0 + 3 * 6 + 6);
        System.out.println("DistNetnsIT: translated " + translated0 + " -> "
                + after.get("nat64_packets_translated_total{iname=\"default\"}") + ", sessions tcp "
                + after.get("nat64_sessions{iname=\"default\",protocol=\"tcp\"}") + ", received ipv6 "
                + after.get("nat64_packets_received_total{family=\"ipv6\",iname=\"default\"}") + ", tun rx "
                + after.get("nat64_dataplane_rx_packets_total{iname=\"default\"}"));
        assertThat(value(after, "nat64_packets_received_total{family=\"ipv6\",iname=\"default\"}"))
                .isGreaterThan(value(before, "nat64_packets_received_total{family=\"ipv6\",iname=\"default\"}"));
        assertThat(value(after, "nat64_bib_entries{iname=\"default\",protocol=\"tcp\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(after, "nat64_dataplane_tx_packets_total{iname=\"default\"}"))
                .isGreaterThan(value(before, "nat64_dataplane_tx_packets_total{iname=\"default\"}"));
        assertThat(value(after, "nat64_pool4_transport_addresses{iname=\"default\",protocol=\"tcp\"}"))
                .isEqualTo(4535);
    }

    @Test
    @Order(4)
    void theUnpackedCliReachesTheDaemonAndShowsTheCurlSession() {
        Lab.Result r = lab().exec("nat", STEP, bin().toString(), "session", "display", "--numeric", "--csv");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).containsPattern("TCP,2001:db8::8,[0-9]+,64:ff9b::c000:208,80,192\\.0\\.2\\.1,");
    }

    private static double value(Map<String, Double> metrics, String series) {
        return metrics.getOrDefault(series, -1.0);
    }

    /** One scrape from inside the nat64 namespace, as series ({@code name{labels}}) to values. */
    private static Map<String, Double> scrape() {
        Lab.Result r = lab().exec("nat", STEP, "curl", "-sS", "--max-time", "5", METRICS);
        assertThat(r.exit())
                .as("scrape: %s\ndaemon log:\n%s", r.output(), lab().daemonLog())
                .isZero();
        Map<String, Double> out = new HashMap<>();
        for (String line : r.output().split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            try {
                out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            } catch (RuntimeException e) {
                throw new AssertionError("not a Prometheus sample line: '" + line + "'", e);
            }
        }
        return out;
    }

    private static Map<String, Double> scrapeUntil(String what, Predicate<Map<String, Double>> ok)
            throws InterruptedException {
        long deadline = System.nanoTime() + STEP.toNanos();
        Map<String, Double> last = scrape();
        while (!ok.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the metrics never showed " + what + ": " + last);
            }
            Thread.sleep(200);
            last = scrape();
        }
        return last;
    }

    private static boolean onPathMissing(String tool) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return false;
            }
        }
        return true;
    }

    /** Runs a command in {@code dir} to completion; fails on a non-zero exit; returns its merged output. */
    static String run(Path dir, Duration timeout, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
        }
        String text = new String(out, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s:\n%s", String.join(" ", command), text).isZero();
        return text;
    }
}
