package io.nat64.streams.sync;

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
import io.nat64.core.session.Mapping;
import io.nat64.core.session.Session;
import io.nat64.core.session.SessionDb;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import reactor.core.scheduler.Scheduler;

/** NAT64 nodes configured alike (pool6 64:ff9b::/96, pool4 192.0.2.1 ports 0-65535), as sync peers must be. */
final class Nodes {
    static final Ipv6Prefix POOL6 = Ipv6Prefix.parse("64:ff9b::/96");
    static final Ipv4Address POOL4 = Ipv4Address.parse("192.0.2.1");
    static final Ipv4Address SERVER = Ipv4Address.parse("198.51.100.7");

    private Nodes() {}

    /** An instance with ss-enabled and pool4 for the three protocols, on {@code owner}. */
    static Instance node(Scheduler owner, long seed, GlobalKey key, String value) {
        Globals g = Globals.defaults().with(GlobalKey.SS_ENABLED, "true").with(key, value);
        return node(owner, seed, g);
    }

    static Instance node(Scheduler owner, long seed) {
        return node(owner, seed, Globals.defaults().with(GlobalKey.SS_ENABLED, "true"));
    }

    static Instance node(Scheduler owner, long seed, Globals globals) {
        Instance i = Instance.create(new InstanceConfig("default", POOL6, null, globals), owner, seed);
        for (L4Protocol p : L4Protocol.values()) {
            i.addPool4(Pool4Entry.allPorts(p, Ipv4Prefix.parse("192.0.2.1/32"))).block();
        }
        return i;
    }

    /** The IPv6 client number {@code n}: 2001:db8::n. */
    static Ipv6Address client(int n) {
        return new Ipv6Address(0x2001_0db8_0000_0000L, n);
    }

    /** Creates UDP sessions from clients {@code from} to {@code from + count - 1}, port 5000, to SERVER:53. */
    static void udpSessions(Instance i, int from, int count) {
        i.call(db -> {
                    addUdp(db, i, from, count);
                    return true;
                })
                .block();
    }

    static void addUdp(SessionDb db, Instance i, int from, int count) {
        Mapping m = new Mapping();
        long now = i.now();
        Ipv6Address dst6 = i.pool6().embed(SERVER);
        for (int n = from; n < from + count; n++) {
            Ipv6Address c = client(n);
            db.table(L4Protocol.UDP)
                    .udpIcmp6(c.high(), c.low(), 5000, dst6.high(), dst6.low(), SERVER.bits(), 53, now, m);
        }
    }

    /** Every session of every protocol, without times, sorted: what two synced tables must agree on. */
    static List<String> table(Instance i) {
        List<String> out = new ArrayList<>();
        for (L4Protocol p : L4Protocol.values()) {
            for (Session s : i.sessions(p).block()) {
                out.add(s.protocol() + " " + s.src6() + "#" + s.src6Port() + " " + s.dst6() + "#" + s.dst6Port()
                        + " " + s.src4() + "#" + s.src4Port() + " " + s.dst4() + "#" + s.dst4Port() + " "
                        + s.state() + " " + s.timer());
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** {@link #table} with expiry times: nothing at all may differ. */
    static List<Session> sessions(Instance i) {
        List<Session> out = new ArrayList<>();
        for (L4Protocol p : L4Protocol.values()) {
            out.addAll(i.sessions(p).block());
        }
        return out;
    }
}
