package io.nat64.cli.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nat64.streams.sync.codec.SyncFormat;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {

    @Test
    void onlyTheGroupGivenMeansJoolsDefaultsOurFormatAndNoStatsServer() {
        ProxySettings s = ProxySettings.parse("ff08::db8:64:64", null, null, null, null, null, null, null);
        assertThat(s.network().port()).isEqualTo(6400);
        assertThat(s.network().ttl()).isEqualTo(1);
        assertThat(s.network().devIn()).isNull();
        assertThat(s.network().devOut()).isNull();
        assertThat(s.network().loopback()).isFalse();
        assertThat(s.format()).isEqualTo(SyncFormat.NAT64);
        assertThat(s.statsEnabled()).isFalse();
        assertThat(s.statsAddress()).isEqualTo("::");
        assertThat(s.statsPort()).isEqualTo(6401);
        assertThat(s.configLines("default", 0xabcL))
                .containsExactly(
                        "Config:",
                        "  mod.instance: default",
                        "  net.mcast.addr: ff08::db8:64:64",
                        "  net.mcast.port: 6400",
                        "  net.dev.in: (null)",
                        "  net.dev.out: (null)",
                        "  net.ttl: 1",
                        "  net.format: nat64",
                        "  net.node-id: abc");
    }

    @Test
    void eitherStatsFlagTurnsTheStatsServerOnWithTheOtherDefaulted() {
        ProxySettings port = ProxySettings.parse("233.252.0.64", null, null, null, null, null, null, "45678");
        assertThat(port.statsEnabled()).isTrue();
        assertThat(port.statsAddress()).isEqualTo("::");
        assertThat(port.statsPort()).isEqualTo(45678);
        ProxySettings address = ProxySettings.parse("233.252.0.64", null, null, null, null, null, "127.0.0.1", null);
        assertThat(address.statsEnabled()).isTrue();
        assertThat(address.statsPort()).isEqualTo(6401);
    }

    @Test
    void everyFlagIsTakenAsGiven() {
        ProxySettings s =
                ProxySettings.parse("233.252.0.64", "6464", "192.0.2.1", "eth1", "3", "JOOL", "0.0.0.0", "6402");
        assertThat(s.network().port()).isEqualTo(6464);
        assertThat(s.network().devIn()).isEqualTo("192.0.2.1");
        assertThat(s.network().devOut()).isEqualTo("eth1");
        assertThat(s.network().ttl()).isEqualTo(3);
        assertThat(s.format()).isEqualTo(SyncFormat.JOOL);
        assertThat(s.configLines("blue", 1))
                .contains("  net.format: jool", "  stats.address: 0.0.0.0", "  stats.port: 6402")
                .noneMatch(l -> l.contains("node-id"));
    }

    @Test
    void badValuesAreRefusedNamingTheFlag() {
        assertThatThrownBy(() -> ProxySettings.parse("233.252.0.64", null, null, null, "x", null, null, null))
                .hasMessageContaining("--net.ttl");
        assertThatThrownBy(() -> ProxySettings.parse("233.252.0.64", null, null, null, "256", null, null, null))
                .hasMessageContaining("--net.ttl must be 0 to 255");
        assertThatThrownBy(() -> ProxySettings.parse("233.252.0.64", "70000", null, null, null, null, null, null))
                .hasMessageContaining("port out of range");
        assertThatThrownBy(() -> ProxySettings.parse("233.252.0.64", null, null, null, null, "joold", null, null))
                .hasMessageContaining("unknown sync format 'joold'");
        assertThatThrownBy(() -> ProxySettings.parse("192.0.2.1", null, null, null, null, null, null, null))
                .hasMessageContaining("is not a multicast address");
    }
}
