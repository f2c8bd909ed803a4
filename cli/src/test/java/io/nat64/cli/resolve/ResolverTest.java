package io.nat64.cli.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Parallel, cached, deadline-bound name resolution and the services database. */
class ResolverTest {
    private static final Services SERVICES = Services.parse(List.of(
            "# a comment line",
            "http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP",
            "domain 53/udp",
            "http-alt 80/tcp",
            ""));

    @Test
    void everyDistinctAddressIsLookedUpOnceAndAnswersAreUsed() {
        Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
        HostLookup lookup = a -> {
            asked.computeIfAbsent(a.getHostAddress(), k -> new AtomicInteger()).incrementAndGet();
            return a.getHostAddress().startsWith("192.0.2.8") ? "example.com" : a.getHostAddress();
        };
        Resolver.Result r = new Resolver(lookup, SERVICES, Duration.ofSeconds(5))
                .resolve(List.of("192.0.2.8", "2001:db8::2", "192.0.2.8", "192.0.2.8"));
        assertThat(r.unresolved()).isZero();
        assertThat(r.names().host("192.0.2.8")).isEqualTo("example.com");
        assertThat(r.names().host("2001:db8::2"))
                .as("no name: the address as given")
                .isEqualTo("2001:db8::2");
        assertThat(r.names().host("198.51.100.1")).as("never asked: the number").isEqualTo("198.51.100.1");
        assertThat(asked.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(asked).hasSize(2);
    }

    @Test
    void lookupsRunInParallelAndTheDeadlineBoundsTheWholeTable() {
        HostLookup slow = a -> {
            Thread.sleep(a.getAddress()[3] == 1 ? 10 : 60_000);
            return "fast.example";
        };
        List<String> addresses = new java.util.ArrayList<>();
        for (int k = 1; k <= 200; k++) {
            addresses.add("198.51.100." + k);
        }
        long start = System.nanoTime();
        Resolver.Result r = new Resolver(slow, SERVICES, Duration.ofMillis(500)).resolve(addresses);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).isBetween(400L, 1500L);
        assertThat(r.unresolved()).isEqualTo(199);
        assertThat(r.names().host("198.51.100.1")).isEqualTo("fast.example");
        assertThat(r.names().host("198.51.100.2")).isEqualTo("198.51.100.2");
    }

    @Test
    void aFailedLookupIsPrintedAsANumberAndCounted() {
        HostLookup broken = a -> {
            throw new java.net.UnknownHostException("SERVFAIL");
        };
        Resolver.Result r = new Resolver(broken, SERVICES, Duration.ofSeconds(1)).resolve(List.of("192.0.2.8"));
        assertThat(r.unresolved()).isEqualTo(1);
        assertThat(r.names().host("192.0.2.8")).isEqualTo("192.0.2.8");
    }

    @Test
    void portsAreNamedFromTheServicesDatabaseFirstNameFirstIcmpNever() {
        assertThat(SERVICES.name(80, "TCP")).isEqualTo("http");
        assertThat(SERVICES.name(80, "UDP")).isEqualTo("80");
        assertThat(SERVICES.name(53, "UDP")).isEqualTo("domain");
        assertThat(SERVICES.name(80, "ICMP")).isEqualTo("80");
        assertThat(SERVICES.name(58239, "TCP")).isEqualTo("58239");
        Resolver.Result r = new Resolver(a -> a.getHostAddress(), SERVICES, Duration.ofSeconds(1)).resolve(List.of());
        assertThat(r.names().service(80, "TCP")).isEqualTo("http");
    }

    @Test
    void theSystemLookupAnswersForLoopback() throws Exception {
        String name = HostLookup.SYSTEM.name(InetAddress.getByName("127.0.0.1"));
        assertThat(name).isNotEmpty();
    }
}
