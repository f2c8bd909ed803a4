package io.nat64.cli;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.GlobalKey;
import io.nat64.core.config.Globals;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.InstanceConfig;
import io.nat64.core.instance.InstanceRegistry;
import io.nat64.core.pool.Pool4Entry;
import io.nat64.core.pool.Pool6;
import io.nat64.core.session.MergeResult;
import io.nat64.core.session.Session;
import io.nat64.core.session.TcpState;
import io.nat64.core.session.TimerType;
import io.nat64.gateway.Gateway;
import io.nat64.gateway.GatewayOptions;

/**
 * A daemon for the CLI figures of docs/benchmarks.md: instance {@code default} with N TCP sessions (N/2
 * clients times 2 peers each, masks from 192.0.2.0/24) and a gateway on 127.0.0.1:PORT, until killed.
 *
 * <p>{@code java -cp ... io.nat64.cli.BenchDaemon 6410 100000}
 */
public final class BenchDaemon {
    private BenchDaemon() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int sessions = Integer.parseInt(args[1]);
        InstanceRegistry registry = new InstanceRegistry();
        Ipv6Prefix pool6 = Ipv6Prefix.parse("64:ff9b::/96");
        Instance nat = registry.add(new InstanceConfig("default", pool6, null, Globals.defaults()));
        nat.updateGlobal(GlobalKey.TCP_EST_TIMEOUT, "23:59:59").block();
        nat.addPool4(Pool4Entry.of(L4Protocol.TCP, Ipv4Prefix.parse("192.0.2.0/24"), 1024, 65535))
                .block();
        Pool6 p6 = Pool6.of(pool6);
        int made = nat.call(db -> {
                    int ok = 0;
                    for (int k = 0; k < sessions; k++) {
                        int client = k / 2;
                        Ipv4Address dst4 = new Ipv4Address(0xc6336400 | (k % 2 == 0 ? 7 : 8)); // 198.51.100.7/8
                        Session s = new Session(
                                L4Protocol.TCP,
                                new Ipv6Address(0x20010db800000000L, client / 40000 + 1),
                                1024 + client % 40000,
                                p6.embed(dst4),
                                443,
                                new Ipv4Address(0xc0000200 | (client % 256)),
                                1024 + client / 256,
                                dst4,
                                443,
                                TcpState.ESTABLISHED,
                                TimerType.EST,
                                0,
                                0);
                        if (db.table(L4Protocol.TCP).merge(s, 86_000_000L, nat.now()) == MergeResult.ADDED) {
                            ok++;
                        }
                    }
                    return ok;
                })
                .block();
        Gateway gateway =
                Gateway.start(registry, GatewayOptions.loopback(port, -1)).block();
        System.out.println("READY " + gateway.tcpAddress() + " sessions=" + made);
        gateway.onClose().block();
    }
}
