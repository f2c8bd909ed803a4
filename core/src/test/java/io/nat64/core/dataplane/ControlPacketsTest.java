package io.nat64.core.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv6Address;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ControlPacketsTest {
    private static boolean skipped(byte[] p) {
        ByteBuffer b = Packets.direct(p);
        return ControlPackets.isSkipped(b, p.length);
    }

    @Test
    void routerAndNeighbourDiscoveryAreSkipped() {
        Ipv6Address router = Ipv6Address.parse("fe80::2");
        for (int type = 133; type <= 137; type++) {
            assertThat(skipped(Packets.icmp6(type, router))).as("type %d", type).isTrue();
        }
    }

    @Test
    void anythingToAMulticastGroupIsSkipped() {
        assertThat(skipped(Packets.icmp6(143, Ipv6Address.parse("ff02::16")))).isTrue(); // MLDv2 report
        assertThat(skipped(Packets.icmp6(128, Ipv6Address.parse("ff02::1")))).isTrue();
    }

    @Test
    void translatableTrafficIsNotSkipped() {
        assertThat(skipped(Packets.udp6(4000))).isFalse();
        assertThat(skipped(Packets.icmp6(128, Packets.SERVER6))).isFalse();
        assertThat(skipped(Packets.icmp6(1, Packets.SERVER6))).isFalse();
        byte[] ipv4 = new byte[60];
        ipv4[0] = 0x45;
        assertThat(skipped(ipv4)).isFalse();
        assertThat(skipped(new byte[] {0x60})).isFalse();
    }
}
