package io.nat64.core.session;

import static io.nat64.core.session.FlowTable.NIL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link FlowTable} against plain maps and lists: keys from both sides, the expiry queues' order, links and
 * cursors, and the BIB lists with the heads the owner keeps, checked after every step while sessions come and
 * go, collide (hashes cut to a few bits) and the table grows. The seed is in every failure message.
 */
class FlowTableTest {
    record Key6(long src6High, long src6Low, int src6Port, int dst4Addr, int dst4Port) {}

    record Key4(int src4Addr, int src4Port, int dst4Addr, int dst4Port) {}

    record Mask(int addr, int port) {}

    /** The model of one session. */
    static final class Flow {
        final Key6 key6;
        final Mask mask;
        int state;
        long update;
        long announced;
        int inPlace;
        boolean late;
        boolean stored;
        /** Its queue, or -1. */
        int timer = -1;

        Flow(Key6 key6, Mask mask, int state, long now) {
            this.key6 = key6;
            this.mask = mask;
            this.state = state;
            this.update = now;
            this.announced = now;
        }

        Key4 key4() {
            return new Key4(mask.addr(), mask.port(), key6.dst4Addr(), key6.dst4Port());
        }
    }

    /** The table, the owner's BIB heads (kept as {@link BibTable#remove} keeps them) and the model. */
    static final class Run {
        final Map<Mask, Integer> heads = new HashMap<>();
        final FlowTable t;
        final Map<Key6, Flow> flows = new HashMap<>();
        final List<Key6> live = new ArrayList<>();
        final Map<Key4, Key6> by4 = new HashMap<>();
        final List<List<Key6>> queues = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        final @Nullable Key6[] cursors = new Key6[FlowTable.QUEUES];
        final Map<Mask, LinkedList<Key6>> bibs = new HashMap<>();
        final String seed;

        Run(int capacity, int hashBits, long seed) {
            this(capacity, hashBits, seed, FlowTable.MAX_CAPACITY);
        }

        Run(int capacity, int hashBits, long seed, int maxCapacity) {
            this.seed = "capacity " + capacity + ", hash bits " + hashBits + ", seed " + seed;
            t = new FlowTable(capacity, seed * 31, hashBits, maxCapacity);
        }

        int slot(Key6 k) {
            return t.lookup6(k.src6High(), k.src6Low(), k.src6Port(), k.dst4Addr(), k.dst4Port());
        }

        Key6 key(int s) {
            return new Key6(t.src6High(s), t.src6Low(s), t.src6Port(s), t.dst4Addr(s), t.dst4Port(s));
        }

        /** Inserts like the owner: before the BIB's current head, recording the new head; returns the result. */
        int insert(Flow f) {
            return insert(f, NIL);
        }

        /** As {@link #insert(Flow)}, queued at the tail of {@code timer} by the insert itself unless NIL. */
        int insert(Flow f, int timer) {
            int s = t.insert(
                    f.key6.src6High(),
                    f.key6.src6Low(),
                    f.key6.src6Port(),
                    f.key6.dst4Addr(),
                    f.key6.dst4Port(),
                    f.mask.addr(),
                    f.mask.port(),
                    f.state,
                    f.update,
                    heads.getOrDefault(f.mask, NIL),
                    timer);
            if (s >= 0) {
                heads.put(f.mask, s);
                flows.put(f.key6, f);
                live.add(f.key6);
                by4.put(f.key4(), f.key6);
                bibs.computeIfAbsent(f.mask, m -> new LinkedList<>()).addFirst(f.key6);
                if (timer != NIL) {
                    queues.get(timer).add(f.key6);
                    if (cursors[timer] == null) {
                        cursors[timer] = f.key6;
                    }
                    f.timer = timer;
                    f.inPlace = 0;
                }
            }
            return s;
        }

