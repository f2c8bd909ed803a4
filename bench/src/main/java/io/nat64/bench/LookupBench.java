package io.nat64.bench;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.BibTable;
import io.nat64.core.session.BurstPrefetch;
import io.nat64.core.session.Mapping;
import io.nat64.core.session.SessionListener;
import io.nat64.core.session.Verdict;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the TCP and UDP lookup benchmarks share: the table of {@code sessions} flows (one per BIB entry) to
 * {@code servers} servers, the keys drawn among them ({@link LookupKeys}), the packet counter that walks the
 * keys and drives the clock, and the staged read-ahead of a burst. Subclasses fill the table in their setup.
 * Public and not final: JMH subclasses benchmark classes from another package.
 */
@State(Scope.Thread)
public abstract class LookupBench {
    /** Packets per call of the burst variants: {@link #burst} packets at a time, read ahead, then processed. */
    static final int BURST = BurstPrefetch.CAPACITY;
    /** The clock starts a second after the flows opened and advances 1 ms per 8192 packets (an 8 Mpps link). */
    private static final long CLOCK_START = Flows.START + 1_000;

    @Param("1000000")
    int sessions;

    /** How many IPv4 servers the flows talk to (1 to 254): 1 is every client on one popular server. */
    @Param("254")
    int servers;

    /**
     * How flows share the packets: 0 draws them uniformly (the worst case: every packet a likely cache miss),
     * above 0 by a Zipf law of that exponent (about 1 in measured traffic: a few flows carry most packets).
     */
    @Param("0")
    double skew;

    /**
     * Packets read ahead together in the burst variants (a divisor of {@link #BURST}). 32 and 64 measured no
     * faster than 16: the misses are bound by how many the memory system serves, not by their latency.
     */
    @Param("16")
    int burstSize;

    final Mapping mapping = new Mapping();
    final BurstPrefetch burst = new BurstPrefetch();
    BibTable table;
    LookupKeys keys;
    long packets;

    /** Fills a fresh table of {@code protocol} and draws the keys. */
    void fill(L4Protocol protocol) {
        table = Flows.newDb(SessionListener.NONE).table(protocol);
        keys = LookupKeys.fill(table, sessions, servers, skew, 42);
    }

    @TearDown(Level.Trial)
    public void nothingCreated() {
        Flows.expectCounts(table, sessions, sessions);
    }

    /** Reads ahead the next {@link #burstSize} packets from the IPv6 side, without consuming them. */
    long readAhead6() {
        int k0 = (int) (packets & (LookupKeys.COUNT - 1));
        for (int i = 0; i < burstSize; i++) {
            int k = (k0 + i) & (LookupKeys.COUNT - 1);
            burst.add6(table, Flows.SRC6_HIGH, keys.src6Low[k], keys.src6Port[k], keys.dst4[k], Flows.SERVER_PORT);
        }
        return burst.run();
    }

    /** Reads ahead the next {@link #burstSize} packets from the IPv4 side, without consuming them. */
    long readAhead4() {
        int k0 = (int) (packets & (LookupKeys.COUNT - 1));
        for (int i = 0; i < burstSize; i++) {
            int k = (k0 + i) & (LookupKeys.COUNT - 1);
            burst.add4(table, keys.src4Addr[k], keys.src4Port[k], keys.dst4[k], Flows.SERVER_PORT);
        }
        return burst.run();
    }

    /** A bare ACK of flow {@code k} of {@code ks} from its IPv6 side, through {@code t}, with lookup hint {@code hint}. */
    Verdict ack6(BibTable t, LookupKeys ks, int k, long hint) {
        return t.tcp6(
                hint,
                Flows.SRC6_HIGH,
                ks.src6Low[k],
                ks.src6Port[k],
                Flows.DST6_HIGH,
                ks.dst6Low[k],
                ks.dst4[k],
                Flows.SERVER_PORT,
                Flows.ACK6,
                now(),
                mapping);
    }

    /** A UDP datagram of flow {@code k} of {@code ks} from its IPv4 side, through {@code t}, with lookup hint {@code hint}. */
    Verdict datagram4(BibTable t, LookupKeys ks, int k, long hint) {
        return t.udpIcmp4(hint, ks.src4Addr[k], ks.src4Port[k], ks.dst4[k], Flows.SERVER_PORT, now(), mapping);
    }

    int nextKey() {
        return (int) (packets++ & (LookupKeys.COUNT - 1));
    }

    long now() {
        return CLOCK_START + (packets >>> 13);
    }
}
