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
    void helpListsTheFlags() {
        assertThat(run("daemon", "--help")).isZero();
        assertThat(out.toString())
                .contains("--config", "--stats-file", "--inject-port", "--batch-size", "--when-behind");
    }

    @Test
    void noModeIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("missing mode");
    }
}
