package io.nat64.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Session synchronisation and failover between two NAT64 nodes, in the lab of {@code deploy/lab/sync-lab.sh}: an
 * IPv6-only client, nodes A and B (same pool6 and pool4, ss-enabled, each a daemon on a TUN device and a
 * {@code nat64 session proxy} on multicast 233.252.0.64 over a veth link), and an IPv4 server reachable through
 * either. Real traffic through A; what B holds is read with {@code nat64 session display --csv} in B's namespace.
 * Needs root; skipped loudly otherwise.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(240)
class SyncNetnsIT {
    private static final String SERVER = "64:ff9b::c000:208";
    private static final Duration STEP = Duration.ofSeconds(20);
    /** ss-flush-deadline (Jool's default, ms): a session reaches the peer within it. */
    private static final long FLUSH_DEADLINE_MILLIS = 2000;

    private static final int LINES = 300;

    private static @Nullable Lab lab;

    /** Asks 127.0.0.1:6401 every 10 ms for NET_RCVD_PKTS; prints "epoch-ms count" at start and on each change. */
    private static final String WATCHER =
            """
            import socket, sys, time
            out, end = open(sys.argv[1], "w"), time.time() + int(sys.argv[2]) / 1000
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.5)
            last = None
            while time.time() < end:
                s.sendto(b"\\n", ("127.0.0.1", 6401))
                try:
                    reply = s.recv(4096).decode()
                except socket.timeout:
                    continue
                n = int([l for l in reply.split("\\n") if l.startswith("NET_RCVD_PKTS,")][0].split(",")[1])
                if n != last:
                    last = n; out.write("%d %d\\n" % (int(time.time() * 1000), n)); out.flush()
                time.sleep(0.01)
            """;

    @BeforeAll
    static void up() throws Exception {
        Lab l = TwoNodes.up("SyncNetnsIT", "n64sy", Map.of());
        lab = l;
        l.script(Duration.ofSeconds(150), "up").check();
    }

    @AfterAll
    static void down() {
        Lab l = lab;
        if (l != null) {
            TwoNodes.down(l);
        }
    }

    private static Lab lab() {
        if (lab == null) {
            throw new IllegalStateException("the lab is not up");
        }
        return lab;
    }

    private static Lab.Result nat64(String node, String... args) {
        return TwoNodes.nat64(lab(), node, args);
    }

    /** The node's sessions of {@code protocol} as CSV rows without the "Expires in" column (it differs by nature). */
    private static TreeSet<String> sessions(String node, String protocol) {
        return TwoNodes.sessions(lab(), node, protocol);
    }

    private static TreeSet<String> allSessions(String node) {
        return TwoNodes.allSessions(lab(), node);
    }

    /** The six counters of a node's proxy stats server. */
    private static Map<String, Long> proxyStats(String node) throws IOException {
        Path empty = lab().state().resolve("empty-line.txt");
        Files.writeString(empty, "\n");
        Lab.Result r = lab().exec(node, STEP, empty, "socat", "-t", "2", "-", "UDP4:127.0.0.1:6401");
        assertThat(r.exit()).as(r.output()).isZero();
        Map<String, Long> out = new HashMap<>();
        for (String line : r.output().split("\n")) {
            String[] f = line.split(",");
            out.put(f[0], Long.parseLong(f[1].trim()));
        }
        assertThat(out.keySet())
                .containsExactlyInAnyOrder(
                        "KERNEL_SENT_PKTS",
                        "KERNEL_SENT_BYTES",
                        "NET_RCVD_PKTS",
                        "NET_RCVD_BYTES",
                        "NET_SENT_PKTS",
                        "NET_SENT_BYTES");
        return out;
    }

    /** Polls until B's sessions equal A's (and A has some); returns ms from {@code since} to B's first match. */
    private static long awaitSameOnB(long since, Duration timeout) throws InterruptedException {
        return TwoNodes.awaitSameOnB(lab(), since, timeout);
    }