        /** Queues {@code f} after {@code after} (first if null), through append when that is the tail. */
        void queue(Flow f, int timer, @Nullable Key6 after) {
            List<Key6> q = queues.get(timer);
            int at = after == null ? 0 : q.indexOf(after) + 1;
            boolean toTail = at == q.size();
            q.add(at, f.key6);
            if (toTail && cursors[timer] == null) {
                cursors[timer] = f.key6;
            }
            f.timer = timer;
            f.inPlace = 0;
            int s = slot(f.key6);
            if (toTail && after != null) {
                t.append(s, timer);
            } else {
                t.insertAfter(s, timer, after == null ? NIL : slot(after));
            }
        }

        void unqueue(Flow f) {
            List<Key6> q = queues.get(f.timer);
            int at = q.indexOf(f.key6);
            if (f.key6.equals(cursors[f.timer])) {
                cursors[f.timer] = at + 1 < q.size() ? q.get(at + 1) : null;
            }
            q.remove(at);
            t.unlink(slot(f.key6));
            f.timer = -1;
        }

        void remove(Flow f) {
            if (f.timer >= 0) {
                List<Key6> q = queues.get(f.timer);
                int at = q.indexOf(f.key6);
                if (f.key6.equals(cursors[f.timer])) {
                    cursors[f.timer] = at + 1 < q.size() ? q.get(at + 1) : null;
                }
                q.remove(at);
            }
            LinkedList<Key6> bib = bibs.get(f.mask);
            bib.remove(f.key6);
            if (bib.isEmpty()) {
                bibs.remove(f.mask);
            }
            flows.remove(f.key6);
            live.remove(f.key6);
            by4.remove(f.key4());
            int s = slot(f.key6);
            if (heads.get(f.mask) == s) { // as the owner does: the list's next becomes its first
                int next = t.bibNext(s);
                if (next == NIL) {
                    heads.remove(f.mask);
                } else {
                    heads.put(f.mask, next);
                }
            }
            t.remove(s);
        }

