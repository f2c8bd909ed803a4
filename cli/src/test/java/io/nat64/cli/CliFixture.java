package io.nat64.cli;

import io.nat64.cli.resolve.Resolver;
import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.Globals;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.InstanceConfig;
import io.nat64.core.instance.InstanceRegistry;
import io.nat64.core.instance.TestPackets;
import io.nat64.core.pool.Pool4Entry;
import io.nat64.core.pool.Pool6;
import io.nat64.gateway.Gateway;
import io.nat64.gateway.GatewayOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A daemon in the test's JVM (registry with instance {@code default}, pool6 64:ff9b::/96, pool4 192.0.2.1
 * for all protocols, gateway on a free loopback port) and a way to run {@code nat64} against it.
 */
final class CliFixture implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Ipv6Prefix POOL6 = Ipv6Prefix.parse("64:ff9b::/96");

    final InstanceRegistry registry = new InstanceRegistry();
    final Instance instance;
    final Gateway gateway;

    CliFixture() {
        this(true);
    }

    /** A fixture whose instance {@code default} has pool4 192.0.2.1 for every protocol, or no pool4. */
    CliFixture(boolean withPool4) {
        instance = registry.add(new InstanceConfig("default", POOL6, null, Globals.defaults()));
        for (L4Protocol p : withPool4 ? L4Protocol.values() : new L4Protocol[0]) {
            instance.addPool4(Pool4Entry.of(p, Ipv4Prefix.parse("192.0.2.1"))).block(TIMEOUT);
        }
        gateway = Gateway.start(registry, GatewayOptions.loopback(0, -1)).block(TIMEOUT);
    }

    /** What one run of {@code nat64} printed, and its exit code. */
    record Run(int code, String out, String err) {}

    /** Runs {@code nat64 --gateway <this gateway> args...}. */
    Run nat64(String... args) {
        return nat64(Map.of(), null, args);
    }

    /** Runs {@code nat64} with {@code environment} and names resolved by {@code resolver} (null: --numeric only). */
    Run nat64(Map<String, String> environment, Supplier<Resolver> resolver, String... args) {
        List<String> all = new ArrayList<>();
        if (!environment.containsKey(Nat64Command.GATEWAY_ENV)) {
            all.add("--gateway");
            all.add("127.0.0.1:" + gateway.tcpAddress().getPort());
        }
        all.addAll(List.of(args));
        return run(
                new Nat64Command(
                        environment,
                        resolver == null
                                ? () -> {
                                    throw new AssertionError("this test resolves no names");
                                }
                                : resolver),
                all.toArray(new String[0]));
    }

    static Run run(Nat64Command top, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(top, args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** A UDP packet from {@code src6}#{@code port} to {@code dst4}#{@code dport} through the instance. */
    void udp(String src6, int port, String dst4, int dport) {
        instance.receive(TestPackets.udp6(Ipv6Address.parse(src6), port, embed(dst4), dport, new byte[] {'h', 'i'}))
                .block(TIMEOUT);
    }

    /** A TCP SYN from {@code src6}#{@code port} to {@code dst4}#{@code dport}. */
    void syn(String src6, int port, String dst4, int dport) {
        instance.receive(TestPackets.tcp6(Ipv6Address.parse(src6), port, embed(dst4), dport, TestPackets.SYN))
                .block(TIMEOUT);
    }

    static Ipv6Address embed(String ipv4) {
        return Pool6.of(POOL6).embed(Ipv4Address.parse(ipv4));
    }

    @Override
    public void close() {
        gateway.dispose();
        registry.close();
    }
}