    @Test
    @Order(1)
    void sessionsCreatedByRealTrafficThroughAAppearOnBWithTheSameAddressesPortsAndStateWithinTheFlushDeadline()
            throws Exception {
        // When do A's datagrams reach B? B's proxy counts them: a watcher in B's namespace asks its stats server
        // every 10 ms and writes down the wall-clock time of every change (a CLI display per poll is far too slow).
        Path arrivals = lab().state().resolve("arrivals.txt");
        lab().script(
                        STEP,
                        "bg",
                        "b",
                        "watch",
                        "python3",
                        "-c",
                        WATCHER,
                        arrivals.toString(),
                        Long.toString(FLUSH_DEADLINE_MILLIS + 6000))
                .check();
        Thread.sleep(1500); // the watcher's first line: the count before the traffic
        Lab.Result curl = lab().exec("client", STEP, "curl", "-sS", "--max-time", "10", "http://[" + SERVER + "]/");
        assertThat(curl.exit()).as(curl.output()).isZero();
        Path input = lab().state().resolve("udp-input.txt");
        Files.writeString(input, "hello-sync\n");
        Lab.Result udp = lab().exec("client", STEP, input, "socat", "-t", "1", "-", "UDP6:[" + SERVER + "]:7");
        assertThat(udp.output()).contains("hello-sync");
        long trafficDone = System.currentTimeMillis();
        Thread.sleep(FLUSH_DEADLINE_MILLIS + 1000);
        List<long[]> changes = new ArrayList<>();
        for (String line : Files.readAllLines(arrivals)) {
            String[] f = line.trim().split(" ");
            changes.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
        }
        assertThat(changes).as("the watcher's record").hasSizeGreaterThanOrEqualTo(2);
        long datagramsBefore = changes.get(0)[1];
        long seen = changes.get(changes.size() - 1)[1];
        long lastArrival = changes.get(changes.size() - 1)[0] - trafficDone;
        awaitSameOnB(trafficDone, Duration.ofSeconds(10));
        TreeSet<String> onB = allSessions("b");
        System.out.println("sessions on B (" + (seen - datagramsBefore) + " datagrams, the last " + lastArrival
                + " ms after the traffic ended):\n" + String.join("\n", onB));
        assertThat(onB).anyMatch(r -> r.startsWith("TCP,2001:db8::8,") && r.contains(",192.0.2.8,80,"));
        assertThat(onB).anyMatch(r -> r.startsWith("UDP,2001:db8::8,") && r.contains(",192.0.2.8,7"));
        assertThat(seen).as("datagrams from A").isGreaterThan(datagramsBefore);
        assertThat(lastArrival)
                .as("ms from the end of the traffic to B's last datagram")
                .isLessThanOrEqualTo(FLUSH_DEADLINE_MILLIS + 250);
    }

    @Test
    @Order(2)
    void theStatsServersCountersAgreeWithEachOther() throws Exception {
        Thread.sleep(FLUSH_DEADLINE_MILLIS + 500); // nothing in flight
        Map<String, Long> a = proxyStats("a");
        Map<String, Long> b = proxyStats("b");
        System.out.println("proxy stats A " + a + "\nproxy stats B " + b);
        assertThat(a.get("NET_SENT_PKTS")).isPositive();
        assertThat(b.get("NET_RCVD_PKTS")).isEqualTo(a.get("NET_SENT_PKTS"));
        assertThat(b.get("NET_RCVD_BYTES")).isEqualTo(a.get("NET_SENT_BYTES"));
        assertThat(a.get("NET_RCVD_PKTS")).isEqualTo(b.get("NET_SENT_PKTS"));
        assertThat(a.get("NET_RCVD_BYTES")).isEqualTo(b.get("NET_SENT_BYTES"));
        for (Map<String, Long> s : List.of(a, b)) {
            assertThat(s.get("KERNEL_SENT_PKTS")).isEqualTo(s.get("NET_SENT_PKTS"));
            assertThat(s.get("KERNEL_SENT_BYTES")).isEqualTo(s.get("NET_SENT_BYTES"));
        }
    }

    @Test
    @Order(3)
    void advertiseOnAFillsAFreshlyStartedB() throws Exception {
        lab().script(STEP, "stop", "b").check();
        lab().script(Duration.ofSeconds(90), "start", "b").check();
        assertThat(allSessions("b")).as("a fresh B knows nothing").isEmpty();
        TreeSet<String> onA = allSessions("a");
        assertThat(onA).hasSizeGreaterThanOrEqualTo(2);
        Thread.sleep(1000); // B's proxy opens its merge channel right after it says it runs
        long start = System.nanoTime();
        Lab.Result advertise = nat64("a", "session", "advertise");
        assertThat(advertise.exit()).as(advertise.output()).isZero();
        long millis = awaitSameOnB(start, Duration.ofSeconds(15));
        System.out.println("advertise: B has A's " + onA.size() + " sessions " + millis + " ms after the command");
    }

    @Test
    @Order(4)
    void aLongTcpConnectionSurvivesTheDeathOfAsDaemonThroughBWithNoResetAndNoLostLine() throws Exception {
        TwoNodes.streamSurvivesFailoverToB(lab(), SERVER, LINES);
        assertThat(sessions("b", "tcp")).anyMatch(r -> r.contains(",5000,"));
    }
}
