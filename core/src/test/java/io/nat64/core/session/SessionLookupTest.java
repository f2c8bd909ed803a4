package io.nat64.core.session;

import static io.nat64.core.session.TableFixture.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import org.junit.jupiter.api.Test;

/**
 * Sessions are found through the flow table from both sides, whether their BIB entry has few or many, while
 * the table grows under them, and none that is gone.
 */
class SessionLookupTest {
    /** What the session index's threshold was: entries below and above it are still both exercised. */
    private static final int FEW = 4;

    private static Ipv4Address server(int i) {
        return Ipv4Address.parse("198.51.100." + i);
    }

    @Test
    void everySessionOfEntriesWithFewSessionsIsFoundAndNoOther() {
        TableFixture f = new TableFixture();
        for (int port = 1; port <= 100; port++) {
            for (int peer = 1; peer <= FEW; peer++) {
                f.udp6(CLIENT, port, server(peer), 53, 0);
            }
        }
        assertThat(f.udp().sessionCount()).isEqualTo(100 * FEW);
        assertThat(f.udp().flows.size()).isEqualTo(100 * FEW);
        for (int port = 1; port <= 100; port++) {
            for (int peer = 1; peer <= FEW; peer++) {
                assertThat(f.udp().find(CLIENT, port, server(peer), 53)).isNotNull();
            }
            assertThat(f.udp().find(CLIENT, port, server(FEW + 1), 53)).isNull();
        }
    }

    @Test
    void anEntryThatGrowsPastFewIsIndexedWholeAndStaysFindableAsItShrinks() {
        TableFixture f = new TableFixture();
        int peers = 3 * FEW;
        for (int peer = 1; peer <= peers; peer++) {
            f.udp6(CLIENT, 7, server(peer), 53, peer);
        }
        assertThat(f.udp().flows.size()).isEqualTo(peers);
        int mask = f.out.src4Port();
        for (int peer = 1; peer <= peers; peer++) {
            assertThat(f.udp().find(CLIENT, 7, server(peer), 53)).isNotNull();
            assertThat(f.udp()
                            .findByMask(
                                    TableFixture.POOL4.bits(),
                                    mask,
                                    server(peer).bits(),
                                    53))
                    .isNotNull();
        }
        f.udp().expire(300_000 + peers - 2, 1000); // all but the last two expire
        assertThat(f.udp().sessionCount()).isEqualTo(2);
        assertThat(f.udp().flows.size()).isEqualTo(2);
        assertThat(f.udp().find(CLIENT, 7, server(1), 53)).isNull();
        assertThat(f.udp().find(CLIENT, 7, server(peers), 53)).isNotNull();
        f.udp4(mask, server(peers - 1), 53, 400_000); // the IPv4 side refreshes an indexed session
        f.udp().expire(300_000 + peers, 1000);
        assertThat(f.udp().sessionCount()).isEqualTo(1);
        f.udp().expire(800_000, 1000);
        assertThat(f.udp().sessionCount()).isZero();
        assertThat(f.udp().flows.size()).isZero();
        assertThat(f.udp().bibCount()).isZero();
    }

    @Test
    void aSessionThatDiedIsNeverFoundAgainThroughItsLiveEntry() {
        TableFixture f = new TableFixture();
        f.udp6(CLIENT, 7, server(1), 53, 0); // first on its entry's list, and looked up through it
        f.udp6(CLIENT, 7, server(2), 53, 100_000); // keeps the entry alive
        int mask = f.out.src4Port();
        f.udp().expire(300_001, 1000);
        assertThat(f.udp().sessionCount()).isEqualTo(1);
        f.mutations.clear();
        f.udp6(CLIENT, 7, server(1), 53, 300_002);
        assertThat(f.kinds()).containsExactly(SessionMutation.Kind.ADDED);
        f.udp4(mask, server(1), 53, 300_003);
        f.udp6(CLIENT, 7, server(1), 53, 300_004);
        assertThat(f.udp().sessionCount()).isEqualTo(2);
        assertThat(f.udp().find(CLIENT, 7, server(1), 53)).isNotNull().satisfies(s -> assertThat(s.updateTime())
                .isEqualTo(300_004));
        f.udp().expire(500_000, 1000); // the second session goes; the first lives on
        assertThat(f.udp().sessions()).singleElement().satisfies(s -> assertThat(s.dst4())
                .isEqualTo(server(1)));
    }

