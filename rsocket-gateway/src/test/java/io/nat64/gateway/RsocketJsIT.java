package io.nat64.gateway;

import static io.nat64.gateway.GatewayFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.config.GlobalKey;
import io.nat64.core.instance.PacketPath;
import io.nat64.core.instance.TestPackets;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Scannable;

/**
 * A client nobody here wrote, rsocket-js from npm, follows the sessions that real packets create: proof
 * that the routing metadata, JSON payloads and request(n) are the standard ones. npm installs it into
 * {@code target/rsocket-js} on first run. Skipped, loudly, only when npm itself is absent.
 */
class RsocketJsIT {
    private static final String RSOCKET_JS_VERSION = "0.0.27";
    private static final Path DIR = Paths.get("target", "rsocket-js").toAbsolutePath();

    private final GatewayFixture f = new GatewayFixture();

    @BeforeAll
    static void installRsocketJs() throws Exception {
        boolean npm = onPath("npm") && onPath("node");
        if (!npm) {
            System.err.println("\n*** RsocketJsIT SKIPPED: npm/node not found on PATH; install Debian's nodejs and npm"
                    + " (.ci/run does) to run the rsocket-js interoperability test ***\n");
        }
        Assumptions.assumeTrue(npm, "npm and node are needed for the rsocket-js interoperability test");
        Files.createDirectories(DIR);
        try (InputStream script = RsocketJsIT.class.getResourceAsStream("/rsocket-js/follow.js")) {
            Files.write(DIR.resolve("follow.js"), script.readAllBytes());
        }
        if (!Files.isDirectory(DIR.resolve("node_modules/rsocket-tcp-client"))) {
            Process install = new ProcessBuilder(
                            "npm",
                            "install",
                            "--no-audit",
                            "--no-fund",
                            "--no-save",
                            "--loglevel=error",
                            "rsocket-core@" + RSOCKET_JS_VERSION,
                            "rsocket-tcp-client@" + RSOCKET_JS_VERSION)
                    .directory(DIR.toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(install.waitFor(5, TimeUnit.MINUTES))
                    .as("npm install finished")
                    .isTrue();
            assertThat(install.exitValue())
                    .as("npm install rsocket-js:\n" + out)
                    .isZero();
        }
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Paths.get(dir, command))) {
                return true;
            }
        }
        return false;
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void rsocketJsFollowsSessionsThatRealTrafficCreates() throws Exception {
        f.instance.updateGlobal(GlobalKey.SS_ENABLED, "true").block(TIMEOUT);
        Process node = new ProcessBuilder(
                        "node",
                        "follow.js",
                        Integer.toString(f.gateway.tcpAddress().getPort()),
                        "default",
                        "3")
                .directory(DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (Scannable.from(f.instance.mutations()).inners().count() == 0) {
                assertThat(node.isAlive()).as("node is still running").isTrue();
                assertThat(System.nanoTime()).as("rsocket-js subscribed").isLessThan(deadline);
                Thread.sleep(10);
            }
            Ipv6Address client = Ipv6Address.parse("2001:db8::8");
            Ipv6Address server = GatewayFixture.embed("192.0.2.8");
            assertThat(f.instance
                            .receive(TestPackets.udp6(client, 60927, server, 1234, new byte[] {'h', 'i'}))
                            .block(TIMEOUT))
                    .isEqualTo(PacketPath.Result.TRANSLATED);
            assertThat(f.instance
                            .receive(TestPackets.tcp6(client, 37878, server, 1234, TestPackets.SYN))
                            .block(TIMEOUT))
                    .isEqualTo(PacketPath.Result.TRANSLATED);
            assertThat(f.instance
                            .receive(TestPackets.echo6(client, server, 211))
                            .block(TIMEOUT))
                    .isEqualTo(PacketPath.Result.TRANSLATED);

            assertThat(node.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("node got 3 updates")
                    .isTrue();
            assertThat(node.exitValue()).isZero();
            List<String> lines =
                    List.of(new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"));
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0))
                    .matches(
                            ".*\"line\":\"UDP,2001:db8::8,60927,192\\.0\\.2\\.1,\\d+,192\\.0\\.2\\.8,1234,0:05:00\".*");
            assertThat(lines.get(1))
                    .matches(
                            ".*\"line\":\"TCP,2001:db8::8,37878,192\\.0\\.2\\.1,\\d+,192\\.0\\.2\\.8,1234,0:04:00\".*");
            assertThat(lines.get(2))
                    .matches(
                            ".*\"line\":\"ICMP,2001:db8::8,211,192\\.0\\.2\\.1,(\\d+),192\\.0\\.2\\.8,\\1,0:01:00\".*");
        } finally {
            node.destroyForcibly();
        }
        // rsocket-js went away: its subscription is freed.
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (Scannable.from(f.instance.mutations()).inners().count() != 0) {
            assertThat(System.nanoTime()).as("subscription freed").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
