package io.nat64.bench.flat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlatFlowTableTest {
    record Key6(long src6High, long src6Low, int src6Port, int dst4Addr, int dst4Port) {}

    record Key4(int src4Addr, int src4Port, int dst4Addr, int dst4Port) {}

    record Flow(Key6 key6, int src4Addr, int src4Port, int state, long time) {
        Key4 key4() {
            return new Key4(src4Addr, src4Port, key6.dst4Addr(), key6.dst4Port());
        }
    }

    @ParameterizedTest(name = "capacity {0}, hash bits {1}, seed {2}")
    @CsvSource({"8, 64, 1", "8, 1, 2", "16, 2, 3", "64, 3, 4", "64, 64, 5", "1000, 64, 6", "1000, 4, 7", "4096, 64, 8"})
    void findsWhatWasInsertedFromBothSidesAfterRemovalsAndCollisionsAsAHashMapDoes(
            int capacity, int hashBits, long seed) {
        FlatFlowTable t = new FlatFlowTable(capacity, seed * 31, hashBits);
        Map<Key6, Flow> by6 = new HashMap<>();
        Map<Key4, Key6> by4 = new HashMap<>();
        SplittableRandom r = new SplittableRandom(seed);
        int max = capacity - capacity / 8;
        // A key space about twice the table: inserts collide with live keys on either side.
        int span = Math.max(2, (int) Math.cbrt(capacity * 2.0));
        for (int op = 0; op < 40_000; op++) {
            String at = "seed " + seed + ", op " + op;
            Key6 k6 = new Key6(
                    r.nextBoolean() ? FlatKeys.SRC6_HIGH : -1L,
                    r.nextInt(span),
                    r.nextBoolean() ? 65535 : r.nextInt(span),
                    r.nextBoolean() ? 0xc6336401 : 0x7f000001,
                    r.nextInt(span));
            int src4Addr = r.nextBoolean() ? 0xcb007101 : 0xcb00713f;
            int src4Port = r.nextInt(span * span);
            int choice = r.nextInt(10);
            if (choice < 5) {
                Flow f = new Flow(k6, src4Addr, src4Port, r.nextInt(8), r.nextLong(1L << 40));
                int s = t.insert(
                        k6.src6High(),
                        k6.src6Low(),
                        k6.src6Port(),
                        k6.dst4Addr(),
                        k6.dst4Port(),
                        src4Addr,
                        src4Port,
                        f.state(),
                        f.time());
                if (by6.containsKey(k6) || by4.containsKey(f.key4())) {
                    assertThat(s).as(at).isEqualTo(FlatFlowTable.EXISTS);
                } else if (by6.size() == max) {
                    assertThat(s).as(at).isEqualTo(FlatFlowTable.FULL);
                } else {
                    assertThat(s).as(at).isGreaterThanOrEqualTo(0);
                    by6.put(k6, f);
                    by4.put(f.key4(), k6);
                }
            } else if (choice < 8 && !by6.isEmpty()) {
                List<Flow> live = new ArrayList<>(by6.values());
                Flow f = live.get(r.nextInt(live.size()));
                int s = lookup6(t, f.key6());
                assertThat(s).as(at).isGreaterThanOrEqualTo(0);
                if (r.nextBoolean()) {
                    t.remove(s);
                    by6.remove(f.key6());
                    by4.remove(f.key4());
                } else {
                    Flow g = new Flow(f.key6(), f.src4Addr(), f.src4Port(), r.nextInt(256), r.nextLong(1L << 40));
                    t.refresh(s, g.time(), g.state());
                    by6.put(g.key6(), g);
                }
            } else {
                Key4 k4 = new Key4(src4Addr, src4Port, k6.dst4Addr(), k6.dst4Port());
                assertThat(lookup6(t, k6) >= 0).as(at).isEqualTo(by6.containsKey(k6));
                assertThat(t.lookup4(k4.src4Addr(), k4.src4Port(), k4.dst4Addr(), k4.dst4Port()) >= 0)
                        .as(at)
                        .isEqualTo(by4.containsKey(k4));
            }
            if (op % 97 == 0 || op == 39_999) {
                checkAll(t, by6, at);
            }
        }
    }

    private static void checkAll(FlatFlowTable t, Map<Key6, Flow> by6, String at) {
        assertThat(t.size()).as(at).isEqualTo(by6.size());
        for (Flow f : by6.values()) {
            int s = lookup6(t, f.key6());
            assertThat(s).as(at).isGreaterThanOrEqualTo(0);
            Key4 k4 = f.key4();
            assertThat(t.lookup4(k4.src4Addr(), k4.src4Port(), k4.dst4Addr(), k4.dst4Port()))
                    .as(at)
                    .isEqualTo(s);
            Key6 k6 = f.key6();
            assertThat(new Key6(t.src6High(s), t.src6Low(s), t.src6Port(s), t.dst4Addr(s), t.dst4Port(s)))
                    .as(at)
                    .isEqualTo(k6);
            assertThat(new Flow(k6, t.src4Addr(s), t.src4Port(s), t.state(s), t.updateTime(s)))
                    .as(at)
                    .isEqualTo(f);
        }
    }

    private static int lookup6(FlatFlowTable t, Key6 k) {
        return t.lookup6(k.src6High(), k.src6Low(), k.src6Port(), k.dst4Addr(), k.dst4Port());
    }

    @Test
    void flowsDifferingInOneKeyFieldAreDistinct() {
        FlatFlowTable t = new FlatFlowTable(64, 5, 1);
        int a = t.insert(1, 2, 3, 4, 5, 6, 7, 3, 10);
        assertThat(t.insert(1, 2, 3, 4, 6, 6, 8, 3, 10))
                .isGreaterThanOrEqualTo(0)
                .isNotEqualTo(a);
        assertThat(t.insert(1, 2, 3, 5, 5, 6, 9, 3, 10)).isGreaterThanOrEqualTo(0);
        assertThat(t.insert(1, 2, 4, 4, 5, 6, 10, 3, 10)).isGreaterThanOrEqualTo(0);
        assertThat(t.insert(1, 3, 3, 4, 5, 6, 11, 3, 10)).isGreaterThanOrEqualTo(0);
        assertThat(t.insert(2, 2, 3, 4, 5, 6, 12, 3, 10)).isGreaterThanOrEqualTo(0);
        assertThat(t.insert(9, 9, 9, 4, 5, 6, 7, 3, 10))
                .as("the IPv4 side is taken")
                .isEqualTo(FlatFlowTable.EXISTS);
        assertThat(t.insert(1, 2, 3, 4, 5, 9, 9, 3, 10))
                .as("the IPv6 side is taken")
                .isEqualTo(FlatFlowTable.EXISTS);
        assertThat(t.size()).isEqualTo(6);
        assertThat(t.lookup6(1, 2, 3, 4, 5)).isEqualTo(a);
        assertThat(t.lookup4(6, 7, 4, 5)).isEqualTo(a);
        assertThat(t.lookup4(6, 7, 4, 6)).isEqualTo(-1);
    }

    @Test
    void aFullTableRefusesAndARemovalMakesRoom() {
        FlatFlowTable t = new FlatFlowTable(8, 1);
        for (int i = 0; i < 7; i++) {
            assertThat(t.insert(1, i, 1, 1, 1, 1, i, 0, 0)).isGreaterThanOrEqualTo(0);
        }
        assertThat(t.insert(1, 99, 1, 1, 1, 1, 99, 0, 0)).isEqualTo(FlatFlowTable.FULL);
        assertThat(t.lookup6(1, 99, 1, 1, 1)).isEqualTo(-1);
        t.remove(t.lookup6(1, 3, 1, 1, 1));
        assertThat(t.insert(1, 99, 1, 1, 1, 1, 99, 0, 0)).isGreaterThanOrEqualTo(0);
        assertThatThrownBy(() -> t.remove(-1)).isInstanceOf(IllegalArgumentException.class);
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (int i : new int[] {0, 1, 2, 4, 5, 6, 99}) {
            used.add(t.lookup6(1, i, 1, 1, 1));
        }
        int free = 0;
        while (used.contains(free)) {
            free++;
        }
        assertThat(used).hasSize(7).doesNotContain(-1);
        int empty = free;
        assertThatThrownBy(() -> t.remove(empty)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A slot is one cache line: the array starts on a 64-byte boundary (G1 puts a humongous array at a region
     * start) and its data 16 bytes in, so slot 0 at index 6 is at byte 64. Read through {@code sun.misc.Unsafe}
     * by reflection; the address is the compressed reference shifted by 0 or 3, so the reference itself must
     * be a multiple of 64 for both.
     */
    @Test
    void slotsStartOnACacheLine() throws Exception {
        FlatFlowTable t = new FlatFlowTable(1 << 18, 1); // 16 MiB: humongous with any G1 region size
        Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
        Field f = unsafeClass.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        Object unsafe = f.get(null);
        Method baseOffset = unsafeClass.getMethod("arrayBaseOffset", Class.class);
        assertThat(baseOffset.invoke(unsafe, long[].class)).isEqualTo(16);
        Object[] holder = {t.slotArray()};
        long at = ((Number) baseOffset.invoke(unsafe, Object[].class)).longValue();
        String compressed = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                .getVMOption("UseCompressedOops")
                .getValue();
        long ref = "true".equals(compressed)
                ? ((Number) unsafeClass
                                        .getMethod("getInt", Object.class, long.class)
                                        .invoke(unsafe, holder, at))
                                .intValue()
                        & 0xffff_ffffL
                : ((Number) unsafeClass
                                .getMethod("getLong", Object.class, long.class)
                                .invoke(unsafe, holder, at))
                        .longValue();
        assertThat(ref % 64).as("array reference %x", ref).isZero();
        assertThat(16 + 8 * FlatFlowTable.BASE).isEqualTo(64);
    }
}
