package io.nat64.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.config.Globals;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PagedDumpTest {
    private static final Ipv4Address[] SERVERS = {
        Ipv4Address.parse("192.0.2.8"), Ipv4Address.parse("198.51.100.7"), Ipv4Address.parse("203.0.113.200")
    };

    private static String key(Session s) {
        return s.src6() + "#" + s.src6Port() + "/" + s.src4Port() + ">" + s.dst4() + "#" + s.dst4Port();
    }

    private static void traffic(TableFixture f, Random r, int n, long now) {
        for (int i = 0; i < n; i++) {
            Ipv6Address c = Ipv6Address.parse("2001:db8::" + Integer.toHexString(1 + r.nextInt(40)));
            f.udp6(c, 1 + r.nextInt(30), SERVERS[r.nextInt(SERVERS.length)], 1 + r.nextInt(5), now);
        }
    }

    private static List<Session> dump(BibTable t, int pageSize, Runnable betweenPages) {
        List<Session> all = new ArrayList<>();
        List<Session> page = new ArrayList<>();
        long src4 = -1;
        long dst4 = -1;
        while (true) {
            page.clear();
            int n = t.page(src4, dst4, pageSize, page);
            all.addAll(page);
            if (n < pageSize) {
                return all;
            }
            Session last = page.get(page.size() - 1);
            src4 = ((last.src4().bits() & 0xffffffffL) << 16) | last.src4Port();
            dst4 = ((last.dst4().bits() & 0xffffffffL) << 16) | last.dst4Port();
            betweenPages.run();
        }
    }

    @Test
    void pagesConcatenateToTheWholeTableInJoolsOrder() {
        TableFixture f = new TableFixture(Globals.defaults(), 1000, 9000);
        traffic(f, new Random(5), 2000, 0);
        List<Session> whole = f.udp().sessions();
        for (int pageSize : new int[] {1, 2, 3, 7, 15, 16, 17, 100, 10_000}) {
            assertThat(dump(f.udp(), pageSize, () -> {}))
                    .as("page size %d", pageSize)
                    .isEqualTo(whole);
        }
    }

    @Test
    void anEmptyTableDumpsNothing() {
        TableFixture f = new TableFixture();
        assertThat(f.udp().page(-1, -1, 10, new ArrayList<>())).isZero();
    }

    @Test
    void underChurnEverySessionAliveThroughoutAppearsExactlyOnceAndNoneTwice() {
        for (long seed = 1; seed <= 20; seed++) {
            Random r = new Random(seed);
            TableFixture f = new TableFixture(Globals.defaults(), 1000, 9000);
            traffic(f, r, 1500, 0);
            Set<String> before = new HashSet<>();
            f.udp().sessions().forEach(s -> before.add(key(s)));
            f.mutations.clear();
            long[] now = {0};
            List<Session> dumped = dump(f.udp(), 1 + r.nextInt(50), () -> {
                // Between pages: new flows, refreshes, and some sessions expire.
                now[0] += 60_000;
                traffic(f, r, 20, now[0]);
                f.udp().expire(now[0] + 240_000 - 1, 5); // a handful of the oldest die
            });
            Set<String> removed = new HashSet<>();
            f.mutations.stream()
                    .filter(m -> m.kind() == SessionMutation.Kind.REMOVED)
                    .forEach(m -> removed.add(key(m.session())));
            assertThat(removed).as("seed %d: churn removed sessions", seed).isNotEmpty();
            Set<String> seen = new HashSet<>();
            for (Session s : dumped) {
                assertThat(seen.add(key(s)))
                        .as("seed %d: %s twice", seed, key(s))
                        .isTrue();
            }
            for (String k : before) {
                if (!removed.contains(k)) {
                    assertThat(seen).as("seed %d", seed).contains(k);
                }
            }
        }
    }
}
