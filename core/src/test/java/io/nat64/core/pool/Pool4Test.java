package io.nat64.core.pool;

import static io.nat64.core.addr.L4Protocol.ICMP;
import static io.nat64.core.addr.L4Protocol.TCP;
import static io.nat64.core.addr.L4Protocol.UDP;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.L4Protocol;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Pool4Test {

    private final Pool4 pool4 = new Pool4(1, 2);

    private static Pool4Entry entry(L4Protocol protocol, String prefix, int min, int max) {
        return Pool4Entry.of(protocol, Ipv4Prefix.parse(prefix), min, max);
    }

    private List<String> rows(L4Protocol protocol) {
        return pool4.entries(protocol).stream().map(Pool4Entry::toString).toList();
    }

    private static int ip(String text) {
        return Ipv4Address.parseBits(text);
    }

    @Test
    void newPoolIsEmptyForEveryProtocol() {
        for (L4Protocol protocol : L4Protocol.values()) {
            assertThat(pool4.isEmpty(protocol)).isTrue();
            assertThat(pool4.transportAddressCount(protocol)).isZero();
            assertThat(pool4.entries(protocol)).isEmpty();
            assertThat(pool4.next(protocol, -1)).isEqualTo(-1);
        }
    }

    @Test
    void prefixExpandsIntoOneRowPerAddress() {
        assertThat(pool4.add(entry(TCP, "192.0.2.0/30", 100, 200))).isTrue();

        assertThat(rows(TCP))
                .containsExactly(
                        "TCP 192.0.2.0 100-200",
                        "TCP 192.0.2.1 100-200",
                        "TCP 192.0.2.2 100-200",
                        "TCP 192.0.2.3 100-200");
        assertThat(pool4.transportAddressCount(TCP)).isEqualTo(4 * 101);
        assertThat(pool4.isEmpty(UDP)).isTrue();
    }

    @Test
    void adjacentRangesOfOneAddressFuse() {
        pool4.add(entry(UDP, "192.0.2.1", 1, 10));
        pool4.add(entry(UDP, "192.0.2.1", 11, 20));

        assertThat(rows(UDP)).containsExactly("UDP 192.0.2.1 1-20");
    }

    @Test
    void overlappingRangesOfOneAddressFuse() {
        pool4.add(entry(UDP, "192.0.2.1", 10, 30));
        pool4.add(entry(UDP, "192.0.2.1", 5, 15));

        assertThat(rows(UDP)).containsExactly("UDP 192.0.2.1 5-30");
        assertThat(pool4.transportAddressCount(UDP)).isEqualTo(26);
    }

    @Test
    void rangeFillingAGapFusesBothNeighbours() {
        pool4.add(entry(TCP, "192.0.2.1", 1, 10));
        pool4.add(entry(TCP, "192.0.2.1", 21, 30));
        assertThat(rows(TCP)).containsExactly("TCP 192.0.2.1 1-10", "TCP 192.0.2.1 21-30");

        pool4.add(entry(TCP, "192.0.2.1", 11, 20));

        assertThat(rows(TCP)).containsExactly("TCP 192.0.2.1 1-30");
    }

    @Test
    void rangeSwallowingSeveralRowsFusesThemAll() {
        pool4.add(entry(TCP, "192.0.2.1", 10, 20));
        pool4.add(entry(TCP, "192.0.2.1", 30, 40));
        pool4.add(entry(TCP, "192.0.2.1", 50, 60));

        pool4.add(entry(TCP, "192.0.2.1", 15, 55));

        assertThat(rows(TCP)).containsExactly("TCP 192.0.2.1 10-60");
    }

    @Test
    void rangesOfDifferentAddressesNeverFuseEvenWhenTheyTouchInIterationOrder() {
        pool4.add(entry(ICMP, "192.0.2.1", 0, 65535));
        pool4.add(entry(ICMP, "192.0.2.2", 0, 65535));

        assertThat(rows(ICMP)).containsExactly("ICMP 192.0.2.1 0-65535", "ICMP 192.0.2.2 0-65535");
        assertThat(pool4.transportAddressCount(ICMP)).isEqualTo(2 * 65536);
    }

    @Test
    void addingWhatIsAlreadyThereChangesNothing() {
        pool4.add(entry(TCP, "192.0.2.0/31", 1, 100));

        assertThat(pool4.add(entry(TCP, "192.0.2.1", 20, 30))).isFalse();
        assertThat(rows(TCP)).containsExactly("TCP 192.0.2.0 1-100", "TCP 192.0.2.1 1-100");
    }

    @Test
    void removingTheMiddleOfARangeSplitsIt() {
        pool4.add(entry(TCP, "192.0.2.1", 1, 100));

        assertThat(pool4.remove(entry(TCP, "192.0.2.1", 40, 60))).isTrue();

        assertThat(rows(TCP)).containsExactly("TCP 192.0.2.1 1-39", "TCP 192.0.2.1 61-100");
        assertThat(pool4.transportAddressCount(TCP)).isEqualTo(79);
    }

    @Test
    void removingAnEdgeShortensTheRange() {
        pool4.add(entry(UDP, "192.0.2.1", 1, 100));

        pool4.remove(entry(UDP, "192.0.2.1", 90, 200));
        pool4.remove(entry(UDP, "192.0.2.1", 1, 9));

        assertThat(rows(UDP)).containsExactly("UDP 192.0.2.1 10-89");
    }

    @Test
    void removingAcrossSeveralRowsTrimsAndDropsThem() {
        pool4.add(entry(UDP, "192.0.2.1", 10, 20));
        pool4.add(entry(UDP, "192.0.2.1", 30, 40));
        pool4.add(entry(UDP, "192.0.2.1", 50, 60));

        pool4.remove(entry(UDP, "192.0.2.1", 15, 55));

        assertThat(rows(UDP)).containsExactly("UDP 192.0.2.1 10-14", "UDP 192.0.2.1 56-60");
    }

    @Test
    void removingAPrefixTouchesOnlyItsAddresses() {
        pool4.add(entry(TCP, "192.0.2.0/29", 1000, 2000));

        pool4.remove(Pool4Entry.allPorts(TCP, Ipv4Prefix.parse("192.0.2.2/31")));

        assertThat(pool4.entries(TCP))
                .extracting(e -> e.prefix().toString())
                .containsExactly("192.0.2.0", "192.0.2.1", "192.0.2.4", "192.0.2.5", "192.0.2.6", "192.0.2.7");
    }

    @Test
    void removingWhatIsNotThereReportsNoChange() {
        pool4.add(entry(TCP, "192.0.2.1", 1000, 2000));

        assertThat(pool4.remove(entry(TCP, "192.0.2.1", 1, 999))).isFalse();
        assertThat(pool4.remove(entry(TCP, "192.0.2.2", 1000, 2000))).isFalse();
        assertThat(pool4.remove(entry(UDP, "192.0.2.1", 1000, 2000))).isFalse();
        assertThat(pool4.transportAddressCount(TCP)).isEqualTo(1001);
    }

    @Test
    void removingEverythingEmptiesTheProtocol() {
        pool4.add(entry(TCP, "192.0.2.0/30", 1, 100));

        pool4.remove(Pool4Entry.allPorts(TCP, Ipv4Prefix.parse("192.0.2.0/24")));

        assertThat(pool4.isEmpty(TCP)).isTrue();
        assertThat(pool4.next(TCP, -1)).isEqualTo(-1);
    }

    @Test
    void flushEmptiesEveryProtocol() {
        pool4.add(Pool4Entry.of(TCP, Ipv4Prefix.parse("192.0.2.1")));
        pool4.add(Pool4Entry.of(UDP, Ipv4Prefix.parse("192.0.2.1")));
        pool4.add(Pool4Entry.of(ICMP, Ipv4Prefix.parse("192.0.2.1")));

        pool4.flush();

        for (L4Protocol protocol : L4Protocol.values()) {
            assertThat(pool4.isEmpty(protocol)).isTrue();
        }
    }

    @Test
    void rowsAreSortedByUnsignedAddressThenPort() {
        pool4.add(entry(TCP, "203.0.113.9", 500, 600));
        pool4.add(entry(TCP, "10.0.0.1", 500, 600));
        pool4.add(entry(TCP, "203.0.113.9", 100, 200));
        pool4.add(entry(TCP, "128.0.0.1", 1, 2));

        assertThat(rows(TCP))
                .containsExactly(
                        "TCP 10.0.0.1 500-600",
                        "TCP 128.0.0.1 1-2",
                        "TCP 203.0.113.9 100-200",
                        "TCP 203.0.113.9 500-600");
    }

    @Test
    void containsChecksAddressProtocolAndBothEndsOfTheRange() {
        pool4.add(entry(TCP, "192.0.2.1", 100, 200));
        pool4.add(entry(TCP, "200.0.0.1", 300, 400));

        assertThat(pool4.contains(TCP, ip("192.0.2.1"), 100)).isTrue();
        assertThat(pool4.contains(TCP, ip("192.0.2.1"), 200)).isTrue();
        assertThat(pool4.contains(TCP, ip("192.0.2.1"), 99)).isFalse();
        assertThat(pool4.contains(TCP, ip("192.0.2.1"), 201)).isFalse();
        assertThat(pool4.contains(TCP, ip("192.0.2.1"), 300)).isFalse();
        assertThat(pool4.contains(TCP, ip("192.0.2.2"), 150)).isFalse();
        assertThat(pool4.contains(TCP, ip("200.0.0.1"), 400)).isTrue();
        assertThat(pool4.contains(UDP, ip("192.0.2.1"), 150)).isFalse();
        assertThat(pool4.contains(TCP, ip("192.0.2.1"), 150 + 65536)).isFalse();
        assertThat(pool4.contains(TCP, ip("192.0.2.1"), -1)).isFalse();
    }

    @Test
    void nextWalksEveryTransportAddressInOrderAndEndsWithMinusOne() {
        pool4.add(entry(UDP, "192.0.2.2", 7, 8));
        pool4.add(entry(UDP, "192.0.2.1", 65534, 65535));

        List<String> walked = new ArrayList<>();
        for (long t = pool4.next(UDP, -1); t != -1; t = pool4.next(UDP, t)) {
            walked.add(Ipv4Address.format(Pool4.addressOf(t)) + "#" + Pool4.portOf(t));
        }

        assertThat(walked).containsExactly("192.0.2.1#65534", "192.0.2.1#65535", "192.0.2.2#7", "192.0.2.2#8");
    }

    @Test
    void nextResumesFromATransportAddressThatIsNotInPool4() {
        pool4.add(entry(UDP, "192.0.2.1", 100, 200));
        pool4.add(entry(UDP, "192.0.2.9", 100, 200));

        assertThat(pool4.next(UDP, Pool4.pack(ip("192.0.2.1"), 50))).isEqualTo(Pool4.pack(ip("192.0.2.1"), 100));
        assertThat(pool4.next(UDP, Pool4.pack(ip("192.0.2.5"), 1))).isEqualTo(Pool4.pack(ip("192.0.2.9"), 100));
        assertThat(pool4.next(UDP, Pool4.pack(ip("192.0.2.9"), 200))).isEqualTo(-1);
        assertThat(pool4.next(UDP, Pool4.pack(-1, 65535))).isEqualTo(-1);
        assertThat(pool4.next(UDP, Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void packingOrdersByUnsignedAddressThenPort() {
        long low = Pool4.pack(ip("127.255.255.255"), 65535);
        long high = Pool4.pack(ip("128.0.0.0"), 0);

        assertThat(low).isLessThan(high);
        assertThat(Pool4.addressOf(high)).isEqualTo(ip("128.0.0.0"));
        assertThat(Pool4.portOf(low)).isEqualTo(65535);
        assertThat(Pool4.pack(-1, 65535)).isEqualTo((1L << 48) - 1);
    }
}
