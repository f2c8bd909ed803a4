package io.nat64.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both indexes stay exact while they grow incrementally, with lookups and removals during every migration. */
class IndexGrowthTest {

    @Test
    void bibIndexFindsEveryLiveEntryAcrossManyIncrementalGrowths() {
        Random r = new Random(11);
        BibIndex index = new BibIndex(5);
        Map<Long, Integer> model = new HashMap<>();
        List<Long> keys = new ArrayList<>();
        for (int step = 0; step < 200_000; step++) {
            if (r.nextInt(4) > 0 || keys.isEmpty()) {
                long k = r.nextLong() & 0xffffffffffffL;
                if (model.containsKey(k)) {
                    continue;
                }
                int b = index.add(
                        0x20010db8L << 32, k, (int) (k & 0xffff), (int) (k >>> 16), (int) (k & 0xffff), false);
                model.put(k, b);
                keys.add(k);
            } else {
                long k = keys.remove(r.nextInt(keys.size()));
                index.remove(model.remove(k));
                assertThat(index.get6(0x20010db8L << 32, k, (int) (k & 0xffff))).isEqualTo(BibIndex.NONE);
            }
            if (step % 997 == 0) {
                for (Map.Entry<Long, Integer> e : model.entrySet()) {
                    long k = e.getKey();
                    assertThat(index.get6(0x20010db8L << 32, k, (int) (k & 0xffff)))
                            .isEqualTo(e.getValue());
                    assertThat(index.get4((int) (k >>> 16), (int) (k & 0xffff))).isEqualTo(e.getValue());
                    assertThat(index.src6Port(e.getValue())).isEqualTo((int) (k & 0xffff));
                    assertThat(index.src4Addr(e.getValue())).isEqualTo((int) (k >>> 16));
                }
            }
        }
        assertThat(index.size()).isEqualTo(model.size());
        int[] seen = {0};
        index.forEach(b -> seen[0]++);
        assertThat(seen[0]).isEqualTo(model.size());
    }

    @Test
    void theBibIndexReservesTwoBucketsPerPool4MaskAtTheFirstNewFlowAndFollowsPool4AsItGrows() {
        TableFixture f = new TableFixture(); // pool4: 192.0.2.1 ports 61001-65535, 4,535 masks
        assertThat(f.udp().bibs.capacity()).isEqualTo(16);
        f.udp6(TableFixture.CLIENT, 1, TableFixture.SERVER, 53, 0);
        assertThat(f.udp().bibs.capacity()).isEqualTo(Hashing.capacityFor(2 * 4535));

        f.pool4.add(io.nat64.core.pool.Pool4Entry.of(
                io.nat64.core.addr.L4Protocol.UDP, io.nat64.core.addr.Ipv4Prefix.parse("192.0.2.2/32"), 1, 65535));
        f.udp6(TableFixture.CLIENT, 2, TableFixture.SERVER, 53, 0);
        for (int i = 0; i < 64; i++) { // new entries while the reserved growth migrates
            f.udp6(TableFixture.CLIENT, 100 + i, TableFixture.SERVER, 53, 0);
        }
        assertThat(f.udp().bibs.capacity()).isEqualTo(Hashing.capacityFor(2 * (4535 + 65535)));
        assertThat(f.udp().find(TableFixture.CLIENT, 1, TableFixture.SERVER, 53))
                .isNotNull();
        assertThat(f.udp().find(TableFixture.CLIENT, 2, TableFixture.SERVER, 53))
                .isNotNull();
        assertThat(f.udp().bibCount()).isEqualTo(66);
    }

    @Test
    void aReservationIsCappedSoAHugePool4DoesNotTakeHugeBucketArrays() {
        TableFixture f = new TableFixture();
        f.pool4.add(io.nat64.core.pool.Pool4Entry.of(
                io.nat64.core.addr.L4Protocol.UDP,
                io.nat64.core.addr.Ipv4Prefix.parse("198.51.100.0/24"),
                1,
                65535)); // 16.8 million masks in all
        f.udp6(TableFixture.CLIENT, 1, TableFixture.SERVER, 53, 0);
        assertThat(f.udp().bibs.capacity()).isEqualTo(BibTable.RESERVE_LIMIT);
        assertThat(f.udp().find(TableFixture.CLIENT, 1, TableFixture.SERVER, 53))
                .isNotNull();
    }

    @Test
    void entriesAddedWhileAReservationMigratesAreAllFoundAndRemovable() {
        BibIndex index = new BibIndex(7);
        List<Integer> all = new ArrayList<>();
        for (int k = 0; k < 1000; k++) {
            if (k == 500) {
                index.reserve(100_000);
            }
            all.add(index.add(1, k, k & 0xffff, 0xc0000201, k, false));
        }
        for (int k = 0; k < all.size(); k++) {
            assertThat(index.get6(1, k, k & 0xffff)).isEqualTo(all.get(k));
            assertThat(index.get4(0xc0000201, k)).isEqualTo(all.get(k));
        }
        for (int k = 0; k < all.size(); k++) {
            index.remove(all.get(k));
            assertThat(index.get4(0xc0000201, k)).isEqualTo(BibIndex.NONE);
        }
        assertThat(index.size()).isZero();
    }

    @Test
    void aReservationAskedWhileTheIndexIsStillGrowingIsRefusedAndTakesOnceTheGrowthEnds() {
        BibIndex index = new BibIndex(13);
        int k = 0;
        for (; k < 65; k++) { // the 65th starts doubling 64 buckets, moved 32 at a time
            index.add(1, k, k, 0xc0000201, k, false);
        }
        assertThat(index.reserve(1000)).as("still moving the old buckets").isFalse();
        assertThat(index.capacity()).isEqualTo(128);
        index.add(1, k, k, 0xc0000201, k, false); // moves the last 32
        assertThat(index.reserve(1000)).isTrue();
        assertThat(index.capacity()).isEqualTo(1024);
        assertThat(index.reserve(500)).as("already big enough").isTrue();
        for (int i = 0; i <= k; i++) {
            assertThat(index.get4(0xc0000201, i)).isNotEqualTo(BibIndex.NONE);
        }
    }
}
