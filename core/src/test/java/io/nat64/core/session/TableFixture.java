package io.nat64.core.session;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.Globals;
import io.nat64.core.pool.Pool4;
import io.nat64.core.pool.Pool4Entry;
import io.nat64.core.pool.Pool6;
import java.util.ArrayList;
import java.util.List;

/** Tables over pool6 64:ff9b::/96 and a small pool4, recording what they publish. */
final class TableFixture implements SessionListener {
    static final Ipv6Address CLIENT = Ipv6Address.parse("2001:db8::8");
    static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.8");
    static final Ipv4Address POOL4 = Ipv4Address.parse("192.0.2.1");

    final Pool6 pool6 = Pool6.of(Ipv6Prefix.parse("64:ff9b::/96"));
    final Pool4 pool4 = new Pool4(1, 2);
    final List<SessionMutation> mutations = new ArrayList<>();
    final List<Session> probes = new ArrayList<>();
    final List<byte[]> portUnreachables = new ArrayList<>();
    final Mapping out = new Mapping();
    final SessionDb db;
    boolean listening = true;

    TableFixture(Globals globals, int minPort, int maxPort) {
        for (L4Protocol p : L4Protocol.values()) {
            pool4.add(Pool4Entry.of(p, new Ipv4Prefix(POOL4, 32), minPort, maxPort));
        }
        db = new SessionDb(pool6, pool4, globals, this, 42);
    }

    TableFixture() {
        this(Globals.defaults(), 61001, 65535);
    }

    BibTable udp() {
        return db.table(L4Protocol.UDP);
    }

    BibTable tcp() {
        return db.table(L4Protocol.TCP);
    }

    BibTable icmp() {
        return db.table(L4Protocol.ICMP);
    }

    Verdict udp6(Ipv6Address src6, int src6Port, Ipv4Address dst4, int dst4Port, long now) {
        return udp().udpIcmp6(
                        src6.high(),
                        src6.low(),
                        src6Port,
                        pool6.embedHigh(dst4.bits()),
                        pool6.embedLow(dst4.bits()),
                        dst4.bits(),
                        dst4Port,
                        now,
                        out);
    }

    Verdict udp4(int src4Port, Ipv4Address dst4, int dst4Port, long now) {
        return udp().udpIcmp4(POOL4.bits(), src4Port, dst4.bits(), dst4Port, now, out);
    }

    Verdict tcp6(int src6Port, int dst4Port, int segment, long now) {
        return tcp().tcp6(
                        CLIENT.high(),
                        CLIENT.low(),
                        src6Port,
                        pool6.embedHigh(SERVER.bits()),
                        pool6.embedLow(SERVER.bits()),
                        SERVER.bits(),
                        dst4Port,
                        segment,
                        now,
                        out);
    }

    Verdict tcp4(int src4Port, int dst4Port, int segment, long now) {
        byte[] packet = {0x45, 1, 2, 3};
        return tcp().tcp4(POOL4.bits(), src4Port, SERVER.bits(), dst4Port, segment, packet, 0, packet.length, now, out);
    }

    List<SessionMutation.Kind> kinds() {
        return mutations.stream().map(SessionMutation::kind).toList();
    }

    @Override
    public boolean isListening() {
        return listening;
    }

    @Override
    public void onMutation(SessionMutation mutation) {
        mutations.add(mutation);
    }

    @Override
    public void onProbe(Session session) {
        probes.add(session);
    }

    @Override
    public void onSimultaneousOpenTimeout(byte[] storedIpv4Packet) {
        portUnreachables.add(storedIpv4Packet);
    }
}
