package io.nat64.streams.sync.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServicePortsTest {
    @Test
    void aNumberIsAPort() {
        assertThat(ServicePorts.parse("6400")).isEqualTo(6400);
        assertThat(ServicePorts.parse(" 0 ")).isZero();
        assertThatThrownBy(() -> ServicePorts.parse("65536")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> ServicePorts.parse("1234567")).hasMessageContaining("out of range");
    }

    @Test
    void aNameIsLookedUpAsAUdpServiceIncludingAliases(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("services");
        Files.writeString(services, "# comment\nhttp 80/tcp www\ndomain 53/udp # DNS\nntp 123/udp ntpd\n");
        assertThat(ServicePorts.lookup("domain", services)).isEqualTo(53);
        assertThat(ServicePorts.lookup("ntpd", services)).isEqualTo(123);
        assertThatThrownBy(() -> ServicePorts.lookup("http", services)).hasMessageContaining("unknown UDP service");
    }
}
