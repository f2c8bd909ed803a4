package io.nat64.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;

/**
 * What the two-node tests of {@code deploy/lab/sync-lab.sh} ({@link SyncNetnsIT} over multicast, {@link PeerNetnsIT}
 * over RSocket peers) read and do alike: the CLI in a node's namespace, its session table, B catching up with A, and
 * the failover of a long TCP stream from A to B.
 *
 * <p>Threading: the test thread.
 */
final class TwoNodes {
    static final Duration STEP = Duration.ofSeconds(20);

    private TwoNodes() {}

    /**
     * Brings the two-node lab up for {@code test} (namespaces prefixed {@code stem}, {@code env} given to the
     * script), or aborts the test class, loudly, when this machine cannot run it (not root, no TUN, a tool missing).
     */
    static Lab up(String test, String stem, Map<String, String> env) throws IOException {
        String why = Lab.whyNotRunnable();
        if (why != null) {
            System.err.println("SKIPPED (" + why + "): " + test + " needs root, /dev/net/tun, iproute2, curl, socat and"
                    + " python3");
            Assumptions.abort("SKIPPED (" + why + "): " + test + " needs root and the lab's tools");
        }
        Lab lab = Lab.create("sync-lab.sh", stem);
        for (Map.Entry<String, String> e : env.entrySet()) {
            lab = lab.with(e.getKey(), e.getValue());
        }
        System.out.println(test + ": lab " + lab.prefix() + ", state in " + lab.state());
        return lab;
    }

    /** Takes the lab down, prints the proxies' and B's daemon's logs, and checks B's proxy stopped cleanly. */
    static void down(Lab lab) {
        Map<String, String> logs = lab.downWithFiles("proxy-a.log", "proxy-b.log", "daemon-b.log");
        logs.forEach((name, log) -> System.out.println("== " + name + "\n" + log));
        assertThat(logs.get("proxy-b.log"))
                .as("B's proxy stopped cleanly on SIGTERM")
                .contains("nat64 session proxy: stopped");
        assertThat(Lab.netnsList()).doesNotContain(lab.prefix());
    }

    /** Runs the {@code nat64} CLI with {@code args} in {@code node}'s namespace. */
    static Lab.Result nat64(Lab lab, String node, String... args) {
        List<String> all = new ArrayList<>(
                List.of("java", "-cp", Path.of("target", "lib").toAbsolutePath() + "/*", "io.nat64.cli.Main"));
        all.addAll(List.of(args));
        return lab.exec(node, STEP, all.toArray(new String[0]));
    }

    /** The node's sessions of {@code protocol} as CSV rows without the "Expires in" column (it differs by nature). */
    static TreeSet<String> sessions(Lab lab, String node, String protocol) {
        Lab.Result r = nat64(lab, node, "session", "display", "--numeric", "--csv", "--no-headers", "--" + protocol);
        assertThat(r.exit()).as(r.output()).isZero();
        TreeSet<String> rows = new TreeSet<>();
        for (String line : r.output().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = new ArrayList<>(List.of(line.split(",", -1)));
            f.remove(9); // Expires in
            rows.add(String.join(",", f));
        }
        return rows;
    }

    /** The node's TCP, UDP and ICMP sessions, as {@link #sessions}. */
    static TreeSet<String> allSessions(Lab lab, String node) {
        TreeSet<String> all = sessions(lab, node, "tcp");
        all.addAll(sessions(lab, node, "udp"));
        all.addAll(sessions(lab, node, "icmp"));
        return all;
    }

    /** Polls until B's sessions equal A's (and A has some); returns ms from {@code since} to B's first match. */
    static long awaitSameOnB(Lab lab, long since, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        TreeSet<String> onA = allSessions(lab, "a");
        assertThat(onA).isNotEmpty();
        while (true) {
            long before = System.nanoTime();
            TreeSet<String> onB = allSessions(lab, "b");
            if (onB.equals(onA)) {
                return (before - since) / 1_000_000;
            }
            if (System.nanoTime() > deadline) {
                assertThat(onB).as("B's sessions, vs A's, after " + timeout).isEqualTo(onA);
            }
            Thread.sleep(100);
            onA = allSessions(lab, "a");
        }
    }

    /**
     * Streams {@code lines} numbered lines from the client to the server ({@code server}, port 5000) through A; once B
     * holds the connection as ESTABLISHED, kills A's daemon and moves the routes to B; checks that every line arrived
     * in order with no reset.
     */
    static void streamSurvivesFailoverToB(Lab lab, String server, int lines) throws Exception {
        Path received = lab.state().resolve("lines.txt");
        lab.script(
                        STEP,
                        "bg",
                        "server",
                        "lines",
                        "socat",
                        "-u",
                        "TCP4-LISTEN:5000,bind=192.0.2.8,reuseaddr",
                        "OPEN:" + received + ",creat,trunc")
                .check();
        Thread.sleep(500);
        lab.script(
                        STEP,
                        "bg",
                        "client",
                        "sender",
                        "socat",
                        "-u",
                        "SYSTEM:for i in $(seq 1 " + lines + "); do echo $i; sleep 0.04; done",
                        "TCP6:[" + server + "]:5000")
                .check();
        // Wait until B holds the connection as ESTABLISHED (synced from A), and some lines went through A.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (sessions(lab, "b", "tcp").stream().noneMatch(r -> r.contains(",5000,") && r.endsWith(",ESTABLISHED"))) {
            assertThat(System.nanoTime()).as("the stream's session on B").isLessThan(deadline);
            Thread.sleep(100);
        }
        int before = lines(received).size();
        System.out.println("failover: " + before + " lines through A; killing A's daemon");
        lab.script(STEP, "kill-daemon", "a").check();
        lab.script(STEP, "failover").check();
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (lines(received).size() < lines && System.nanoTime() < end) {
            Thread.sleep(200);
        }
        List<String> got = lines(received);
        System.out.println("failover: " + got.size() + " lines in all (" + (got.size() - before)
                + " through B); sender said: " + lab.file("sender.log").trim());
        List<String> expected =
                IntStream.rangeClosed(1, lines).mapToObj(Integer::toString).collect(Collectors.toList());
        assertThat(before).as("some lines went through A first").isPositive().isLessThan(lines);
        assertThat(got).as("every line, in order, nothing lost").isEqualTo(expected);
        assertThat(lab.file("sender.log")).as("no reset, no error").doesNotContain("E ");
    }

    private static List<String> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file);
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        out.remove(out.size() - 1); // after the last newline (or an incomplete line)
        return out;
    }
}
