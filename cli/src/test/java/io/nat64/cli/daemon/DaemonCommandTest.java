package io.nat64.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code nat64 daemon} through picocli, output captured: the paths that end before any device is created. */
class DaemonCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = new CommandLine(new DaemonMain.Nat64());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void aBadConfigIsOneErrorLineAndExitCodeTwo(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(
                config, "instances:\n  - name: a\n    pool6: 64:ff9b::/96\n    globals: {tcp-est-timeout: 10}\n");
        int code = run("daemon", "--config", config.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("nat64 daemon: error: " + config + ": instances[0].globals.tcp-est-timeout: ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aMissingConfigIsExitCodeTwo() {
        assertThat(run("daemon", "--config", "/nonexistent/nat64.yaml")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("nat64 daemon: error: /nonexistent/nat64.yaml: no such file\n");
    }

    @Test
    void aBadPolicyIsExitCodeTwo() {
        assertThat(run("daemon", "--when-behind", "queue")).isEqualTo(2);
        assertThat(err.toString()).contains("--when-behind must be drop or wait, not 'queue'");
    }

    @Test
    void aNegativeCatchUpRateIsExitCodeTwo() {
        assertThat(run("daemon", "--catchup-rate", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--catchup-rate cannot be negative: -1");
    }

    @Test
    void aNegativeAdvertiseRateIsExitCodeTwo() {
        assertThat(run("daemon", "--advertise-rate", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--advertise-rate cannot be negative: -1");
    }

    @Test
    void aBadMetricsAddressIsExitCodeTwo() {
        assertThat(run("daemon", "--metrics", "9464")).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("nat64 daemon: error: --metrics must be HOST:PORT, [IPV6]:PORT or off, not '9464'"
                        + " (e.g. 127.0.0.1:9464)\n");
    }

    @Test
    void aBadMetricsAddressInTheFileNamesTheFileAndKey(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("m.yaml");
        Files.writeString(config, "metrics: \"localhost\"\ninstances: []\n");
        assertThat(run("daemon", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("nat64 daemon: error: " + config + ": metrics must be HOST:PORT");
    }

    @Test
    void metricsAddressesParseAsHostPortBracketedIpv6OrOff() {
        assertThat(DaemonCommand.parseMetrics("off", "x")).isNull();
        assertThat(DaemonCommand.parseMetrics("false", "x")).isNull();
        var v4 = DaemonCommand.parseMetrics("127.0.0.1:9464", "x");
        assertThat(v4).isNotNull();
        assertThat(v4.getHostString()).isEqualTo("127.0.0.1");
        assertThat(v4.getPort()).isEqualTo(9464);
        var v6 = DaemonCommand.parseMetrics("[::1]:0", "x");
        assertThat(v6).isNotNull();
        assertThat(v6.getHostString()).isEqualTo("::1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DaemonCommand.parseMetrics("::1:9464", "--metrics"))
                .hasMessageContaining("[IPV6]:PORT");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DaemonCommand.parseMetrics("h:70000", "--metrics"))
                .hasMessageContaining("not 'h:70000'");
    }

    @Test
    void helpListsTheFlags() {
        assertThat(run("daemon", "--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "--config",
                        "--stats-file",
                        "--inject-port",
                        "--batch-size",
                        "--when-behind",
                        "--metrics",
                        "--advertise-rate",
                        "--catchup-rate");
    }

    @Test
    void noModeIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("missing mode");
    }
}