    @Test
    void packetsFromEitherSideFindTheirOwnSessionWhileTheIndexGrowsUnderThem() {
        TableFixture f = new TableFixture();
        java.util.Random r = new java.util.Random(21);
        int flows = 3000;
        int[] mask = new int[flows];
        long[][] updated = new long[flows][2];
        long now = 0;
        for (int i = 0; i < flows; i++) {
            for (int peer = 0; peer < 2; peer++) {
                assertThat(f.udp6(CLIENT, 1000 + i, server(1 + peer * 100 + i % 100), 53, ++now))
                        .isEqualTo(Verdict.TRANSLATE);
                updated[i][peer] = now;
            }
            mask[i] = f.out.src4Port();
            for (int k = 0; k < 4; k++) { // earlier flows, while the buckets migrate
                int j = r.nextInt(i + 1);
                int peer = r.nextInt(2);
                Ipv4Address dst = server(1 + peer * 100 + j % 100);
                now++;
                if (r.nextBoolean()) {
                    assertThat(f.udp4(mask[j], dst, 53, now)).isEqualTo(Verdict.TRANSLATE);
                    assertThat(f.out.src6Port()).isEqualTo(1000 + j);
                } else {
                    f.udp6(CLIENT, 1000 + j, dst, 53, now);
                    assertThat(f.out.src4Port()).isEqualTo(mask[j]);
                }
                updated[j][peer] = now;
            }
        }
        assertThat(f.udp().sessionCount()).isEqualTo(2 * flows);
        for (int i = 0; i < flows; i++) {
            for (int peer = 0; peer < 2; peer++) {
                assertThat(f.udp().find(CLIENT, 1000 + i, server(1 + peer * 100 + i % 100), 53))
                        .isNotNull()
                        .extracting(Session::updateTime)
                        .isEqualTo(updated[i][peer]);
            }
        }
    }

    @Test
    void aBurstReadAheadOfEitherSideAndOfUnknownFlowsChangesNothingAndEmptiesItself() {
        TableFixture f = new TableFixture();
        f.tcp6(1000, 80, TcpSegment.fromIpv6(TcpSegment.SYN), 5);
        int mask = f.out.src4Port();
        int server = TableFixture.SERVER.bits();
        for (int port = 2000; port < 2100; port++) { // other entries, so that buckets hold chains
            f.tcp6(port, 80, TcpSegment.fromIpv6(TcpSegment.SYN), 6);
        }
        f.mutations.clear();
        BibTable t = f.tcp();
        BurstPrefetch burst = new BurstPrefetch();
        for (int round = 0; round < 2; round++) {
            burst.add6(t, CLIENT.high(), CLIENT.low(), 1000, server, 80);
            burst.add4(t, TableFixture.POOL4.bits(), mask, server, 80);
            burst.add6(t, CLIENT.high(), CLIENT.low(), 1000, server, 81); // no such session
            burst.add6(t, CLIENT.high(), CLIENT.low(), 1001, server, 80); // no such BIB entry
            burst.add4(t, TableFixture.POOL4.bits(), mask ^ 1, server, 80);
            burst.add6(f.udp(), CLIENT.high(), CLIENT.low(), 1000, server, 80); // another table, empty
            assertThat(burst.size()).isEqualTo(6);
            burst.run();
            assertThat(burst.size()).isZero();
        }
        for (int i = 0; i < BurstPrefetch.CAPACITY + 3; i++) {
            burst.add4(t, TableFixture.POOL4.bits(), mask, server, 80);
        }
        assertThat(burst.isFull()).isTrue();
        assertThat(burst.size()).isEqualTo(BurstPrefetch.CAPACITY);
        burst.run();
        assertThat(f.mutations).isEmpty();
        assertThat(t.find(CLIENT, 1000, TableFixture.SERVER, 80)).isNotNull().satisfies(s -> {
            assertThat(s.updateTime()).isEqualTo(5);
            assertThat(s.state()).isEqualTo(TcpState.V6_INIT);
        });
        assertThat(t.sessionCount()).isEqualTo(101);
        assertThat(t.bibCount()).isEqualTo(101);
    }

    @Test
    void tensOfThousandsOfSessionsOfOneEntryExpireOldestFirstAndTheEntryWithTheLast() {
        TableFixture f = new TableFixture();
        f.listening = false;
        int n = 0;
        for (int host = 1; host <= 250; host++) {
            for (int port = 1; port <= 100; port++) {
                f.udp6(CLIENT, 9, server(host), port, n++); // the oldest ends up last on the entry's list
            }
        }
        assertThat(f.udp().sessionCount()).isEqualTo(25_000);
        assertThat(f.udp().bibCount()).isEqualTo(1);
        for (int expired = 0; expired < n; expired += 1000) {
            f.udp().expire(300_000 + expired + 999, 1 << 20);
            assertThat(f.udp().sessionCount()).isEqualTo(n - expired - 1000);
            if (expired + 1000 < n) {
                int next = expired + 1000; // the oldest survivor
                assertThat(f.udp().find(CLIENT, 9, server(1 + next / 100), 1 + next % 100))
                        .isNotNull();
                assertThat(f.udp().find(CLIENT, 9, server(1 + (next - 1) / 100), 1 + (next - 1) % 100))
                        .isNull();
            }
        }
        assertThat(f.udp().bibCount()).isZero();
        assertThat(f.udp().flows.size()).isZero();
    }
}
