package io.nat64.core.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.Globals;
import io.nat64.core.pool.Pool4Entry;
import io.nat64.core.session.BurstPrefetch;
import io.nat64.core.session.Session;
import io.nat64.core.stats.Stat;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The data plane's read-ahead: it finds a packet's session from either side and changes nothing, whatever the bytes. */
class PacketPrefetchTest {
    static final Ipv6Address CLIENT = Ipv6Address.parse("2001:db8::8");
    static final Ipv6Address SERVER6 = Ipv6Address.parse("64:ff9b::c000:208");
    static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.8");
    static final Ipv4Address POOL4 = Ipv4Address.parse("192.0.2.1");

    private static void runIfFull(BurstPrefetch burst) {
        if (burst.isFull()) {
            burst.run();
        }
    }

    @Test
    void prefetchReadsTheSessionOfAPacketFromEitherSideAndChangesNothingWhateverTheBytes() {
        Instance nat = Instance.create(
                new InstanceConfig("default", Ipv6Prefix.parse("64:ff9b::/96"), null, Globals.defaults()),
                VirtualTimeScheduler.create(),
                3);
        nat.addPool4(Pool4Entry.of(L4Protocol.TCP, new Ipv4Prefix(POOL4, 32))).block();
        nat.receive(TestPackets.tcp6(CLIENT, 40000, SERVER6, 443, TestPackets.SYN))
                .block();
        Session s = nat.sessions(L4Protocol.TCP).block().get(0);
        byte[] from6 = TestPackets.tcp6(CLIENT, 40000, SERVER6, 443, TestPackets.ACK);
        byte[] from4 = TestPackets.tcp4(SERVER, 443, POOL4, s.src4Port(), TestPackets.ACK);
        byte[] other6 = TestPackets.tcp6(CLIENT, 40001, SERVER6, 443, TestPackets.ACK);
        long before =
                nat.stats().block().get(Stat.RECEIVED6) + nat.stats().block().get(Stat.RECEIVED4);
        List<Integer> added = nat.call(db -> {
                    PacketPath path = nat.packets();
                    BurstPrefetch burst = new BurstPrefetch();
                    Random r = new Random(7);
                    for (byte[] p : List.of(from6, from4)) {
                        for (int len = 0; len <= p.length; len++) {
                            path.prefetch(burst, p, 0, len); // every truncation
                            runIfFull(burst);
                        }
                        for (int i = 0; i < 2000; i++) {
                            byte[] bad = p.clone();
                            bad[r.nextInt(bad.length)] = (byte) r.nextInt(256);
                            path.prefetch(burst, bad, 0, bad.length); // corruptions
                            runIfFull(burst);
                        }
                        assertThat(path.prefetch(burst, p, p.length, 1) || path.prefetch(burst, p, -1, 2))
                                .isFalse();
                    }
                    burst.run();
                    List<Integer> sizes = new java.util.ArrayList<>();
                    for (byte[] p : List.of(from6, from4, other6, TestPackets.echo6(CLIENT, SERVER6, 1))) {
                        path.prefetch(burst, p, 0, p.length);
                        sizes.add(burst.size());
                    }
                    burst.run();
                    sizes.add(burst.size());
                    return sizes;
                })
                .block();
        assertThat(added)
                .as("TCP from either side is read ahead, an echo is not; run empties the burst")
                .containsExactly(1, 2, 3, 3, 0);
        assertThat(nat.sessions(L4Protocol.TCP).block()).containsExactly(s);
        assertThat(nat.stats().block().get(Stat.RECEIVED6) + nat.stats().block().get(Stat.RECEIVED4))
                .isEqualTo(before);
        assertThat(Arrays.equals(from6, TestPackets.tcp6(CLIENT, 40000, SERVER6, 443, TestPackets.ACK)))
                .isTrue();
    }
}
