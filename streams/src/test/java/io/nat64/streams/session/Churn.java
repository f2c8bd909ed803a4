package io.nat64.streams.session;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.SessionMutation;
import io.nat64.core.session.TcpSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.Disposable;

/**
 * Seeded random traffic on all three tables, one owner task per packet as the data plane would run it: new
 * flows, refreshes, TCP state changes, and removals. Records the key of every session removed meanwhile.
 */
final class Churn implements AutoCloseable {
    static final Ipv4Address[] SERVERS = {
        Ipv4Address.parse("192.0.2.8"), Ipv4Address.parse("198.51.100.7"), Ipv4Address.parse("203.0.113.200")
    };

    private final Instance nat;
    private final Random random;
    /** Open TCP flows: {IPv6 port, mask port, server index}. */
    private final List<int[]> tcp = new ArrayList<>();

    private final Set<String> removed = ConcurrentHashMap.newKeySet();
    private final Disposable watch;

    Churn(Instance nat, long seed) {
        this.nat = nat;
        this.random = new Random(seed);
        this.watch = nat.mutations()
                .filter(m -> m.kind() == SessionMutation.Kind.REMOVED)
                .subscribe(m -> removed.add(Nat.key(m.session())));
    }

    /** Keys of the sessions removed since this churn started. */
    Set<String> removed() {
        return removed;
    }

    /** Creates {@code udp} UDP, {@code tcp} TCP (some established) and {@code icmp} ICMP sessions. */
    void populate(int udp, int tcpFlows, int icmp) {
        for (int i = 0; i < udp; i++) {
            Nat.udp(nat, client(i % 40), 1 + i / 40, SERVERS[i % 3], 1 + i % 5);
        }
        for (int i = 0; i < tcpFlows; i++) {
            openTcp(1000 + i, i % 3);
        }
        for (int i = 0; i < icmp; i++) {
            Nat.echo(nat, 1 + i, SERVERS[i % 3]);
        }
    }

    /** {@code n} random packets or administrative removals. */
    void run(int n) {
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(7)) {
                case 0, 1 ->
                    Nat.udp(
                            nat,
                            client(random.nextInt(60)),
                            1 + random.nextInt(60),
                            SERVERS[random.nextInt(3)],
                            1 + random.nextInt(5));
                case 2 -> openTcp(1000 + random.nextInt(3000), random.nextInt(3));
                case 3 -> stepTcp();
                case 4 -> Nat.echo(nat, 1 + random.nextInt(400), SERVERS[random.nextInt(3)]);
                case 5 -> Nat.removeBib(nat, L4Protocol.UDP, client(random.nextInt(60)), 1 + random.nextInt(60));
                default -> {
                    if (!tcp.isEmpty()) {
                        int[] f = tcp.remove(random.nextInt(tcp.size()));
                        Nat.removeBib(nat, L4Protocol.TCP, Nat.CLIENT, f[0]);
                    }
                }
            }
        }
    }

    private void openTcp(int port6, int server) {
        int port4 = Nat.tcp6(nat, port6, SERVERS[server], 80, TcpSegment.SYN);
        if (port4 >= 0) {
            tcp.add(new int[] {port6, port4, server});
            if (random.nextBoolean()) {
                Nat.tcp4(nat, port4, SERVERS[server], 80, TcpSegment.SYN);
            }
        }
    }

    private void stepTcp() {
        if (tcp.isEmpty()) {
            return;
        }
        int[] f = tcp.get(random.nextInt(tcp.size()));
        Ipv4Address server = SERVERS[f[2]];
        switch (random.nextInt(4)) {
            case 0 -> Nat.tcp4(nat, f[1], server, 80, TcpSegment.SYN);
            case 1 -> Nat.tcp6(nat, f[0], server, 80, TcpSegment.FIN);
            case 2 -> Nat.tcp4(nat, f[1], server, 80, TcpSegment.FIN);
            default -> Nat.tcp6(nat, f[0], server, 80, TcpSegment.RST);
        }
    }

    private static Ipv6Address client(int i) {
        return new Ipv6Address(Nat.CLIENT.high(), 0x100 + i);
    }

    @Override
    public void close() {
        watch.dispose();
    }
}
