package io.nat64.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The systemd units of the distribution, as installed: {@code systemd-analyze verify} over a root directory holding
 * the unpacked tarball in {@code /opt/nat64} and the units in {@code /etc/systemd/system} (so the executables they
 * name exist), and {@code systemd-analyze security}, whose report is kept in {@code target/systemd-security-*.txt}.
 * Skipped loudly without {@code systemd-analyze} (the Debian package {@code systemd}; {@code .ci/run} installs it).
 */
@Timeout(120)
class SystemdUnitsIT {
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: ([0-9.]+)");
    private Path root;

    @BeforeEach
    void installIntoARoot() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        Path units = Path.of("/usr/lib/systemd/system");
        Assumptions.assumeTrue(Files.isExecutable(analyze) && Files.isDirectory(units), () -> {
            System.err.println("SKIPPED: SystemdUnitsIT needs systemd-analyze (apt-get install systemd)");
            return "SKIPPED: no systemd-analyze";
        });
        String dist = System.getProperty("nat64.dist", "");
        assertThat(Path.of(dist)).as("the distribution built by mvn package").isRegularFile();
        root = Files.createTempDirectory("nat64-systemd-root");
        Path opt = Files.createDirectories(root.resolve("opt/nat64"));
        DistNetnsIT.run(
                root,
                java.time.Duration.ofSeconds(60),
                "tar",
                "xzf",
                dist,
                "-C",
                opt.toString(),
                "--strip-components=1");
        Path system = Files.createDirectories(root.resolve("etc/systemd/system"));
        try (var files = Files.list(opt.resolve("systemd"))) {
            for (Path unit : files.toList()) {
                Files.copy(unit, system.resolve(unit.getFileName()));
            }
        }
        Path etc = Files.createDirectories(root.resolve("etc/nat64"));
        Files.copy(opt.resolve("etc/nat64/nat64.yaml"), etc.resolve("nat64.yaml"));
        Files.copy(opt.resolve("etc/nat64/proxy-default.env"), etc.resolve("proxy-default.env"));
        // The host's own units (sysinit.target, network-online.target, ...) that ours refer to.
        DistNetnsIT.run(
                root,
                java.time.Duration.ofSeconds(60),
                "mkdir",
                "-p",
                root.resolve("usr/lib/systemd").toString());
        DistNetnsIT.run(
                root,
                java.time.Duration.ofSeconds(60),
                "cp",
                "-a",
                units.toString(),
                root.resolve("usr/lib/systemd").toString());
    }

    @AfterEach
    void removeRoot() throws IOException {
        if (root == null) {
            return;
        }
        try (var files = Files.walk(root)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private record Result(int exit, String output) {}

    private Result analyze(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("systemd-analyze"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void bothUnitsVerifyWithoutAWarning() throws Exception {
        Result r = analyze("verify", "--root=" + root, "nat64d.service", "nat64-proxy@default.service");
        System.out.println("systemd-analyze verify: exit " + r.exit() + "\n" + r.output());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).as("warnings").isBlank();
    }

    @Test
    void aBrokenDirectiveIsReportedSoTheCheckAboveWouldFail() throws Exception {
        Path unit = root.resolve("etc/systemd/system/nat64d.service");
        Files.writeString(unit, Files.readString(unit).replace("ProtectSystem=strict", "ProtectSystem=bogus"));
        Result r = analyze("verify", "--root=" + root, "nat64d.service");
        assertThat(r.output()).contains("nat64d.service:").contains("bogus");
    }

    @Test
    void aMissingLauncherFailsVerification() throws Exception {
        Files.delete(root.resolve("opt/nat64/bin/nat64-daemon"));
        Result r = analyze("verify", "--root=" + root, "nat64d.service");
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("/opt/nat64/bin/nat64-daemon");
    }

    @Test
    void securityExposureIsLowAndTheReportIsKept() throws Exception {
        for (String unit : List.of("nat64d.service", "nat64-proxy@default.service")) {
            Result r = analyze("security", "--offline=yes", "--root=" + root, unit);
            Path report = Path.of("target", "systemd-security-" + unit.replace('@', '-') + ".txt");
            Files.writeString(report, r.output());
            Matcher m = EXPOSURE.matcher(r.output());
            assertThat(m.find()).as(r.output()).isTrue();
            double exposure = Double.parseDouble(m.group(1));
            System.out.println(
                    "systemd-analyze security " + unit + ": exposure " + exposure + " (report in " + report + ")");
            assertThat(exposure).as("exposure of %s (0 safest, 10 worst)", unit).isLessThanOrEqualTo(3.0);
            assertThat(r.output())
                    .containsPattern("✓ NoNewPrivileges=")
                    .containsPattern("✓ RestrictAddressFamilies=~AF_PACKET");
        }
    }
}