        void check(String at) {
            String where = seed + ", " + at;
            assertThat(t.size()).as(where).isEqualTo(flows.size());
            for (Flow f : flows.values()) {
                int s = slot(f.key6);
                assertThat(s).as(where).isGreaterThanOrEqualTo(0);
                Key4 k4 = f.key4();
                assertThat(t.lookup4(k4.src4Addr(), k4.src4Port(), k4.dst4Addr(), k4.dst4Port()))
                        .as(where)
                        .isEqualTo(s);
                assertThat(key(s)).as(where).isEqualTo(f.key6);
                assertThat(List.of(
                                t.src4Addr(s),
                                t.src4Port(s),
                                t.state(s),
                                t.updateTime(s),
                                t.announcedUpdate(s),
                                t.inPlace(s),
                                t.isLate(s),
                                t.hasStored(s),
                                t.isQueued(s) ? t.timer(s) : -1))
                        .as(where + ", " + f.key6)
                        .isEqualTo(List.of(
                                f.mask.addr(),
                                f.mask.port(),
                                f.state,
                                f.update,
                                f.announced,
                                f.inPlace,
                                f.late,
                                f.stored,
                                f.timer));
                assertThat(t.position(s)).as(where).isEqualTo(f.update - f.inPlace);
            }
            for (int q = 0; q < FlowTable.QUEUES; q++) {
                List<Key6> walked = new ArrayList<>();
                int prev = NIL;
                for (int s = t.head(q); s != NIL; s = t.queueNext(s)) {
                    assertThat(t.queuePrev(s)).as(where + ", queue " + q).isEqualTo(prev);
                    assertThat(t.timer(s)).as(where).isEqualTo(q);
                    walked.add(key(s));
                    prev = s;
                    assertThat(walked.size()).as(where + ", a cycle").isLessThanOrEqualTo(flows.size());
                }
                assertThat(t.tail(q)).as(where + ", tail " + q).isEqualTo(prev);
                assertThat(walked).as(where + ", queue " + q).isEqualTo(queues.get(q));
                assertThat(t.queueSize(q)).as(where).isEqualTo(walked.size());
                Key6 c = cursors[q];
                assertThat(t.cursor(q)).as(where + ", cursor " + q).isEqualTo(c == null ? NIL : slot(c));
            }
            assertThat(heads.keySet()).as(where).isEqualTo(bibs.keySet());
            for (Map.Entry<Mask, LinkedList<Key6>> e : bibs.entrySet()) {
                List<Key6> walked = new ArrayList<>();
                int prev = NIL;
                for (int s = heads.get(e.getKey()); s != NIL; s = t.bibNext(s)) {
                    assertThat(t.bibPrev(s)).as(where + ", bib " + e.getKey()).isEqualTo(prev);
                    walked.add(key(s));
                    prev = s;
                    assertThat(walked.size()).as(where + ", a cycle").isLessThanOrEqualTo(flows.size());
                }
                assertThat(walked).as(where + ", bib " + e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    @ParameterizedTest(name = "capacity {0}, hash bits {1}, seed {2}")
    @CsvSource({
        "8, 64, 1",
        "8, 1, 2",
        "16, 2, 3",
        "64, 3, 4",
        "64, 64, 5",
        "256, 4, 6",
        "256, 64, 7",
        "1000, 64, 8",
        "8, 1, 9",
        "64, 3, 10",
        "1000, 64, 11"
    })
    void agreesWithMapsAndListsWhileSessionsComeAndGo(int capacity, int hashBits, long seed) {
        Run run = new Run(capacity, hashBits, seed);
        FlowTable t = run.t;
        SplittableRandom r = new SplittableRandom(seed);
        int max = capacity;
        // A key space about twice the table: inserts collide with live keys on either side, masks repeat.
        int span = Math.max(2, (int) Math.cbrt(capacity * 2.0));
        int steps = 20_000;
        int checkEvery = capacity <= 64 ? 1 : 41;
        for (int op = 0; op < steps; op++) {
            String at = "op " + op;
            Key6 k6 = new Key6(
                    r.nextBoolean() ? 0x20010db8_00000000L : -1L,
                    r.nextInt(span),
                    r.nextBoolean() ? 65535 : r.nextInt(span),
                    r.nextBoolean() ? 0xc6336401 : 0xcb007101,
                    r.nextInt(span));
            Mask mask = new Mask(r.nextBoolean() ? 0xc0000201 : 0xc000027f, r.nextInt(span * span));
            int choice = r.nextInt(12);
            Flow some = run.live.isEmpty() ? null : run.flows.get(run.live.get(r.nextInt(run.live.size())));
            if (choice < 5) {
                Flow f = new Flow(k6, mask, r.nextInt(7), r.nextLong(1L << 30));
                boolean taken = run.flows.containsKey(k6) || run.by4.containsKey(f.key4());
                // A third are queued at a tail by the insert itself, as a creation does.
                int timer = r.nextInt(3) == 0 ? r.nextInt(FlowTable.QUEUES) : NIL;
                int s = run.insert(f, timer);
                if (taken) {
                    assertThat(s).as(run.seed + ", " + at).isEqualTo(FlowTable.EXISTS);
                } else if (run.flows.size() == max && s == FlowTable.FULL) {
                    assertThat(run.flows).as(run.seed + ", " + at).doesNotContainKey(k6);
                } else {
                    assertThat(s).as(run.seed + ", " + at).isGreaterThanOrEqualTo(0);
                    if (timer == NIL && r.nextInt(10) != 0) {
                        int q = r.nextInt(FlowTable.QUEUES);
                        run.queue(f, q, randomMember(run, q, r));
                    }
                }
            } else if (choice < 8 && some != null) {
                run.remove(some);
            } else if (choice == 8 && some != null) {
                // Refresh with relink: off its queue, onto the tail of one (or in place, as a peer's copy).
                if (some.timer >= 0) {
                    run.unqueue(some);
                }
                some.update = r.nextLong(1L << 30);
                some.state = r.nextInt(7);
                t.refresh(run.slot(some.key6), some.update, some.state);
                int q = r.nextInt(FlowTable.QUEUES);
                run.queue(some, q, r.nextBoolean() ? lastOf(run, q) : randomMember(run, q, r));
            } else if (choice == 9 && some != null) {
                int s = run.slot(some.key6);
                switch (r.nextInt(4)) {
                    case 0 -> {
                        some.update = r.nextLong(1L << 30);
                        t.setUpdateTime(s, some.update);
                    }
                    case 1 -> {
                        some.announced = r.nextLong(1L << 30);
                        t.setAnnouncedUpdate(s, some.announced);
                    }
                    case 2 -> {
                        some.inPlace = r.nextInt();
                        t.setInPlace(s, some.inPlace);
                    }
                    default -> {
                        some.late = r.nextBoolean();
                        some.stored = r.nextBoolean();
                        t.setLate(s, some.late);
                        t.setStored(s, some.stored);
                    }
                }
            } else if (choice == 10) {
                int q = r.nextInt(FlowTable.QUEUES);
                if (r.nextBoolean()) {
                    Key6 c = run.cursors[q];
                    if (c != null) {
                        List<Key6> list = run.queues.get(q);
                        int i = list.indexOf(c);
                        run.cursors[q] = i + 1 < list.size() ? list.get(i + 1) : null;
                    }
                    t.advanceCursor(q);
                } else {
                    Key6 c = randomMember(run, q, r);
                    run.cursors[q] = c;
                    t.setCursor(q, c == null ? NIL : run.slot(c));
                }
            } else {
                Key4 k4 = new Key4(mask.addr(), mask.port(), k6.dst4Addr(), k6.dst4Port());
                assertThat(run.slot(k6) >= 0).as(run.seed + ", " + at).isEqualTo(run.flows.containsKey(k6));
                assertThat(t.lookup4(k4.src4Addr(), k4.src4Port(), k4.dst4Addr(), k4.dst4Port()) >= 0)
                        .as(run.seed + ", " + at)
                        .isEqualTo(run.by4.containsKey(k4));
                boolean talks = run.bibs.getOrDefault(mask, new LinkedList<>()).stream()
                        .anyMatch(k -> k.dst4Addr() == k6.dst4Addr());
                assertThat(t.talksTo(run.heads.getOrDefault(mask, NIL), k6.dst4Addr()))
                        .as(run.seed + ", " + at)
                        .isEqualTo(talks);
            }
            if (op % checkEvery == 0 || op == steps - 1) {
                run.check(at);
            }
        }
    }

    private static @Nullable Key6 randomMember(Run run, int q, SplittableRandom r) {
        List<Key6> list = run.queues.get(q);
        int i = r.nextInt(list.size() + 1);
        return i == list.size() ? null : list.get(i);
    }

    private static @Nullable Key6 lastOf(Run run, int q) {
        List<Key6> list = run.queues.get(q);
        return list.isEmpty() ? null : list.get(list.size() - 1);
    }

    /**
     * Every key hashes to one home (1 hash bit, top bit cleared), so every index entry sits in one probe run:
     * removing the first session of the run and of its BIB list leaves every other session in its slot, and
     * the list's next becomes its first.
     */
    @Test
    void removingTheFirstOfARunMovesNoOtherSession() {
        Run run = new Run(16, 1, 0);
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Flow f = new Flow(new Key6(1, i, 1000, 0xc6336401, 80 + i), new Mask(0xc0000201, 2000 + i % 2), 0, 10 + i);
            assertThat(run.insert(f)).isGreaterThanOrEqualTo(0);
            run.queue(f, i % 2, lastOf(run, i % 2));
            flows.add(f);
        }
        run.cursors[1] = flows.get(5).key6;
        run.t.setCursor(1, run.slot(flows.get(5).key6));
        run.check("filled");
        List<Integer> before = new ArrayList<>();
        for (Flow f : flows) {
            before.add(run.slot(f.key6));
        }
        run.remove(flows.get(0));
        run.check("after the removal");
        for (int i = 1; i < flows.size(); i++) {
            assertThat(run.slot(flows.get(i).key6)).as("slot of flow " + i).isEqualTo(before.get(i));
        }
        run.remove(flows.get(1));
        run.remove(flows.get(3));
        run.check("after three removals");
    }

    @Test
    void aFullTableRefusesAndARemovalMakesRoom() {
        Run run = new Run(8, 64, 1);
        for (int i = 0; i < 8; i++) {
            Flow f = new Flow(new Key6(1, i, 1, 1, 1), new Mask(1, i), 0, 0);
            assertThat(run.insert(f)).isGreaterThanOrEqualTo(0);
            run.queue(f, 0, lastOf(run, 0));
        }
        Flow extra = new Flow(new Key6(1, 99, 1, 1, 1), new Mask(1, 99), 0, 0);
        assertThat(run.insert(extra)).isEqualTo(FlowTable.FULL);
        assertThat(run.slot(extra.key6)).isEqualTo(NIL);
        run.remove(run.flows.get(new Key6(1, 3, 1, 1, 1)));
        assertThat(run.insert(extra)).isGreaterThanOrEqualTo(0);
        run.check("refilled");
        assertThatThrownBy(() -> run.t.remove(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> run.t.unlink(run.slot(extra.key6))).isInstanceOf(IllegalArgumentException.class);
        int queued = run.slot(new Key6(1, 0, 1, 1, 1));
        assertThatThrownBy(() -> run.t.append(queued, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> run.t.append(run.slot(extra.key6), 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aFullTableGrowsKeepingEverySlotNumberQueueAndList() {
        Run run = new Run(8, 3, 4); // 3 hash bits: long probe runs in both indexes
        java.util.Random r = new java.util.Random(4);
        Map<Key6, Integer> slots = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            Flow f = new Flow(new Key6(1, i, i % 3, 2, i), new Mask(5, i % 7), i % 5, i);
            int s = run.insert(f);
            if (s == FlowTable.FULL) {
                int before = run.t.capacity();
                assertThat(run.t.grow()).isTrue();
                assertThat(run.t.capacity()).isEqualTo(2 * before);
                run.check("grown to " + run.t.capacity());
                slots.forEach(
                        (k, slot) -> assertThat(run.slot(k)).as("slot kept").isEqualTo(slot));
                s = run.insert(f);
            }
            assertThat(s).isGreaterThanOrEqualTo(0);
            slots.put(f.key6, s);
            run.queue(f, i % 3, lastOf(run, i % 3));
            if (r.nextInt(4) == 0) {
                Key6 gone = run.live.get(r.nextInt(run.live.size()));
                run.remove(run.flows.get(gone));
                slots.remove(gone);
            }
        }
        run.check("after growing");
        assertThat(run.t.capacity()).isGreaterThanOrEqualTo(128);
    }

    @Test
    void growthStopsAtTheMaximumCapacity() {
        FlowTable t = new FlowTable(8, 1, 64, 24);
        assertThat(t.grow()).isTrue();
        assertThat(t.capacity()).isEqualTo(16);
        assertThat(t.grow()).isTrue();
        assertThat(t.capacity()).as("capped, not doubled").isEqualTo(24);
        assertThat(t.grow()).isFalse();
        assertThat(t.capacity()).isEqualTo(24);
        for (int i = 0; i < 24; i++) {
            assertThat(t.insert(1, i, 1, 2, 3, 4, i, 0, 0, NIL)).isGreaterThanOrEqualTo(0);
        }
        assertThat(t.insert(1, 99, 1, 2, 3, 4, 99, 0, 0, NIL)).isEqualTo(FlowTable.FULL);
        assertThatThrownBy(() -> new FlowTable(32, 1, 64, 16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FlowTable(8, 1, 64, FlowTable.MAX_CAPACITY + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReservationGrowsOnceToAPowerOfTwoAndNeverShrinks() {
        Run run = new Run(8, 64, 12);
        Flow early = new Flow(new Key6(1, -1, 1, 1, 1), new Mask(3, 0), 2, 5);
        int earlySlot = run.insert(early);
        run.queue(early, 1, null);
        assertThat(run.t.reserve(1000)).isTrue();
        assertThat(run.t.capacity()).isEqualTo(1024);
        assertThat(run.slot(early.key6)).as("slot kept").isEqualTo(earlySlot);
        run.check("reserved");
        assertThat(run.t.reserve(1024)).isFalse();
        assertThat(run.t.reserve(100)).as("never shrinks").isFalse();
        assertThat(run.t.capacity()).isEqualTo(1024);
        for (int i = 1; i < 1024; i++) {
            Flow f = new Flow(new Key6(1, i, 1, 1, 1), new Mask(3, i), 0, i);
            assertThat(run.insert(f)).isGreaterThanOrEqualTo(0);
            run.queue(f, i % 3, lastOf(run, i % 3));
            assertThat(run.t.capacity()).as("capacity at %d sessions", i + 1).isEqualTo(1024);
        }
        Flow past = new Flow(new Key6(1, 5000, 1, 1, 1), new Mask(3, 5000), 0, 0);
        assertThat(run.insert(past)).isEqualTo(FlowTable.FULL);
        assertThat(run.t.grow()).isTrue();
        assertThat(run.insert(past)).isGreaterThanOrEqualTo(0);
        assertThat(run.t.capacity()).isEqualTo(2048);
        run.check("one past the reservation");
        FlowTable capped = new FlowTable(8, 1, 64, 100);
        assertThat(capped.reserve(1 << 20)).isTrue();
        assertThat(capped.capacity()).as("at most the maximum").isEqualTo(100);
    }

    @Test
    void aWrongBibHeadIsRefused() {
        Run run = new Run(16, 64, 2);
        Flow a = new Flow(new Key6(1, 1, 1, 1, 1), new Mask(7, 7), 0, 0);
        Flow b = new Flow(new Key6(1, 2, 1, 1, 2), new Mask(7, 7), 0, 0);
        assertThat(run.insert(a)).isGreaterThanOrEqualTo(0);
        int first = run.insert(b);
        assertThat(first).isGreaterThanOrEqualTo(0);
        int second = run.slot(a.key6);
        assertThatThrownBy(() -> run.t.insert(1, 3, 1, 1, 3, 7, 8, 0, 0, first))
                .as("another mask's head")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> run.t.insert(1, 3, 1, 1, 3, 7, 7, 0, 0, second))
                .as("not the first of its list")
                .isInstanceOf(IllegalArgumentException.class);
        run.check("unchanged");
    }

    @Test
    void theAnnouncedUpdateSurvivesRefreshesAndSaturatesFarBehind() {
        FlowTable t = new FlowTable(16, 3);
        int s = t.insert(1, 1, 1, 1, 1, 1, 1, 0, 1_000, NIL);
        assertThat(t.announcedUpdate(s)).isEqualTo(1_000);
        t.setUpdateTime(s, 5_000);
        assertThat(t.announcedUpdate(s)).isEqualTo(1_000);
        t.setUpdateTime(s, 1_000 + (1L << 40));
        assertThat(t.announcedUpdate(s)).isEqualTo(1_000 + (1L << 40) - Integer.MAX_VALUE);
    }

    @Test
    void insertsRemovesAndRelinksAllocateNothing() {
        FlowTable t = new FlowTable(1 << 12, 9);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        churn(t, 0); // warm up: the first calls may load classes
        long before = bean.getCurrentThreadAllocatedBytes();
        churn(t, 1);
        long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated by 20,000 operations").isLessThan(1_000);
    }

    private static void churn(FlowTable t, int round) {
        for (int i = 0; i < 3_000; i++) {
            int s = t.insert(round, i, 1, 2, 3, round, i, 0, i, NIL);
            t.append(s, i % 3);
        }
        for (int i = 0; i < 3_000; i += 2) {
            int s = t.lookup4(round, i, 2, 3);
            t.unlink(s);
            t.append(s, 0);
            t.remove(t.lookup6(round, i + 1, 1, 2, 3));
        }
        for (int i = 0; i < 3_000; i += 2) {
            t.remove(t.lookup6(round, i, 1, 2, 3));
        }
    }

    /** A slot is one cache line (as the prototype's test shows for its identical layout). */
    @Test
    void slotsStartOnACacheLine() throws Exception {
        FlowTable t = new FlowTable(1 << 18, 1); // 16 MiB: humongous with any G1 region size
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
        assertThat(16 + 8 * FlowTable.BASE).isEqualTo(64);
    }
}
