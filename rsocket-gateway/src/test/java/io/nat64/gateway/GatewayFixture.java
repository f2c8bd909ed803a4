package io.nat64.gateway;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.Globals;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.InstanceConfig;
import io.nat64.core.instance.InstanceRegistry;
import io.nat64.core.instance.PacketPath;
import io.nat64.core.instance.TestPackets;
import io.nat64.core.pool.Pool4Entry;
import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * A registry with instance {@code default} (pool6 64:ff9b::/96, pool4 192.0.2.1 for all three protocols),
 * a gateway on loopback ports chosen by the system, and a TCP client connected to it.
 */
final class GatewayFixture implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Ipv6Prefix POOL6 = Ipv6Prefix.parse("64:ff9b::/96");

    final InstanceRegistry registry = new InstanceRegistry();
    final Instance instance;
    final Gateway gateway;
    final GatewayClient client;

    final Announcements announcements;
    final SyncRoutes syncs;

    GatewayFixture() {
        this(StreamsSessionFeeds::new);
    }

    /** A fixture whose session routes are served by what {@code feeds} builds over the gateway's announcements. */
    GatewayFixture(java.util.function.Function<Announcements, SessionFeeds> feeds) {
        announcements = new Announcements();
        syncs = new SyncRoutes(registry);
        instance = registry.add(new InstanceConfig("default", POOL6, null, Globals.defaults()));
        for (L4Protocol p : L4Protocol.values()) {
            instance.addPool4(Pool4Entry.of(p, Ipv4Prefix.parse("192.0.2.1"))).block(TIMEOUT);
        }
        gateway = Gateway.start(
                        registry, GatewayOptions.loopback(0, 0), feeds.apply(announcements), announcements, syncs)
                .block(TIMEOUT);
        client = GatewayClient.connect(gateway.tcpAddress()).block(TIMEOUT);
    }

    /** Sends a UDP packet from 2001:db8::{@code host}#{@code port} to 198.51.100.{@code host}#80, making a session. */
    PacketPath.Result udp(int host, int port) {
        return instance.receive(TestPackets.udp6(
                        Ipv6Address.parse("2001:db8::" + Integer.toHexString(host)),
                        port,
                        embed("198.51.100." + host),
                        80,
                        new byte[] {'h', 'i'}))
                .block(TIMEOUT);
    }

    /** Sends {@code n} UDP packets from distinct ports of 2001:db8::1. */
    void udpSessions(int n) {
        Flux.range(0, n)
                .concatMap(k -> instance.receive(TestPackets.udp6(
                        Ipv6Address.parse("2001:db8::1"), 10000 + k, embed("198.51.100.7"), 80, new byte[] {'h', 'i'})))
                .blockLast(TIMEOUT);
    }

    static Ipv6Address embed(String ipv4) {
        return io.nat64.core.pool.Pool6.of(POOL6).embed(Ipv4Address.parse(ipv4));
    }

    @Override
    public void close() {
        client.dispose();
        gateway.dispose();
        registry.close();
    }
}
