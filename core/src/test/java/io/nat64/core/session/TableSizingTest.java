package io.nat64.core.session;

import static io.nat64.core.session.TableFixture.CLIENT;
import static io.nat64.core.session.TableFixture.POOL4;
import static io.nat64.core.session.TableFixture.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.GlobalKey;
import io.nat64.core.config.Globals;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * How a {@link BibTable} sizes its {@link FlowTable} from pool4's capacity, and what every creating path does
 * when the table is at its maximum size (growth stopped at the current capacity: no gigabytes needed).
 */
class TableSizingTest {
    private static final int V6_SYN = TcpSegment.fromIpv6(TcpSegment.SYN);
    private static final int V4_SYN = TcpSegment.fromIpv4(TcpSegment.SYN);
    /** 100 masks per protocol: the tables keep their initial 1,024 slots. */
    private static final int MIN_PORT = 7000;

    private static final int MAX_PORT = 7099;

    /** Stops {@code t}'s growth and creates sessions until every slot is taken. */
    private static void fill(BibTable t, IntConsumer create) {
        t.flows.limitCapacity(t.flows.capacity());
        for (int i = 0; t.sessionCount() < t.flows.capacity(); i++) {
            create.accept(i);
        }
        assertThat(t.sessionCount()).isEqualTo(BibTable.INITIAL_SLOTS);
    }

    /** The masks the table's {@link MaskOrder} holds: one per BIB entry, none leaked. */
    private static int masks(BibTable t) {
        int n = 0;
        for (long m = t.maskOrder.next(-1); m >= 0; m = t.maskOrder.next(m)) {
            n++;
        }
        return n;
    }

    private static void assertNothingCreated(TableFixture f, BibTable t, int mutations) {
        assertThat(t.sessionCount()).isEqualTo(BibTable.INITIAL_SLOTS);
        assertThat(t.bibCount()).as("no BIB entry left without a session").isEqualTo(1);
        assertThat(masks(t)).as("no mask leaked").isEqualTo(1);
        assertThat(f.mutations).as("nothing published").hasSize(mutations);
        assertThat(t.storedPackets).isEmpty();
    }

    private static Session copy(L4Protocol p, int src6Port, int mask, int dst4Port, TcpState state, TimerType timer) {
        return new Session(
                p,
                CLIENT,
                src6Port,
                Ipv6Address.parse("64:ff9b::c000:208"),
                dst4Port,
                POOL4,
                mask,
                SERVER,
                dst4Port,
                state,
                timer,
                0,
                0);
    }

    @Test
    void aTableReservedForPool4NeverGrowsWhileItFillsAndGrowsOnePast() {
        TableFixture f = new TableFixture(Globals.defaults(), 7000, 8999); // 2,000 masks: 2,048 slots
        FlowTable flows = f.udp().flows;
        assertThat(flows.capacity()).isEqualTo(BibTable.INITIAL_SLOTS);
        for (int i = 0; i < 2048; i++) {
            assertThat(f.udp6(CLIENT, 1 + i % 64, SERVER, 1 + i / 64, 0)).isEqualTo(Verdict.TRANSLATE);
            assertThat(flows.capacity()).as("capacity at %d sessions", i + 1).isEqualTo(2048);
        }
        assertThat(f.udp6(CLIENT, 1, SERVER, 5000, 0)).isEqualTo(Verdict.TRANSLATE);
        assertThat(f.udp().sessionCount()).isEqualTo(2049);
        assertThat(flows.capacity()).as("doubled past the reservation").isEqualTo(4096);
    }

    @Test
    void aSmallPool4KeepsTheInitialSlots() {
        TableFixture f = new TableFixture(Globals.defaults(), 7000, 7099);
        assertThat(f.udp6(CLIENT, 1, SERVER, 1, 0)).isEqualTo(Verdict.TRANSLATE);
        assertThat(f.udp().flows.capacity()).as("a reservation never shrinks").isEqualTo(BibTable.INITIAL_SLOTS);
    }

