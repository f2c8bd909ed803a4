package io.nat64.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
 * The daemon translating real traffic in the lab of {@code deploy/lab/lab.sh}: an IPv6-only client (2001:db8::8),
 * the daemon on a TUN device in the NAT64 namespace (pool6 64:ff9b::/96, pool4 192.0.2.1), and an IPv4 server
 * (192.0.2.8) with an HTTP server and a UDP echo. Counters come from the daemon's {@code --stats-file}; malformed
 * packets go in through its {@code --inject-port} hook. Needs root; skipped loudly otherwise.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class DaemonNetnsIT {
    private static final String SERVER = "64:ff9b::c000:208";
    private static final String URL = "http://[" + SERVER + "]/";
    private static final String PAGE = "hello from the IPv4 server 192.0.2.8";
    private static final int INJECT_PORT = 6464;
    private static final long ICMP_TIMEOUT_SECONDS = 2;
    private static final int MALFORMED_CASES = 120_000;
    private static final Duration STEP = Duration.ofSeconds(15);

    private static final String CONFIG =
            """
            instances:
              - name: default
                pool6: "64:ff9b::/96"
                tun: nat64
                globals:
                  icmp-timeout: "0:00:0%d"
                pool4:
                  - prefix: 192.0.2.1
            """
                    .formatted(ICMP_TIMEOUT_SECONDS);

    private static @Nullable Lab lab;

    @BeforeAll
    static void up() throws Exception {
        String why = Lab.whyNotRunnable();
        if (why != null) {
            System.err.println("SKIPPED (" + why + "): DaemonNetnsIT needs root, /dev/net/tun, iproute2, curl, "
                    + "ping, socat and python3");
            Assumptions.abort("SKIPPED (" + why + "): DaemonNetnsIT needs root and the lab's tools");
        }
        Lab l = Lab.create();
        lab = l;
        System.out.println("DaemonNetnsIT: lab " + l.prefix() + ", state in " + l.state());
        l.up(CONFIG, "--stats-interval 200 --inject-port " + INJECT_PORT);
    }

    @AfterAll
    static void down() {
        Lab l = lab;
        if (l != null) {
            assertThat(l.down()).as("the daemon stopped cleanly on SIGTERM").contains("nat64 daemon: stopped");
            String left = Lab.netnsList();
            assertThat(left).doesNotContain(l.prefix());
        }
    }

    private static Lab lab() {
        if (lab == null) {
            throw new IllegalStateException("the lab is not up");
        }
        return lab;
    }

    private static String curl() {
        Lab.Result r = lab().exec("client", STEP, "curl", "-sS", "--max-time", "10", URL);
        assertThat(r.exit())
                .as("%s\n%s\ndaemon log:\n%s", r.command(), r.output(), lab().daemonLog())
                .isZero();
        return r.output();
    }

    @Test
    @Order(1)
    void curlFromTheIpv6OnlyClientGetsTheIpv4ServersPage() {
        assertThat(curl()).contains(PAGE);
    }

    @Test
    @Order(2)
    void theCliReachesTheRunningDaemonThroughItsGatewayAndShowsTheCurlSession() {
        String lib = java.nio.file.Path.of("target", "lib").toAbsolutePath() + "/*";
        Lab.Result r = lab().exec(
                        "nat",
                        STEP,
                        "java",
                        "-cp",
                        lib,
                        "io.nat64.cli.Main",
                        "session",
                        "display",
                        "--numeric",
                        "--csv");
        System.out.println(r.output());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("Protocol,IPv6 Remote Address,IPv6 Remote L4-ID,IPv6 Local Address")
                .containsPattern(
                        "TCP,2001:db8::8,[0-9]+,64:ff9b::c000:208,80,192\\.0\\.2\\.1,[0-9]+,192\\.0\\.2\\.8,80,");
    }

    @Test
    @Order(3)
    void instanceAddThroughTheCliCreatesItsTunDeviceAndInstanceRemoveDeletesIt() {
        String lib = java.nio.file.Path.of("target", "lib").toAbsolutePath() + "/*";
        Lab.Result add = lab().exec(
                        "nat",
                        STEP,
                        "java",
                        "-cp",
                        lib,
                        "io.nat64.cli.Main",
                        "instance",
                        "add",
                        "blue",
                        "--pool6",
                        "2001:db8:46::/96",
                        "--tun",
                        "n64blue");
        System.out.println(add.output());
        assertThat(add.exit()).as(add.output()).isZero();
        Lab.Result link = lab().exec("nat", STEP, "ip", "link", "show", "dev", "n64blue");
        assertThat(link.exit()).as(link.output()).isZero();
        Lab.Result display = lab().exec("nat", STEP, "java", "-cp", lib, "io.nat64.cli.Main", "instance", "display");
        assertThat(display.output()).contains("blue").contains("default");
        Lab.Result remove =
                lab().exec("nat", STEP, "java", "-cp", lib, "io.nat64.cli.Main", "instance", "remove", "blue");
        assertThat(remove.exit()).as(remove.output()).isZero();
        assertThat(lab().exec("nat", STEP, "ip", "link", "show", "dev", "n64blue")
                        .exit())
                .as("the TUN device went with the instance")
                .isNotZero();
    }

    @Test
    @Order(4)
    void pingSixThroughTheTranslatorGetsThreeReplies() {
        Lab.Result r = lab().exec("client", STEP, "ping", "-6", "-c", "3", "-i", "0.3", "-W", "2", SERVER);
        System.out.println(r.output());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("3 packets transmitted, 3 received");
    }

    @Test
    @Order(5)
    void udpEchoComesBackThroughTheTranslator() throws Exception {
        Path input = lab().state().resolve("udp-input.txt");
        java.nio.file.Files.writeString(input, "hello-udp-through-nat64\n");
        Lab.Result r = lab().exec("client", STEP, input, "socat", "-t", "3", "-", "UDP6:[" + SERVER + "]:7");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("hello-udp-through-nat64");
        lab().awaitStats("a UDP session", STEP, s -> s.getOrDefault("SESSIONS_UDP", 0L) >= 1);
    }

    @Test
    @Order(6)
    void anUnsolicitedIpv4PacketToPool4IsDroppedAndCounted() throws Exception {
        Map<String, Long> before = lab().stats();
        Path input = lab().state().resolve("unsolicited.txt");
        java.nio.file.Files.writeString(input, "nobody asked for this\n");
        lab().exec("server", STEP, input, "socat", "-u", "-", "UDP4:192.0.2.1:61500")
                .check();
        Map<String, Long> after = lab().awaitStats(
                        "JSTAT_BIB4_NOT_FOUND + 1",
                        STEP,
                        s -> s.get("JSTAT_BIB4_NOT_FOUND") > before.get("JSTAT_BIB4_NOT_FOUND"));
        System.out.println("unsolicited: JSTAT_BIB4_NOT_FOUND " + before.get("JSTAT_BIB4_NOT_FOUND") + " -> "
                + after.get("JSTAT_BIB4_NOT_FOUND") + ", DP_DROPPED " + before.get("DP_DROPPED") + " -> "
                + after.get("DP_DROPPED"));
        assertThat(after.get("JSTAT_BIB4_NOT_FOUND") - before.get("JSTAT_BIB4_NOT_FOUND"))
                .isEqualTo(1);
        assertThat(after.get("DP_DROPPED") - before.get("DP_DROPPED")).isEqualTo(1);
        assertThat(after.get("DP_TRANSLATED")).isEqualTo(before.get("DP_TRANSLATED"));
    }

    @Test
    @Order(7)
    void icmpSessionsExpireOnTheirTimerAfterThePingEnds() throws Exception {
        lab().exec("client", STEP, "ping", "-6", "-c", "2", "-i", "0.2", "-W", "2", SERVER)
                .check();
        long ended = System.nanoTime();
        lab().awaitStats("an ICMP session", STEP, s -> s.getOrDefault("SESSIONS_ICMP", 0L) >= 1);
        Map<String, Long> after = lab().awaitStats(
                        "no ICMP session",
                        Duration.ofSeconds(ICMP_TIMEOUT_SECONDS + 5),
                        s -> s.get("SESSIONS_ICMP") == 0);
        long seconds = (System.nanoTime() - ended) / 1_000_000_000L;
        System.out.println("ICMP sessions expired " + seconds + " s after the ping ended (icmp-timeout "
                + ICMP_TIMEOUT_SECONDS + " s); sessions now TCP " + after.get("SESSIONS_TCP") + ", UDP "
                + after.get("SESSIONS_UDP") + ", ICMP " + after.get("SESSIONS_ICMP"));
        assertThat(seconds).isGreaterThanOrEqualTo(ICMP_TIMEOUT_SECONDS - 1);
    }

    @Test
    @Order(8)
    void malformedPacketsAreDroppedAndCountedAndTranslationGoesOn() throws Exception {
        long seed = System.nanoTime();
        Path frames = lab().state().resolve("malformed.frames");
        Map<MalformedPackets.Kind, Integer> kinds = MalformedPackets.writeFrames(frames, MALFORMED_CASES, seed);
        System.out.println("malformed: seed " + seed + ", " + MALFORMED_CASES + " cases " + kinds);
        Map<String, Long> before = lab().stats();
        Lab.Result r = lab().exec(
                        "nat", Duration.ofSeconds(60), frames, "socat", "-t", "60", "-", "TCP:127.0.0.1:" + INJECT_PORT)
                .check();
        assertThat(r.output().trim())
                .as("seed %d; daemon log:\n%s", seed, lab().daemonLog())
                .isEqualTo("OK injected=" + MALFORMED_CASES);
        Map<String, Long> after = lab().awaitStats(
                        "every injected packet dropped",
                        STEP,
                        s -> s.get("DP_DROPPED") - before.get("DP_DROPPED") >= MALFORMED_CASES);
        System.out.println("malformed: DP_INJECTED +" + (after.get("DP_INJECTED") - before.get("DP_INJECTED"))
                + ", DP_DROPPED +" + (after.get("DP_DROPPED") - before.get("DP_DROPPED")) + ", DP_TRANSLATED +"
                + (after.get("DP_TRANSLATED") - before.get("DP_TRANSLATED")) + ", DP_PROCESS_ERRORS "
                + after.get("DP_PROCESS_ERRORS"));
        assertThat(after.get("DP_INJECTED") - before.get("DP_INJECTED")).isEqualTo(MALFORMED_CASES);
        assertThat(after.get("DP_DROPPED") - before.get("DP_DROPPED"))
                .as("seed %d", seed)
                .isEqualTo(MALFORMED_CASES);
        assertThat(after.get("DP_TRANSLATED")).as("seed %d", seed).isEqualTo(before.get("DP_TRANSLATED"));
        assertThat(after.get("DP_PROCESS_ERRORS")).as("seed %d", seed).isZero();
        assertThat(curl()).contains(PAGE);
        java.nio.file.Files.delete(frames);
    }
}
