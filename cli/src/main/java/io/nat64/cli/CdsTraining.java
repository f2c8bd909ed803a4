package io.nat64.cli;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.Globals;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.InstanceConfig;
import io.nat64.core.instance.InstanceRegistry;
import io.nat64.core.pool.Pool4Entry;
import io.nat64.core.session.Session;
import io.nat64.core.session.TcpState;
import io.nat64.core.session.TimerType;
import io.nat64.gateway.Gateway;
import io.nat64.gateway.GatewayOptions;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The class-data-sharing training run of {@code bin/nat64}: runs the common commands once against a
 * gateway in this JVM, so that {@code -XX:ArchiveClassesAtExit} archives every class a command needs and
 * later runs start from the archive. Prints nothing.
 */
public final class CdsTraining {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private CdsTraining() {}

    /** Runs the training commands; exits 0. */
    public static void main(String[] args) {
        LogConfig.apply(java.util.Map.of());
        reactor.core.publisher.Hooks.onErrorDropped(e -> {});
        InstanceRegistry registry = new InstanceRegistry();
        Instance nat =
                registry.add(new InstanceConfig("default", Ipv6Prefix.parse("64:ff9b::/96"), null, Globals.defaults()));
        Gateway gateway = null;
        try {
            for (L4Protocol p : L4Protocol.values()) {
                nat.addPool4(Pool4Entry.of(p, Ipv4Prefix.parse("192.0.2.1"))).block(TIMEOUT);
                Session s = new Session(
                        p,
                        Ipv6Address.parse("2001:db8::2"),
                        58239,
                        Ipv6Address.parse("64:ff9b::5db8:d877"),
                        80,
                        Ipv4Address.parse("192.0.2.1"),
                        61001,
                        Ipv4Address.parse("93.184.216.119"),
                        p == L4Protocol.ICMP ? 61001 : 80,
                        TcpState.ESTABLISHED,
                        TimerType.EST,
                        0,
                        0);
                nat.call(db -> db.table(p).merge(s, 60_000, nat.now())).block(TIMEOUT);
            }
            gateway = Gateway.start(registry, GatewayOptions.loopback(0, -1)).block(TIMEOUT);
            String where = "127.0.0.1:" + gateway.tcpAddress().getPort();
            for (List<String> command : List.of(
                    List.of("session", "display", "--numeric"),
                    List.of("session", "display", "--numeric", "--csv"),
                    List.of("session", "display", "--udp", "--numeric", "--csv", "--no-headers"),
                    List.of("bib", "display", "--numeric"),
                    List.of("pool4", "display"),
                    List.of("pool6", "display"),
                    List.of("global", "display"),
                    List.of("stats", "display", "--all"),
                    List.of("instance", "display"),
                    List.of("-i", "none", "global", "display"),
                    List.of("session", "display", "--tcp", "--udp"),
                    List.of("session", "display", "--help"))) {
                String[] args2 = new String[command.size() + 2];
                args2[0] = "--gateway";
                args2[1] = where;
                for (int k = 0; k < command.size(); k++) {
                    args2[k + 2] = command.get(k);
                }
                Main.run(new Nat64Command(Map.of()), args2, silent(), silent());
            }
        } finally {
            if (gateway != null) {
                gateway.dispose();
            }
            registry.close();
        }
        System.exit(0);
    }

    private static PrintWriter silent() {
        return new PrintWriter(Writer.nullWriter());
    }
}
