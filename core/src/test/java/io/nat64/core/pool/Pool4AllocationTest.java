package io.nat64.core.pool;

import static io.nat64.core.addr.L4Protocol.ICMP;
import static io.nat64.core.addr.L4Protocol.TCP;
import static io.nat64.core.addr.L4Protocol.UDP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.Ipv6Prefix;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Pool4AllocationTest {

    private static final Ipv6Address CLIENT = Ipv6Address.parse("2001:db8::1");
    private static final Ipv6Address SERVER = Ipv6Address.parse("64:ff9b::203.0.113.5");
    private static final Pool4.Occupancy NOTHING_TAKEN = (addr, port) -> false;

    private final Pool4 pool4 = new Pool4(0x0123456789abcdefL, 0xfedcba9876543210L);

    private long allocate(
            Pool4 pool, Ipv6Address src, int srcPort, Ipv6Address dst, int dstPort, Pool4.Occupancy taken) {
        return pool.allocate(TCP, src.high(), src.low(), srcPort, dst.high(), dst.low(), dstPort, taken);
    }

    private long allocate(int srcPort, Pool4.Occupancy taken) {
        return allocate(pool4, CLIENT, srcPort, SERVER, 443, taken);
    }

    private static Pool4Entry tcp(String prefix, int min, int max) {
        return Pool4Entry.of(TCP, Ipv4Prefix.parse(prefix), min, max);
    }

    @Test
    void emptyPool4AllocatesNothing() {
        assertThat(allocate(1000, NOTHING_TAKEN)).isEqualTo(-1);
        pool4.add(Pool4Entry.of(UDP, Ipv4Prefix.parse("192.0.2.1")));
        assertThat(allocate(1000, NOTHING_TAKEN)).isEqualTo(-1);
    }

    @Test
    void consecutiveFlowsFromOneSourceToOneDestinationGetAdjacentMasks() {
        pool4.add(Pool4Entry.of(TCP, Ipv4Prefix.parse("192.0.2.0/30")));

        long previous = allocate(40000, NOTHING_TAKEN);
        Set<Integer> addresses = new HashSet<>(List.of(Pool4.addressOf(previous)));
        for (int srcPort = 40001; srcPort < 40020; srcPort++) {
            long mask = allocate(srcPort, NOTHING_TAKEN);
            assertThat(mask).isEqualTo(wrappingNext(pool4, previous));
            addresses.add(Pool4.addressOf(mask));
            previous = mask;
        }
        // 20 adjacent masks in rows of 4535 ports cross at most one row boundary.
        assertThat(addresses).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void sourceOnlyFArgsKeepOneSourceOnOneAddressWhateverTheDestination() {
        pool4.add(tcp("192.0.2.0/28", 1, 65535));
        pool4.setFArgs(Pool4.F_ARGS_SRC_ADDRESS);

        long previous = allocate(pool4, CLIENT, 5000, SERVER, 80, NOTHING_TAKEN);
        for (int i = 1; i < 50; i++) {
            Ipv6Address server = new Ipv6Address(SERVER.high(), SERVER.low() + i * 7919L);
            long mask = allocate(pool4, CLIENT, 5000 + i, server, 1 + i, NOTHING_TAKEN);
            assertThat(mask).isEqualTo(wrappingNext(pool4, previous));
            previous = mask;
        }
    }

    @Test
    void defaultFArgsIgnoreTheSourcePortButNotTheDestination() {
        Pool4 other = new Pool4(0x0123456789abcdefL, 0xfedcba9876543210L);
        pool4.add(tcp("192.0.2.0/24", 1, 65535));
        other.add(tcp("192.0.2.0/24", 1, 65535));

        assertThat(pool4.fArgs()).isEqualTo(Pool4.DEFAULT_F_ARGS).isEqualTo(0b1011);
        assertThat(allocate(pool4, CLIENT, 1111, SERVER, 443, NOTHING_TAKEN))
                .isEqualTo(allocate(other, CLIENT, 2222, SERVER, 443, NOTHING_TAKEN));
        assertThat(pool4.f(1, 2, 3, 4, 5, 6)).isEqualTo(pool4.f(1, 2, 999, 4, 5, 6));
        assertThat(pool4.f(1, 2, 3, 4, 5, 6)).isNotEqualTo(pool4.f(1, 2, 3, 4, 5, 7));
        assertThat(pool4.f(1, 2, 3, 4, 5, 6)).isNotEqualTo(pool4.f(1, 2, 3, 4, 6, 6));
        assertThat(pool4.f(1, 2, 3, 4, 5, 6)).isNotEqualTo(pool4.f(1, 3, 3, 4, 5, 6));
    }

    @Test
    void fIsSipHashOfTheSelectedFieldsInNetworkByteOrder() {
        long srcHigh = 0x20010db8_00000001L;
        long srcLow = 0x0102030405060708L;
        long dstHigh = 0x0064ff9b_00000000L;
        long dstLow = 0x00000000_cb007105L;
        byte[] all = new byte[36];
        java.nio.ByteBuffer.wrap(all)
                .putLong(srcHigh)
                .putLong(srcLow)
                .putShort((short) 40000)
                .putLong(dstHigh)
                .putLong(dstLow)
                .putShort((short) 443);
        pool4.setFArgs(0b1111);
        assertThat(pool4.f(srcHigh, srcLow, 40000, dstHigh, dstLow, 443))
                .isEqualTo(SipHash.hash(0x0123456789abcdefL, 0xfedcba9876543210L, all, 0, 36));

        byte[] byDefault = new byte[34];
        java.nio.ByteBuffer.wrap(byDefault)
                .putLong(srcHigh)
                .putLong(srcLow)
                .putLong(dstHigh)
                .putLong(dstLow)
                .putShort((short) 443);
        pool4.setFArgs(Pool4.DEFAULT_F_ARGS);
        assertThat(pool4.f(srcHigh, srcLow, 40000, dstHigh, dstLow, 443))
                .isEqualTo(SipHash.hash(0x0123456789abcdefL, 0xfedcba9876543210L, byDefault, 0, 34));
    }

    @Test
    void eachFArgsBitSelectsItsField() {
        pool4.setFArgs(0b1111);
        long all = pool4.f(1, 2, 3, 4, 5, 6);
        assertThat(pool4.f(1, 2, 4, 4, 5, 6)).isNotEqualTo(all);

        pool4.setFArgs(0);
        assertThat(pool4.f(1, 2, 3, 4, 5, 6)).isEqualTo(pool4.f(7, 8, 9, 10, 11, 12));

        pool4.setFArgs(Pool4.F_ARGS_DST_PORT);
        assertThat(pool4.f(1, 2, 3, 4, 5, 6)).isEqualTo(pool4.f(7, 8, 9, 10, 11, 6));
        assertThat(pool4.f(1, 2, 3, 4, 5, 6)).isNotEqualTo(pool4.f(1, 2, 3, 4, 5, 7));
    }

    @Test
    void fArgsOutsideFourBitsAreRefused() {
        assertThatThrownBy(() -> pool4.setFArgs(16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("f-args is a 4-bit mask (0 to 15), not 16");
        assertThatThrownBy(() -> pool4.setFArgs(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(pool4.fArgs()).isEqualTo(Pool4.DEFAULT_F_ARGS);
    }

    @Test
    void sameSecretAndHistoryGiveTheSameMasksAndAnotherSecretOthers() {
        Pool4 twin = new Pool4(0x0123456789abcdefL, 0xfedcba9876543210L);
        Pool4 stranger = new Pool4(0x0123456789abcdefL, 0xfedcba9876543211L);
        for (Pool4 p : List.of(pool4, twin, stranger)) {
            p.add(tcp("192.0.2.0/24", 1, 65535));
        }
        int differ = 0;
        for (int i = 0; i < 20; i++) {
            Ipv6Address client = new Ipv6Address(CLIENT.high(), CLIENT.low() + i);
            long mask = allocate(pool4, client, 1000, SERVER, 443, NOTHING_TAKEN);
            assertThat(allocate(twin, client, 1000, SERVER, 443, NOTHING_TAKEN)).isEqualTo(mask);
            if (allocate(stranger, client, 1000, SERVER, 443, NOTHING_TAKEN) != mask) {
                differ++;
            }
        }
        assertThat(differ).isGreaterThan(15);
    }

    @Test
    void takenCandidatesAreSkippedInIterationOrder() {
        pool4.add(tcp("192.0.2.1", 1000, 1009));
        pool4.add(tcp("192.0.2.2", 2000, 2009));
        Set<Long> taken = new HashSet<>();
        List<Long> probed = new ArrayList<>();

        for (int i = 0; i < 20; i++) {
            probed.clear();
            long mask = allocate(i, (addr, port) -> {
                probed.add(Pool4.pack(addr, port));
                return taken.contains(Pool4.pack(addr, port));
            });
            assertThat(mask).isNotEqualTo(-1);
            assertThat(taken.add(mask)).isTrue();
            assertConsecutive(pool4, probed, "");
            assertThat(probed.get(probed.size() - 1)).isEqualTo(mask);
        }

        assertThat(taken).hasSize(20);
        assertThat(allocate(99, (addr, port) -> taken.contains(Pool4.pack(addr, port))))
                .isEqualTo(-1);
    }

    @Test
    void exhaustedPoolProbesEveryCandidateOnceAndReturnsMinusOne() {
        pool4.add(tcp("192.0.2.1", 1000, 1049));
        pool4.setMaxIterations(MaxIterations.INFINITY);
        List<Long> probed = new ArrayList<>();

        long mask = allocate(7, (addr, port) -> probed.add(Pool4.pack(addr, port)));

        assertThat(mask).isEqualTo(-1);
        assertThat(probed).hasSize(50).doesNotHaveDuplicates();
    }

    @Test
    void lastFreeTransportAddressIsFoundWhereverTheSearchStarts() {
        pool4.add(tcp("192.0.2.0/31", 1000, 1999));
        pool4.setMaxIterations(MaxIterations.INFINITY);
        long free = Pool4.pack(Ipv4Address.parseBits("192.0.2.0"), 1500);

        for (int srcPort = 0; srcPort < 10; srcPort++) {
            Ipv6Address client = new Ipv6Address(srcPort, srcPort);
            long mask = allocate(pool4, client, srcPort, SERVER, 80, (addr, port) -> Pool4.pack(addr, port) != free);
            assertThat(mask).isEqualTo(free);
        }
    }

    @Test
    void maxIterationsCapsTheProbing() {
        pool4.add(tcp("192.0.2.0/24", 1, 65535));
        int[] calls = new int[1];
        Pool4.Occupancy everythingTaken = (addr, port) -> ++calls[0] > 0;

        pool4.setMaxIterations(MaxIterations.of(5));
        assertThat(allocate(1, everythingTaken)).isEqualTo(-1);
        assertThat(calls[0]).isEqualTo(5);

        calls[0] = 0;
        pool4.setMaxIterations(MaxIterations.AUTO);
        assertThat(allocate(2, everythingTaken)).isEqualTo(-1);
        assertThat(calls[0]).isEqualTo(8192); // 256 * 65535 / 128 clamped to 8192
    }

    @Test
    void nextEphemeralGrowsByTheCandidatesTried() {
        pool4.add(tcp("192.0.2.1", 1000, 1999));
        Set<Long> taken = new HashSet<>();
        Pool4 twin = new Pool4(0x0123456789abcdefL, 0xfedcba9876543210L);
        twin.add(tcp("192.0.2.1", 1000, 1999));

        long first = allocate(1, NOTHING_TAKEN);
        taken.add(wrappingNext(pool4, first));
        taken.add(wrappingNext(pool4, wrappingNext(pool4, first)));
        allocate(2, (addr, port) -> taken.contains(Pool4.pack(addr, port))); // tries 3 candidates
        long afterFour = allocate(3, NOTHING_TAKEN);

        // next_ephemeral is now 1 + 3: the twin's fifth unobstructed allocation lands on the same candidate.
        long twinMask = -1;
        for (int i = 0; i < 5; i++) {
            twinMask = allocate(twin, CLIENT, 10 + i, SERVER, 443, NOTHING_TAKEN);
        }
        assertThat(afterFour).isEqualTo(twinMask);
    }

    @Test
    void allocationOnlyReturnsTransportAddressesOfThatProtocolsPool4() {
        pool4.add(tcp("192.0.2.1", 100, 100));
        pool4.add(Pool4Entry.of(UDP, Ipv4Prefix.parse("198.51.100.0/24")));
        pool4.add(Pool4Entry.of(ICMP, Ipv4Prefix.parse("203.0.113.0/24"), 0, 65535));

        for (int i = 0; i < 100; i++) {
            long mask = allocate(i, NOTHING_TAKEN);
            assertThat(mask).isEqualTo(Pool4.pack(Ipv4Address.parseBits("192.0.2.1"), 100));
        }
    }

    @Test
    void hotPathAllocatesNothingOnceWarm() {
        Pool6 pool6 = Pool6.of(Ipv6Prefix.parse("64:ff9b::/96"));
        pool4.add(tcp("192.0.2.0/24", 1, 65535));
        pool4.setFArgs(0b1111);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 0; round < 2; round++) { // round 0 warms up the JIT
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200_000; i++) {
                long high = pool6.embedHigh(i);
                long low = pool6.embedLow(i);
                long mask = pool4.allocate(TCP, CLIENT.high(), i, i, high, low, 443, NOTHING_TAKEN);
                sink += mask + pool6.extract(high, low) + pool4.next(TCP, mask);
                sink += pool4.contains(TCP, Pool4.addressOf(mask), i) ? 1 : 0;
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (round == 1) {
                assertThat(allocated).as("bytes allocated by 200,000 calls").isLessThan(200_000);
            }
        }
        assertThat(sink).isNotZero();
    }

    /** The transport address after {@code taddr} in iteration order, wrapping to the first. */
    static long wrappingNext(Pool4 pool, long taddr) {
        long next = pool.next(TCP, taddr);
        return next == -1 ? pool.next(TCP, -1) : next;
    }

    static void assertConsecutive(Pool4 pool, List<Long> probed, String context) {
        for (int i = 1; i < probed.size(); i++) {
            assertThat(probed.get(i))
                    .as("%s: candidate %d", context, i)
                    .isEqualTo(wrappingNext(pool, probed.get(i - 1)));
        }
    }
}
