package io.nat64.streams.sync.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The transport contract over IPv4 multicast on lo (127.0.0.1, loopback on), plus the option checks. */
class MulticastTransportIT implements SyncTransportContract {
    @Override
    public List<SyncTransport> pair() {
        MulticastConfig c = McastFixture.ipv4();
        return List.of(MulticastTransport.open(c), MulticastTransport.open(c));
    }

    @Test
    void joinsOnTheInterfaceThatHoldsTheAddressGivenAsNetDevIn() {
        MulticastTransport t = MulticastTransport.open(McastFixture.ipv4());
        try {
            assertThat(t.joinedInterface().getName()).isEqualTo("lo");
        } finally {
            t.dispose();
        }
    }

    @Test
    void refusesWhatIsNotAMulticastGroupOrAnUnknownInterface() {
        assertThatThrownBy(() -> MulticastConfig.parse("192.0.2.1", null, null, null, null))
                .hasMessageContaining("not a multicast address");
        assertThatThrownBy(() -> MulticastConfig.parse("233.252.0.1", "70000", null, null, null))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> MulticastConfig.parse("233.252.0.1", null, null, null, 256))
                .hasMessageContaining("--net.ttl");
        MulticastConfig bad = MulticastConfig.parse("ff02::db8:64", null, "no-such-dev0", null, null);
        assertThatThrownBy(() -> MulticastTransport.open(bad)).hasMessageContaining("--net.dev.in");
    }

    @Test
    void hasJoolsDefaults() {
        MulticastConfig c = MulticastConfig.parse("ff08::db8:64:64", null, null, null, null);
        assertThat(c.port()).isEqualTo(6400);
        assertThat(c.ttl()).isEqualTo(1);
        assertThat(c.loopback()).isFalse();
        assertThat(c.ipv4()).isFalse();
    }
}
