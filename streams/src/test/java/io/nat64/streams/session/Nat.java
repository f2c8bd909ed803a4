package io.nat64.streams.session;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.GlobalKey;
import io.nat64.core.config.Globals;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.InstanceConfig;
import io.nat64.core.pool.Pool4Entry;
import io.nat64.core.session.BibEntry;
import io.nat64.core.session.Mapping;
import io.nat64.core.session.Session;
import io.nat64.core.session.TcpSegment;
import io.nat64.core.session.Verdict;
import reactor.core.Scannable;
import reactor.core.scheduler.Scheduler;

/** An instance for the tests and ways to make sessions on its owner thread, as packets would. */
final class Nat {
    static final Ipv6Address CLIENT = Ipv6Address.parse("2001:db8::8");
    static final Ipv4Address POOL4 = Ipv4Address.parse("192.0.2.1");
    static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.8");
    static final Ipv6Prefix POOL6 = Ipv6Prefix.parse("64:ff9b::/96");

    private Nat() {}

    /** An instance on {@code owner} with pool4 192.0.2.1 (every port, every protocol), ss-enabled as asked. */
    static Instance instance(Scheduler owner, boolean ssEnabled) {
        Globals g = Globals.defaults().with(GlobalKey.SS_ENABLED, Boolean.toString(ssEnabled));
        Instance i = Instance.create(new InstanceConfig("default", POOL6, null, g), owner, 7);
        for (L4Protocol p : L4Protocol.values()) {
            i.addPool4(Pool4Entry.allPorts(p, Ipv4Prefix.parse("192.0.2.1/32"))).block();
        }
        return i;
    }

    /** A static BIB entry {@code CLIENT#port6 <-> POOL4#port4}, so the follow lines are known in advance. */
    static void staticBib(Instance i, L4Protocol p, int port6, int port4) {
        i.addStaticBib(new BibEntry(p, CLIENT, port6, POOL4, port4, true)).block();
    }

    /** A UDP datagram from {@code client#port} to {@code server#serverPort}. */
    static Verdict udp(Instance i, Ipv6Address client, int port, Ipv4Address server, int serverPort) {
        return i.call(db -> db.table(L4Protocol.UDP)
                        .udpIcmp6(
                                client.high(),
                                client.low(),
                                port,
                                POOL6.address().high(),
                                POOL6.address().low() | (server.bits() & 0xffffffffL),
                                server.bits(),
                                serverPort,
                                i.now(),
                                new Mapping()))
                .block();
    }

    /** An ICMPv6 echo request with identifier {@code id} from {@code CLIENT} to {@code server}. */
    static Verdict echo(Instance i, int id, Ipv4Address server) {
        return i.call(db -> db.table(L4Protocol.ICMP)
                        .udpIcmp6(
                                CLIENT.high(),
                                CLIENT.low(),
                                id,
                                POOL6.address().high(),
                                POOL6.address().low() | (server.bits() & 0xffffffffL),
                                server.bits(),
                                id,
                                i.now(),
                                new Mapping()))
                .block();
    }

    /**
     * A TCP segment with {@code flags} (TCP header bits) from {@code CLIENT#port} to {@code server#serverPort};
     * returns the mask's port, or -1 if it was not translated.
     */
    static int tcp6(Instance i, int port, Ipv4Address server, int serverPort, int flags) {
        return i.call(db -> {
                    Mapping out = new Mapping();
                    Verdict v = db.table(L4Protocol.TCP)
                            .tcp6(
                                    CLIENT.high(),
                                    CLIENT.low(),
                                    port,
                                    POOL6.address().high(),
                                    POOL6.address().low() | (server.bits() & 0xffffffffL),
                                    server.bits(),
                                    serverPort,
                                    TcpSegment.fromIpv6(flags),
                                    i.now(),
                                    out);
                    return v == Verdict.TRANSLATE ? out.src4Port() : -1;
                })
                .block();
    }

    /** A TCP segment with {@code flags} from {@code server#serverPort} to the mask {@code POOL4#port4}. */
    static Verdict tcp4(Instance i, int port4, Ipv4Address server, int serverPort, int flags) {
        return i.call(db -> db.table(L4Protocol.TCP)
                        .tcp4(
                                POOL4.bits(),
                                port4,
                                server.bits(),
                                serverPort,
                                TcpSegment.fromIpv4(flags),
                                new byte[0],
                                0,
                                0,
                                i.now(),
                                new Mapping()))
                .block();
    }

    /** Removes {@code client#port}'s BIB entry and its sessions. */
    static void removeBib(Instance i, L4Protocol p, Ipv6Address client, int port) {
        i.call(db -> db.table(p).removeBib6(client, port, i.now())).block();
    }

    /** How many subscribers the instance's mutation stream has now. */
    static long mutationSubscribers(Instance i) {
        return Scannable.from(i.mutations()).inners().count();
    }

    /** A session's identity: its table, both transport addresses of its IPv6 side, and its IPv4 peer. */
    static String key(Session s) {
        return s.protocol() + " " + s.src6() + "#" + s.src6Port() + " " + s.src4() + "#" + s.src4Port() + " " + s.dst4()
                + "#" + s.dst4Port();
    }
}
