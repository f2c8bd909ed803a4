package io.nat64.core.pool;

import static io.nat64.core.addr.L4Protocol.TCP;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Allocation against a naive model: a set of taken masks, pool4 changing underneath, random caps and f-args. */
class Pool4AllocationModelTest {

    private static final int BASE = Ipv4Address.parseBits("192.0.2.0");

    @Test
    void allocationNeverReturnsATakenOrForeignMaskAndFailsOnlyWhenFullOrCapped() {
        long seed = Long.getLong("nat64.seed", new Random().nextLong());
        try {
            run(new Random(seed));
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + " (rerun with -Dnat64.seed=" + seed + "): " + e.getMessage(), e);
        }
    }

    private static void run(Random random) {
        Pool4 pool4 = new Pool4(random.nextLong(), random.nextLong());
        Set<Long> taken = new HashSet<>();
        List<Long> probed = new ArrayList<>();
        Pool4.Occupancy occupancy = (addr, port) -> {
            probed.add(Pool4.pack(addr, port));
            return taken.contains(Pool4.pack(addr, port));
        };
        int failures = 0;
        for (int step = 0; step < 20_000; step++) {
            int dice = random.nextInt(100);
            if (dice < 2) {
                changePool4(pool4, random);
                continue;
            }
            if (dice < 3) {
                pool4.setMaxIterations(randomCap(random));
                pool4.setFArgs(random.nextInt(16));
                continue;
            }
            if (dice < 30 && !taken.isEmpty()) {
                taken.remove(taken.iterator().next());
                continue;
            }
            probed.clear();
            long mask = pool4.allocate(
                    TCP,
                    random.nextInt(4),
                    random.nextInt(4),
                    random.nextInt(3),
                    random.nextInt(3),
                    random.nextInt(3),
                    random.nextInt(3),
                    occupancy);
            String context = "step " + step + ", pool4 " + pool4.entries(TCP) + ", cap " + pool4.maxIterations();
            long count = pool4.transportAddressCount(TCP);
            assertThat(probed).as(context).doesNotHaveDuplicates().allMatch(t -> inPool(pool4, t));
            Pool4AllocationTest.assertConsecutive(pool4, probed, context);
            if (mask != -1) {
                assertThat(inPool(pool4, mask)).as(context).isTrue();
                assertThat(taken.add(mask))
                        .as(context + ": returned a taken mask")
                        .isTrue();
                assertThat(probed.get(probed.size() - 1)).as(context).isEqualTo(mask);
                continue;
            }
            failures++;
            long cap = pool4.maxIterations().candidates(count);
            assertThat(probed).as(context).hasSize((int) cap);
            if (cap == count) {
                assertThat(isFull(pool4, taken))
                        .as(context + ": -1 though pool4 is not full")
                        .isTrue();
            }
        }
        assertThat(failures).as("the walk should hit exhaustion sometimes").isPositive();
    }

    private static void changePool4(Pool4 pool4, Random random) {
        int length = 30 + random.nextInt(3);
        int address = BASE + (random.nextInt(8) & -(1 << (32 - length)));
        int min = 1 + random.nextInt(60);
        Pool4Entry entry =
                Pool4Entry.of(TCP, new Ipv4Prefix(new Ipv4Address(address), length), min, min + random.nextInt(30));
        if (random.nextInt(3) > 0 || pool4.isEmpty(TCP)) {
            pool4.add(entry);
        } else {
            pool4.remove(entry);
        }
    }

    private static MaxIterations randomCap(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> MaxIterations.AUTO;
            case 1 -> MaxIterations.INFINITY;
            default -> MaxIterations.of(1 + random.nextInt(20));
        };
    }

    private static boolean inPool(Pool4 pool4, long taddr) {
        return pool4.contains(TCP, Pool4.addressOf(taddr), Pool4.portOf(taddr));
    }

    private static boolean isFull(Pool4 pool4, Set<Long> taken) {
        for (long t = pool4.next(TCP, -1); t != -1; t = pool4.next(TCP, t)) {
            if (!taken.contains(t)) {
                return false;
            }
        }
        return true;
    }
}
