package io.nat64.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RSocket peer flags of {@code session proxy} on the command line, against a daemon in this JVM. */
class ProxyPeerFlagsIT {
    private final CliFixture f = new CliFixture();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        f.close();
    }

    private Path secret() throws Exception {
        Path s = dir.resolve("peer.secret");
        Files.writeString(s, "0123456789abcdef0123456789abcdef\n", StandardCharsets.UTF_8);
        return s;
    }

    @Test
    void listeningWithoutASecretFileIsRefusedBeforeAnythingOpens() {
        CliFixture.Run run = f.nat64("session", "proxy", "--net.listen=127.0.0.1:0");
        assertThat(run.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err())
                .startsWith("nat64: --net.listen and --net.peer need --auth.secret-file=FILE: replication writes"
                        + " into this NAT64's tables, so it is never open");
        CliFixture.Run peer = f.nat64("session", "proxy", "--net.peer=192.0.2.2:6402");
        assertThat(peer.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(peer.err()).contains("need --auth.secret-file");
    }

    @Test
    void aMetricsAddressThatIsNotHostPortOrOffIsRefused() throws Exception {
        for (String bad : new String[] {"9465", "127.0.0.1", "::1:9465", "127.0.0.1:70000", "on"}) {
            CliFixture.Run run = f.nat64(
                    "session",
                    "proxy",
                    "--net.peer=192.0.2.2:6402",
                    "--auth.secret-file=" + secret(),
                    "--metrics=" + bad);
            assertThat(run.code()).as(bad).isEqualTo(ExitCode.USAGE.code());
            assertThat(run.err())
                    .as(bad)
                    .startsWith("nat64: --metrics must be HOST:PORT, [IPV6]:PORT or off, not '" + bad + "'");
        }
    }

    @Test
    void withoutAGroupOrAPeerFlagTheGroupIsMissing() {
        CliFixture.Run run = f.nat64("session", "proxy");
        assertThat(run.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).startsWith("nat64: Missing required parameter: 'NET_MCAST_ADDR' (or --net.listen");
    }

    @Test
    void aShortOrMissingSecretFileIsNamed() throws Exception {
        Path shortSecret = dir.resolve("short");
        Files.writeString(shortSecret, "tooshort\n", StandardCharsets.UTF_8);
        CliFixture.Run run =
                f.nat64("session", "proxy", "--net.listen=127.0.0.1:0", "--auth.secret-file=" + shortSecret);
        assertThat(run.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).contains("--auth.secret-file: the secret in " + shortSecret + " is 8 bytes");
        CliFixture.Run missing = f.nat64(
                "session", "proxy", "--net.peer=192.0.2.2:6402", "--auth.secret-file=" + dir.resolve("nothere"));
        assertThat(missing.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(missing.err()).contains("--auth.secret-file: cannot read");
    }

    @Test
    void flagsOfPeersWithoutAPeerAndBadAddressesAreRefused() throws Exception {
        Path s = secret();
        CliFixture.Run secretAlone = f.nat64("session", "proxy", "233.252.0.64", "--auth.secret-file=" + s);
        assertThat(secretAlone.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(secretAlone.err()).contains("give --net.listen or --net.peer too");
        CliFixture.Run tlsHalf =
                f.nat64("session", "proxy", "--net.listen=127.0.0.1:0", "--auth.secret-file=" + s, "--tls.cert=" + s);
        assertThat(tlsHalf.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(tlsHalf.err()).contains("--tls.cert, --tls.key and --tls.ca go together");
        CliFixture.Run noPort = f.nat64("session", "proxy", "--net.peer=192.0.2.2", "--auth.secret-file=" + s);
        assertThat(noPort.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(noPort.err()).contains("--net.peer must be HOST:PORT or [IPV6]:PORT");
        CliFixture.Run twice = f.nat64(
                "session",
                "proxy",
                "--net.peer=192.0.2.2:6402",
                "--net.peer=192.0.2.2:6402",
                "--auth.secret-file=" + s);
        assertThat(twice.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(twice.err()).contains("--net.peer 192.0.2.2:6402 is given twice");
        CliFixture.Run jool =
                f.nat64("session", "proxy", "--net.listen=127.0.0.1:0", "--auth.secret-file=" + s, "--net.format=jool");
        assertThat(jool.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(jool.err()).contains("RSocket peers always speak the nat64 format");
    }

    @Test
    void peersAloneAreAProxyThatStillNeedsSessionSyncEnabled() throws Exception {
        CliFixture.Run run = f.nat64("session", "proxy", "--net.listen=127.0.0.1:0", "--auth.secret-file=" + secret());
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(run.err()).startsWith("nat64: Session sync is disabled on this instance");
        CliFixture.Run blue = f.nat64(
                "-i", "blue", "session", "proxy", "--net.peer=[2001:db8::2]:6402", "--auth.secret-file=" + secret());
        assertThat(blue.code()).isEqualTo(ExitCode.UNKNOWN_INSTANCE.code());
    }
}
