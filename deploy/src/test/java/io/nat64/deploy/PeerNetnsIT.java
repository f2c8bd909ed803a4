package io.nat64.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Peer replication over RSocket between two NAT64 nodes on a link without multicast, in the lab of
 * {@code deploy/lab/sync-lab.sh} with {@code SYNC_MODE=peers}: each node's {@code nat64 session proxy} listens on
 * its sync address ({@code --net.listen}) and subscribes to the other's ({@code --net.peer}), with a shared
 * secret file. Real traffic through A; what B holds is read with {@code nat64 session display --csv} in B's
 * namespace. Needs root; skipped loudly otherwise.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class PeerNetnsIT {
    private static final String SERVER = "64:ff9b::c000:208";
    private static final Duration STEP = Duration.ofSeconds(20);
    private static final int LINES = 300;

    /**
     * An RSocket SETUP frame (over TCP: 3-byte length first) with no metadata at all, so no secret: prints the
     * peer's answer frame's type and error code, then its message.
     */
    private static final String NO_SECRET =
            """
            import socket, struct, sys
            meta, data = b"message/x.rsocket.composite-metadata.v0", b"application/x.nat64.sync.v1"
            body = struct.pack(">IHHHII", 0, 0x01 << 10, 1, 0, 1000, 10000)
            body += bytes([len(meta)]) + meta + bytes([len(data)]) + data + b"intruder"
            s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5)
            s.sendall(len(body).to_bytes(3, "big") + body)
            reply = b""
            while len(reply) < 3 or len(reply) < 3 + int.from_bytes(reply[:3], "big"):
                chunk = s.recv(4096)
                if not chunk:
                    break
                reply += chunk
            frame = reply[3:]
            kind = struct.unpack(">H", frame[4:6])[0] >> 10
            code = struct.unpack(">I", frame[6:10])[0]
            print("type %d code %d %s" % (kind, code, frame[10:].decode("utf-8", "replace")))
            """;

    private static @Nullable Lab lab;

    @BeforeAll
    static void up() throws Exception {
        Lab l = TwoNodes.up("PeerNetnsIT", "n64pe", Map.of("SYNC_MODE", "peers"));
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

    /** Polls until B's sessions equal A's (and A has some); returns ms from {@code since} to B's first match. */
    private static long awaitSameOnB(long since, Duration timeout) throws InterruptedException {
        return TwoNodes.awaitSameOnB(lab(), since, timeout);
    }

    /** One UDP exchange with the echo server from the client's source port {@code port}: one new session. */
    private static void udp(int port, String text) throws IOException {
        Path input = lab().state().resolve("udp-" + port + ".txt");
        Files.writeString(input, text + "\n");
        Lab.Result r = lab().exec(
                        "client", STEP, input, "socat", "-t", "1", "-", "UDP6:[" + SERVER + "]:7,sourceport=" + port);
        assertThat(r.output()).contains(text);
    }

    @Test
    @Order(1)
    void sessionsMadeByRealTrafficThroughAAppearOnBOverALinkWithoutMulticast() throws Exception {
        for (String node : List.of("a", "b")) {
            Lab.Result route = lab().exec(node, STEP, "ip", "route", "get", "233.252.0.64");
            assertThat(route.exit())
                    .as("no multicast route on " + node + ": " + route.output())
                    .isNotZero();
            Lab.Result link = lab().exec(node, STEP, "ip", "link", "show", "sy");
            assertThat(link.output()).as("the sync link").doesNotContain("MULTICAST");
        }
        Lab.Result curl = lab().exec("client", STEP, "curl", "-sS", "--max-time", "10", "http://[" + SERVER + "]/");
        assertThat(curl.exit()).as(curl.output()).isZero();
        udp(30000, "hello-peer");
        long done = System.nanoTime();
        long millis = awaitSameOnB(done, Duration.ofSeconds(15));
        TreeSet<String> onB = allSessions("b");
        System.out.println("sessions on B " + millis + " ms after the traffic:\n" + String.join("\n", onB));
        assertThat(onB).anyMatch(r -> r.startsWith("TCP,2001:db8::8,") && r.contains(",192.0.2.8,80,"));
        assertThat(onB).anyMatch(r -> r.startsWith("UDP,2001:db8::8,30000,") && r.contains(",192.0.2.8,7"));
        assertThat(lab().file("proxy-b.log")).contains("peer from 192.0.2.253:6402: connected");
        assertThat(lab().file("proxy-a.log")).contains("peer to default@").contains(": connected,");
    }

    @Test
    @Order(2)
    void aThreeSecondCutOfTheLinkWhileTrafficContinuesLeavesBsTableEqualToAs() throws Exception {
        // 40 new UDP sessions, one every 200 ms or so, from ports 31001 up: some before, many during, some after the
        // cut
        lab().script(
                        STEP,
                        "bg",
                        "client",
                        "traffic",
                        "bash",
                        "-c",
                        "for i in $(seq 1 40); do echo x | socat -t 0.1 - UDP6:[" + SERVER
                                + "]:7,sourceport=$((31000+i))" + " >/dev/null; sleep 0.1; done; echo traffic done")
                .check();
        Thread.sleep(1500);
        lab().script(STEP, "link", "down").check();
        Thread.sleep(3000);
        lab().script(STEP, "link", "up").check();
        long linkUp = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!lab().file("traffic.log").contains("traffic done")) {
            assertThat(System.nanoTime()).as("the traffic ends").isLessThan(deadline);
            Thread.sleep(200);
        }
        long millis = awaitSameOnB(linkUp, Duration.ofSeconds(40));
        long during = allSessions("b").stream()
                .filter(r -> r.startsWith("UDP,2001:db8::8,310"))
                .count();
        System.out.println("link cut: B equals A " + millis + " ms after the link came back; " + during
                + " sessions of the traffic on B");
        assertThat(during).as("the traffic's sessions on B").isEqualTo(40);
    }

    @Test
    @Order(3)
    void bsDaemonAndProxyRestartedRefillFromAWithNoAdvertise() throws Exception {
        TreeSet<String> onA = allSessions("a");
        lab().script(STEP, "stop", "b").check();
        long start = System.nanoTime();
        lab().script(Duration.ofSeconds(90), "start", "b").check();
        long millis = awaitSameOnB(start, Duration.ofSeconds(30));
        System.out.println("restart: B holds A's " + onA.size() + " sessions " + millis
                + " ms after its daemon started, with no advertise");
        assertThat(lab().file("proxy-b.log")).contains("peer from 192.0.2.253:6402: connected");
        for (String proxy : new String[] {"proxy-a.log", "proxy-b.log"}) {
            // A's link to B meets B's "unknown resume token": one INFO line, not Reactor's ERROR with a trace
            assertThat(lab().file(proxy))
                    .doesNotContain("onErrorDropped")
                    .doesNotContain("ErrorCallbackNotImplemented");
        }
    }

    @Test
    @Order(4)
    void aSubscriberWithAWrongOrMissingSecretIsRefusedAndChangesNothing() throws Exception {
        lab().script(STEP, "stop", "b").check();
        Path wrong = lab().state().resolve("wrong.secret");
        Files.writeString(wrong, "not-the-lab-secret-0123456789abcdef\n", StandardCharsets.UTF_8);
        lab().script(Duration.ofSeconds(90), "start", "b", wrong.toString()).check();
        TreeSet<String> onA = allSessions("a");
        udp(32000, "while-b-is-refused");
        Thread.sleep(4000);
        assertThat(allSessions("b")).as("B merged nothing").isEmpty();
        assertThat(allSessions("a"))
                .as("A lost nothing and gained only its own traffic")
                .containsAll(onA);
        assertThat(lab().file("proxy-a.log")).contains("refused a subscriber").contains("presented a wrong secret");
        assertThat(lab().file("proxy-b.log")).contains("192.0.2.253:6402 refused this node");

        // No secret at all: a hand-made SETUP without metadata is refused with REJECTED_SETUP (0x3), nothing served.
        Lab.Result none = lab().exec("b", STEP, "python3", "-c", NO_SECRET, "192.0.2.253", "6402");
        System.out.println("a SETUP without a secret: " + none.output().trim());
        assertThat(none.output()).contains("type 11 code 3 authentication required");

        // With the right secret again, B refills.
        lab().script(STEP, "stop", "b").check();
        lab().script(Duration.ofSeconds(90), "start", "b").check();
        awaitSameOnB(System.nanoTime(), Duration.ofSeconds(30));
    }

    @Test
    @Order(5)
    void aLongTcpConnectionSurvivesMovingFromAToBWithNoResetAndNoLostLine() throws Exception {
        TwoNodes.streamSurvivesFailoverToB(lab(), SERVER, LINES);
    }
}
