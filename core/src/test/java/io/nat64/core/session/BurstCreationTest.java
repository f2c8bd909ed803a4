package io.nat64.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.Globals;
import io.nat64.core.pool.Pool4;
import io.nat64.core.pool.Pool4Entry;
import io.nat64.core.pool.Pool6;
import org.junit.jupiter.api.Test;

/**
 * New flows read ahead in bursts ({@link BurstPrefetch}) create exactly the BIB entries, masks and sessions that
 * the same packets create one by one: the read-ahead changes nothing that RFC 6056 algorithm 3 reads.
 */
class BurstCreationTest {
    private static final long SRC6_HIGH = 0x20010db8_00000000L;
    private static final Pool6 POOL6 = Pool6.of(Ipv6Prefix.parse("64:ff9b::/96"));
    private static final int SERVER = Ipv4Address.parseBits("198.51.100.7");
    private static final int SYN6 = TcpSegment.fromIpv6(TcpSegment.SYN);

    private final Mapping out = new Mapping();

    private static BibTable table(String pool4Prefix, int minPort, int maxPort) {
        Pool4 pool4 = new Pool4(0x0123456789abcdefL, 0x0fedcba987654321L);
        pool4.add(Pool4Entry.of(L4Protocol.TCP, Ipv4Prefix.parse(pool4Prefix), minPort, maxPort));
        return new SessionDb(POOL6, pool4, Globals.defaults(), SessionListener.NONE, 7).table(L4Protocol.TCP);
    }

    /** Flow {@code k}: client {@code 2001:db8::(k / 3 + 1)} port {@code 40000 + k % 3}, to a server of 5. */
    private Verdict syn6(BibTable t, int k) {
        int dst4 = SERVER + k % 5;
        return t.tcp6(
                SRC6_HIGH,
                k / 3 + 1,
                40000 + k % 3,
                POOL6.embedHigh(dst4),
                POOL6.embedLow(dst4),
                dst4,
                443,
                SYN6,
                0,
                out);
    }

    private long mask() {
        return Pool4.pack(out.src4Addr(), out.src4Port());
    }

    private static void add(BurstPrefetch burst, BibTable t, int k) {
        int dst4 = SERVER + k % 5;
        burst.add6(t, SRC6_HIGH, k / 3 + 1, 40000 + k % 3, dst4, 443);
    }

    @Test
    void aBurstOfNewFlowsCreatesTheMasksThatOneByOneCreates() {
        // A crowded pool4 (300 flows in 320 masks): first candidates are often taken.
        BibTable single = table("203.0.113.9/32", 1001, 1320);
        BibTable burst = table("203.0.113.9/32", 1001, 1320);
        BurstPrefetch prefetch = new BurstPrefetch();
        for (int k0 = 0; k0 < 300; k0 += 16) {
            int end = Math.min(300, k0 + 16);
            for (int k = k0; k < end; k++) {
                add(prefetch, burst, k);
            }
            prefetch.run();
            for (int k = k0; k < end; k++) {
                assertThat(syn6(single, k)).isEqualTo(Verdict.TRANSLATE);
                long expected = mask();
                assertThat(syn6(burst, k)).isEqualTo(Verdict.TRANSLATE);
                assertThat(mask()).as("flow %d", k).isEqualTo(expected);
            }
        }
        assertThat(burst.bibCount()).isEqualTo(single.bibCount()).isEqualTo(300);
        assertThat(burst.sessionCount()).isEqualTo(single.sessionCount()).isEqualTo(300);
    }
}
