package io.nat64.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.config.Globals;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The copies a table hands out ({@link Session}) carry each session's own addresses, whatever it caches. */
class SessionCopyTest {
    @Test
    void everyCopyCarriesItsOwnServerAndItsPool6FormThroughCacheCollisions() {
        TableFixture f = new TableFixture(Globals.defaults(), 1000, 9000);
        Ipv6Address client = Ipv6Address.parse("2001:db8::7");
        int servers = 3 * 256; // every documentation address: several share a slot of the cache
        for (int i = 0; i < servers; i++) {
            f.udp6(client, 1 + i, server(i), 53, 0);
        }
        List<Session> copies = f.udp().sessions();
        assertThat(copies).hasSize(servers);
        for (Session s : copies) {
            Ipv4Address server = server(s.src6Port() - 1);
            assertThat(s.dst4()).isEqualTo(server);
            assertThat(s.dst6()).isEqualTo(new Ipv6Address(0x0064ff9b00000000L, server.bits() & 0xffffffffL));
        }
    }

    /** 192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24, one address each. */
    private static Ipv4Address server(int i) {
        int[] nets = {0xc0000200, 0xc6336400, 0xcb007100};
        return new Ipv4Address(nets[i / 256] | (i % 256));
    }
}
