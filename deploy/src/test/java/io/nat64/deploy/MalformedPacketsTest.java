package io.nat64.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.Globals;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.InstanceConfig;
import io.nat64.core.instance.PacketPath;
import io.nat64.core.pool.Pool4Entry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every case {@link MalformedPackets} makes is dropped by the translator itself, in this JVM. */
class MalformedPacketsTest {

    @Test
    void everyGeneratedCaseIsDroppedByThePacketPath() {
        long seed = System.nanoTime();
        System.out.println("MalformedPacketsTest seed " + seed);
        Instance nat = Instance.create(
                new InstanceConfig("default", Ipv6Prefix.parse("64:ff9b::/96"), "unused", Globals.defaults()));
        try {
            for (L4Protocol p : L4Protocol.values()) {
                nat.addPool4(Pool4Entry.of(p, Ipv4Prefix.parse("192.0.2.1"))).block(Duration.ofSeconds(5));
            }
            MalformedPackets gen = new MalformedPackets(seed);
            Map<MalformedPackets.Kind, Integer> kinds = new EnumMap<>(MalformedPackets.Kind.class);
            Map<PacketPath.Result, Integer> results = nat.call(tables -> {
                        Map<PacketPath.Result, Integer> r = new EnumMap<>(PacketPath.Result.class);
                        long now = nat.now();
                        for (int i = 0; i < 20_000; i++) {
                            MalformedPackets.Kind k = gen.kind();
                            byte[] packet = gen.next(k);
                            kinds.merge(k, 1, Integer::sum);
                            r.merge(nat.packets().process(packet, 0, packet.length, now), 1, Integer::sum);
                        }
                        return r;
                    })
                    .block(Duration.ofSeconds(60));
            assertThat(kinds).as("seed %d", seed).hasSize(MalformedPackets.Kind.values().length);
            assertThat(results).as("seed %d", seed).containsOnlyKeys(PacketPath.Result.DROPPED);
        } finally {
            nat.close();
        }
    }
}
