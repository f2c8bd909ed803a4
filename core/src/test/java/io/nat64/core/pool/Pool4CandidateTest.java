package io.nat64.core.pool;

import static io.nat64.core.addr.L4Protocol.TCP;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Address;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Pool4#candidate} and {@link Pool4#following}, a read-ahead's view of RFC 6056 algorithm 3: the first
 * candidate and the order of the others are the ones {@link Pool4#allocate} tries, and asking changes nothing.
 */
class Pool4CandidateTest {
    private static final Ipv6Address CLIENT = Ipv6Address.parse("2001:db8::1");
    private static final Ipv6Address SERVER = Ipv6Address.parse("64:ff9b::203.0.113.5");
    private static final Pool4.Occupancy NOTHING_TAKEN = (addr, port) -> false;

    private static Pool4 pool() {
        Pool4 pool = new Pool4(0x0123456789abcdefL, 0xfedcba9876543210L);
        pool.add(Pool4Entry.of(TCP, Ipv4Prefix.parse("192.0.2.0/30"), 1000, 1999));
        pool.add(Pool4Entry.of(TCP, Ipv4Prefix.parse("192.0.2.1/32"), 3000, 3002));
        return pool;
    }

    private static long allocate(Pool4 pool, int srcPort, Pool4.Occupancy taken) {
        return pool.allocate(TCP, CLIENT.high(), CLIENT.low(), srcPort, SERVER.high(), SERVER.low(), 443, taken);
    }

    private static long candidate(Pool4 pool, int srcPort, long ahead) {
        return pool.candidate(TCP, CLIENT.high(), CLIENT.low(), srcPort, SERVER.high(), SERVER.low(), 443, ahead);
    }

    @Test
    void theCandidateIsTheMaskAFreePoolAllocatesAndAskingChangesNothing() {
        Pool4 asked = pool();
        Pool4 twin = pool();
        for (int srcPort = 40000; srcPort < 40050; srcPort++) {
            long guess = candidate(asked, srcPort, 0);
            assertThat(candidate(asked, srcPort, 0)).isEqualTo(guess);
            assertThat(allocate(asked, srcPort, NOTHING_TAKEN)).isEqualTo(guess);
            assertThat(allocate(twin, srcPort, NOTHING_TAKEN)).isEqualTo(guess);
        }
    }

    @Test
    void aCandidateAskedBeforeFArgsChangeLeavesTheAllocationToTheNewFArgs() {
        Pool4 asked = pool();
        Pool4 twin = pool();
        for (int srcPort = 40000; srcPort < 40050; srcPort++) {
            candidate(asked, srcPort, 0);
        }
        asked.setFArgs(Pool4.F_ARGS_SRC_PORT);
        twin.setFArgs(Pool4.F_ARGS_SRC_PORT);
        for (int srcPort = 40000; srcPort < 40050; srcPort++) {
            assertThat(allocate(asked, srcPort, NOTHING_TAKEN)).isEqualTo(allocate(twin, srcPort, NOTHING_TAKEN));
        }
    }

    @Test
    void aheadCountsTheCandidatesEarlierAllocationsWillTry() {
        for (int ahead = 0; ahead < 20; ahead++) {
            Pool4 pool = pool();
            long guess = candidate(pool, 50000, ahead);
            for (int k = 0; k < ahead; k++) {
                allocate(pool, 40000 + k, NOTHING_TAKEN); // nothing taken: one candidate each
            }
            assertThat(allocate(pool, 50000, NOTHING_TAKEN))
                    .as("ahead %d", ahead)
                    .isEqualTo(guess);
        }
    }

    @Test
    void followingWalksTheCandidatesInTheOrderAllocateTriesThem() {
        Pool4 pool = pool();
        for (int srcPort = 40000; srcPort < 40030; srcPort++) {
            List<Long> tried = new ArrayList<>();
            Set<Long> taken = new HashSet<>();
            long c = candidate(pool, srcPort, 0);
            for (int k = 0; k < 7; k++) { // take the first seven candidates, whichever rows they cross
                taken.add(c);
                c = pool.following(TCP, c);
            }
            long chosen = allocate(pool, srcPort, (addr, port) -> {
                tried.add(Pool4.pack(addr, port));
                return taken.contains(Pool4.pack(addr, port));
            });
            assertThat(chosen).isEqualTo(c);
            assertThat(tried).hasSize(8);
            assertThat(new HashSet<>(tried.subList(0, 7))).isEqualTo(taken);
        }
    }

    @Test
    void followingWrapsFromTheLastRowAndRefusesAddressesOutsidePool4() {
        Pool4 pool = pool();
        int a1 = Ipv4Address.parseBits("192.0.2.1");
        int a3 = Ipv4Address.parseBits("192.0.2.3");
        int a0 = Ipv4Address.parseBits("192.0.2.0");
        assertThat(pool.following(TCP, Pool4.pack(a1, 1999))).isEqualTo(Pool4.pack(a1, 3000));
        assertThat(pool.following(TCP, Pool4.pack(a1, 3002)))
                .isEqualTo(Pool4.pack(Ipv4Address.parseBits("192.0.2.2"), 1000));
        assertThat(pool.following(TCP, Pool4.pack(a3, 1999))).isEqualTo(Pool4.pack(a0, 1000));
        assertThat(pool.following(TCP, Pool4.pack(a3, 2000))).isEqualTo(-1);
        assertThat(pool.following(TCP, Pool4.pack(a0, 999))).isEqualTo(-1);
        assertThat(new Pool4(1, 2).candidate(TCP, 1, 2, 3, 4, 5, 6, 0)).isEqualTo(-1);
    }
}
