package io.nat64.gateway.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer flags of {@code session proxy}, validated together, with messages that name the flag. */
class PeerOptionsTest {
    @TempDir
    Path dir;

    private String secretFile() throws IOException {
        Path p = dir.resolve("s");
        Files.writeString(p, "0123456789abcdef0123456789abcdef\n");
        return p.toString();
    }

    @Test
    void noFlagsMeansNoPeers() {
        PeerOptions o = PeerOptions.parse(null, List.of(), null, null, null, null);
        assertThat(o.enabled()).isFalse();
        assertThat(o).isEqualTo(PeerOptions.none());
    }

    @Test
    void listeningOrSubscribingWithoutASecretFileIsRefused() {
        assertThatThrownBy(() -> PeerOptions.parse("[::]:6402", List.of(), null, null, null, null))
                .hasMessageContaining("--auth.secret-file=FILE")
                .hasMessageContaining("never open");
        assertThatThrownBy(() -> PeerOptions.parse(null, List.of("192.0.2.2:6402"), null, null, null, null))
                .hasMessageContaining("--auth.secret-file=FILE");
    }

    @Test
    void addressesParseWithBracketsForIpv6() throws IOException {
        PeerOptions o = PeerOptions.parse(
                "[2001:db8::1]:6402", List.of("192.0.2.2:6402", "[2001:db8::2]:7000"), secretFile(), null, null, null);
        assertThat(o.listen().getHostString()).isEqualTo("2001:db8::1");
        assertThat(o.peers())
                .extracting(a -> PeerOptions.text(a))
                .containsExactly("192.0.2.2:6402", "[2001:db8::2]:7000");
        assertThat(o.enabled()).isTrue();
        assertThat(o.serverOptions().listen().getPort()).isEqualTo(6402);
    }

    @Test
    void badAddressesNameTheirFlag() throws IOException {
        String s = secretFile();
        assertThatThrownBy(() -> PeerOptions.parse("2001:db8::1:6402", List.of(), s, null, null, null))
                .hasMessageContaining("--net.listen")
                .hasMessageContaining("[ADDRESS]:PORT");
        assertThatThrownBy(() -> PeerOptions.parse(null, List.of("192.0.2.2"), s, null, null, null))
                .hasMessageContaining("--net.peer must be HOST:PORT");
        assertThatThrownBy(() -> PeerOptions.parse(null, List.of("192.0.2.2:http"), s, null, null, null))
                .hasMessageContaining("port must be a number");
        assertThatThrownBy(() -> PeerOptions.parse(null, List.of("192.0.2.2:70000"), s, null, null, null))
                .hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> PeerOptions.parse(null, List.of("192.0.2.2:0"), s, null, null, null))
                .hasMessageContaining("port 0");
        assertThatThrownBy(() -> PeerOptions.parse(null, List.of("192.0.2.2:1", "192.0.2.2:1"), s, null, null, null))
                .hasMessageContaining("given twice");
    }

    @Test
    void tlsTakesItsThreeFilesTogether() throws IOException {
        String s = secretFile();
        assertThatThrownBy(() -> PeerOptions.parse(null, List.of("192.0.2.2:1"), s, s, null, s))
                .hasMessageContaining("--tls.cert, --tls.key and --tls.ca go together");
        assertThatThrownBy(() -> PeerOptions.parse(null, List.of("192.0.2.2:1"), s, s, s, "/nonexistent/ca.pem"))
                .hasMessageContaining("--tls.ca: cannot read /nonexistent/ca.pem");
    }

    @Test
    void aSecretIsAtLeastSixteenBytesWithoutItsTrailingNewline() throws IOException {
        Path shortOne = dir.resolve("short");
        Files.writeString(shortOne, "123456789012345\n");
        assertThatThrownBy(() -> PeerSecret.read(shortOne))
                .hasMessageContaining("is 15 bytes")
                .hasMessageContaining("openssl rand -hex 32");
        assertThatThrownBy(() -> PeerSecret.read(dir.resolve("missing")))
                .hasMessageContaining("--auth.secret-file: cannot read");
        PeerSecret secret = PeerSecret.read(Path.of(secretFile()));
        assertThat(secret.matches("0123456789abcdef0123456789abcdef".toCharArray()))
                .isTrue();
        assertThat(secret.matches("0123456789abcdef0123456789abcdeF".toCharArray()))
                .isFalse();
        assertThat(secret.matches("0123456789abcdef".toCharArray())).isFalse();
        assertThat(secret.toString()).doesNotContain("0123");
    }
}
