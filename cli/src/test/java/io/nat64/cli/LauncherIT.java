package io.nat64.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.config.GlobalKey;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Scannable;

/**
 * {@code bin/nat64} as a user runs it, on the jars {@code mvn package} put in {@code cli/target/lib}:
 * output, exit codes, the per-line flush of {@code session follow} into a pipe, and the CDS archive.
 */
class LauncherIT {
    private static final Path LAUNCHER =
            Paths.get("..", "bin", "nat64").toAbsolutePath().normalize();
    private final CliFixture f = new CliFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private record Result(int code, String out, String err) {}

    private Result run(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command(args));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, err);
    }

    private static List<String> command(String... args) {
        List<String> c = new java.util.ArrayList<>(List.of("bash", LAUNCHER.toString()));
        c.addAll(List.of(args));
        return c;
    }

    private String gateway() {
        return "127.0.0.1:" + f.gateway.tcpAddress().getPort();
    }

    @Test
    void theLauncherRunsTheCommandAndPassesItsExitCode() throws Exception {
        Result ok = run(Map.of("NAT64_CDS", "off", "NAT64_GATEWAY", gateway()), "pool6", "display");
        assertThat(ok.err()).isEmpty();
        assertThat(ok.out()).isEqualTo("64:ff9b::/96\n");
        assertThat(ok.code()).isZero();
        Result unknown = run(Map.of("NAT64_CDS", "off"), "--gateway", gateway(), "-i", "blue", "stats", "display");
        assertThat(unknown.code()).isEqualTo(4);
        assertThat(unknown.err()).startsWith("nat64: instance 'blue' does not exist");
    }

    @Test
    void followFlushesEveryLineIntoAPipe() throws Exception {
        f.instance.updateGlobal(GlobalKey.SS_ENABLED, "true").block(CliFixture.TIMEOUT);
        ProcessBuilder pb = new ProcessBuilder(command("--gateway", gateway(), "session", "follow"));
        pb.environment().put("NAT64_CDS", "off");
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (Scannable.from(f.instance.mutations()).inners().count() == 0) {
                assertThat(p.isAlive()).isTrue();
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(20);
            }
            f.udp("2001:db8::8", 60927, "192.0.2.8", 1234);
            BufferedReader lines =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(lines.readLine())
                    .matches("UDP,2001:db8::8,60927,192\\.0\\.2\\.1,\\d+,192\\.0\\.2\\.8,1234,0:05:00");
        } finally {
            p.destroy(); // SIGTERM, as Ctrl-C would end it
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theFirstRunMakesAClassDataSharingArchiveThatLaterRunsUse() throws Exception {
        Path jsa = Paths.get("target", "nat64-cds.jsa");
        Files.deleteIfExists(jsa);
        Result first = run(Map.of("NAT64_GATEWAY", gateway()), "pool6", "display");
        assertThat(first.code()).isZero();
        assertThat(jsa).exists();
        Result second = run(Map.of("NAT64_GATEWAY", gateway(), "NAT64_JAVA_OPTS", "-Xshare:on"), "pool6", "display");
        assertThat(second.err()).as("-Xshare:on fails unless the archive maps").isEmpty();
        assertThat(second.out()).isEqualTo("64:ff9b::/96\n");
    }
}