    @Test
    void everyUdpCreationOnAFullTableIsACountedDropThatLeavesNothingBehind() {
        TableFixture f = new TableFixture(Globals.defaults(), MIN_PORT, MAX_PORT);
        BibTable t = f.udp();
        fill(t, i -> f.udp6(CLIENT, 10, SERVER, 1 + i, 0));
        int mask = f.out.src4Port();
        int published = f.mutations.size();
        Verdict v = f.udp6(CLIENT, 11, SERVER, 1, 1);
        assertThat(v).as("a new BIB entry").isEqualTo(Verdict.SESSION_TABLE_FULL);
        assertThat(v.icmp()).isEqualTo(Verdict.Icmp.NONE);
        assertThat(t.find(CLIENT, 11, SERVER, 1)).isNull();
        assertThat(f.udp6(CLIENT, 10, SERVER, 5000, 1))
                .as("an existing BIB entry")
                .isEqualTo(Verdict.SESSION_TABLE_FULL);
        assertThat(f.udp4(mask, SERVER, 6000, 1)).as("from IPv4").isEqualTo(Verdict.SESSION_TABLE_FULL);
        assertThat(f.udp6(CLIENT, 10, SERVER, 1, 2))
                .as("existing sessions still translate")
                .isEqualTo(Verdict.TRANSLATE);
        assertNothingCreated(f, t, published);
        t.flows.limitCapacity(2 * BibTable.INITIAL_SLOTS);
        assertThat(f.udp6(CLIENT, 11, SERVER, 1, 3)).as("room again").isEqualTo(Verdict.TRANSLATE);
        assertThat(t.bibCount()).isEqualTo(2);
    }

    @Test
    void everyTcpCreationOnAFullTableIsACountedDropThatLeavesNothingBehind() {
        TableFixture f = new TableFixture(Globals.defaults(), MIN_PORT, MAX_PORT);
        BibTable t = f.tcp();
        fill(t, i -> f.tcp6(10, 1 + i, V6_SYN, 0));
        int mask = f.out.src4Port();
        int free = mask == MIN_PORT ? MIN_PORT + 1 : MIN_PORT;
        int published = f.mutations.size();
        assertThat(f.tcp6(11, 1, V6_SYN, 1)).as("an IPv6 SYN, new BIB entry").isEqualTo(Verdict.SESSION_TABLE_FULL);
        assertThat(f.tcp4(mask, 5000, V4_SYN, 1)).as("an IPv4 SYN").isEqualTo(Verdict.SESSION_TABLE_FULL);
        assertThat(f.tcp4(free, 2601, V4_SYN, 1)).isEqualTo(Verdict.STORED_TYPE1); // needs no session
        assertThat(f.tcp6(2600, 2601, V6_SYN, 2)).as("type 1 completion").isEqualTo(Verdict.SESSION_TABLE_FULL);
        assertThat(t.type1.size()).as("the stored SYN stays stored").isEqualTo(1);
        assertNothingCreated(f, t, published);
        t.expire(6_001, 100);
        assertThat(f.portUnreachables).as("and is answered when it times out").hasSize(1);
    }

    @Test
    void aType2SynOnAFullTableIsNotStored() {
        Globals adf = Globals.defaults().with(GlobalKey.ADDRESS_DEPENDENT_FILTERING, "true");
        TableFixture f = new TableFixture(adf, MIN_PORT, MAX_PORT);
        BibTable t = f.tcp();
        fill(t, i -> f.tcp6(10, 1 + i, V6_SYN, 0));
        int published = f.mutations.size();
        assertThat(f.tcp4(f.out.src4Port(), 4444, V4_SYN, 1)).isEqualTo(Verdict.SESSION_TABLE_FULL);
        assertNothingCreated(f, t, published);
    }

    @Test
    void aPeersCopyOnAFullTableIsRefusedAndLeavesNothingBehind() {
        TableFixture f = new TableFixture(Globals.defaults(), MIN_PORT, MAX_PORT);
        BibTable t = f.tcp();
        fill(t, i -> f.tcp6(10, 1 + i, V6_SYN, 0));
        int mask = f.out.src4Port();
        int free = mask == MIN_PORT ? MIN_PORT + 1 : MIN_PORT;
        int published = f.mutations.size();
        Session newBib = copy(L4Protocol.TCP, 11, free, 80, TcpState.ESTABLISHED, TimerType.EST);
        assertThat(t.merge(newBib, 1_000_000, 1)).isEqualTo(MergeResult.TABLE_FULL);
        assertThat(f.tcp4(mask == MIN_PORT + 2 ? MIN_PORT + 3 : MIN_PORT + 2, 2601, V4_SYN, 1))
                .isEqualTo(Verdict.STORED_TYPE1);
        Session sameBib = copy(L4Protocol.TCP, 10, mask, 2601, TcpState.ESTABLISHED, TimerType.EST);
        assertThat(t.merge(sameBib, 1_000_000, 1)).isEqualTo(MergeResult.TABLE_FULL);
        assertThat(t.type1.size()).as("a pending simultaneous open is kept").isEqualTo(1);
        assertNothingCreated(f, t, published);
    }
}
