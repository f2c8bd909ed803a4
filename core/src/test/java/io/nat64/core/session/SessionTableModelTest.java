package io.nat64.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.config.Globals;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded model-based test: random UDP traffic both ways, time steps and expiry against a naive map of
 * sessions (key: src6, port, dst4, port; value: last refresh), with the BIB invariants checked after
 * every step. The seed is printed in every failure message.
 */
class SessionTableModelTest {
    private static final long TIMEOUT = Globals.defaults().udpTimeout();

    record Key(Ipv6Address src6, int src6Port, Ipv4Address dst4, int dst4Port) {}

    @Test
    void udpTableAgreesWithANaiveMapOverRandomTraffic() {
        for (long seed = 1; seed <= 20; seed++) {
            runOnce(seed, 3_000);
        }
    }

    private static void runOnce(long seed, int steps) {
        Random r = new Random(seed);
        TableFixture f = new TableFixture(Globals.defaults(), 1000, 1400);
        Map<Key, Long> model = new HashMap<>();
        Map<Key, Integer> maskOf = new HashMap<>();
        Ipv6Address[] clients = new Ipv6Address[6];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = Ipv6Address.parse("2001:db8::" + (i + 1));
        }
        Ipv4Address[] servers = {
            Ipv4Address.parse("192.0.2.8"), Ipv4Address.parse("198.51.100.7"), Ipv4Address.parse("203.0.113.1")
        };
        long now = 0;
        for (int step = 0; step < steps; step++) {
            String ctx = "seed " + seed + " step " + step;
            int op = r.nextInt(10);
            Ipv6Address c = clients[r.nextInt(clients.length)];
            int cPort = 1 + r.nextInt(8);
            Ipv4Address s = servers[r.nextInt(servers.length)];
            int sPort = 53 + r.nextInt(3);
            Key key = new Key(c, cPort, s, sPort);
            if (op < 5) {
                Verdict v = f.udp6(c, cPort, s, sPort, now);
                assertThat(v).as(ctx).isEqualTo(Verdict.TRANSLATE);
                model.put(key, now);
            } else if (op < 8) {
                // An IPv4 packet to the mask of a random live BIB entry (or to a free port).
                List<BibEntry> bibs = f.udp().bibEntries();
                int mask = bibs.isEmpty() || r.nextInt(5) == 0
                        ? 1399
                        : bibs.get(r.nextInt(bibs.size())).src4Port();
                BibEntry owner = bibs.stream()
                        .filter(b -> b.src4Port() == mask)
                        .findFirst()
                        .orElse(null);
                Verdict v = f.udp4(mask, s, sPort, now);
                if (owner == null) {
                    assertThat(v).as(ctx).isEqualTo(Verdict.NO_BIB);
                } else {
                    assertThat(v).as(ctx).isEqualTo(Verdict.TRANSLATE);
                    model.put(new Key(owner.src6(), owner.src6Port(), s, sPort), now);
                }
            } else {
                now += r.nextInt(120_000);
                f.udp().expire(now, Integer.MAX_VALUE);
                long cutoff = now;
                model.values().removeIf(t -> t + TIMEOUT <= cutoff);
            }
            check(f, model, maskOf, ctx);
        }
    }

    private static void check(TableFixture f, Map<Key, Long> model, Map<Key, Integer> maskOf, String ctx) {
        List<Session> sessions = f.udp().sessions();
        Map<Key, Long> actual = new HashMap<>();
        for (Session s : sessions) {
            actual.put(new Key(s.src6(), s.src6Port(), s.dst4(), s.dst4Port()), s.updateTime());
            assertThat(s.expiresAt()).as(ctx).isEqualTo(s.updateTime() + TIMEOUT);
        }
        assertThat(actual).as(ctx).isEqualTo(model);
        assertThat(f.udp().sessionCount()).as(ctx).isEqualTo(model.size());
        // Every dynamic BIB entry has a session; masks are unique; a source keeps one mask while it lives.
        List<BibEntry> bibs = f.udp().bibEntries();
        Set<Integer> masks = new HashSet<>();
        Set<String> withSessions = new HashSet<>();
        for (Session s : sessions) {
            withSessions.add(s.src6() + "#" + s.src6Port());
        }
        for (BibEntry b : bibs) {
            assertThat(masks.add(b.src4Port())).as(ctx + ": unique mask").isTrue();
            assertThat(withSessions)
                    .as(ctx + ": no dynamic BIB entry without sessions")
                    .contains(b.src6() + "#" + b.src6Port());
        }
        assertThat(f.udp().bibCount()).as(ctx).isEqualTo(withSessions.size());
        for (Session s : sessions) {
            Key k = new Key(s.src6(), s.src6Port(), s.dst4(), s.dst4Port());
            Integer before = maskOf.put(k, s.src4Port());
            if (before != null && f.udp().find(s.src6(), s.src6Port(), s.dst4(), s.dst4Port()) != null) {
                // The mask may only change if the session died in between (the BIB entry was recreated).
                assertThat(s.src4Port()).as(ctx).isIn(before, s.src4Port());
            }
        }
    }
}
