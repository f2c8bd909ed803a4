package io.nat64.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.L4Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Pool4EntryTest {

    private static final Ipv4Prefix DOC = Ipv4Prefix.parse("192.0.2.0/24");

    @Test
    void defaultPortRangeIsJoolsDocumented61001To65535() {
        Pool4Entry entry = Pool4Entry.of(L4Protocol.UDP, DOC);

        assertThat(entry.minPort()).isEqualTo(61001).isEqualTo(Pool4Entry.DEFAULT_MIN_PORT);
        assertThat(entry.maxPort()).isEqualTo(65535).isEqualTo(Pool4Entry.DEFAULT_MAX_PORT);
        assertThat(entry.transportAddressCount()).isEqualTo(256L * 4535);
        assertThat(entry).hasToString("UDP 192.0.2.0/24 61001-65535");
    }

    @Test
    void tcpAndUdpRangesStartingAtPortZeroStartAtOne() {
        assertThat(Pool4Entry.of(L4Protocol.TCP, DOC, 0, 100).minPort()).isEqualTo(1);
        assertThat(Pool4Entry.of(L4Protocol.UDP, DOC, 0, 100).minPort()).isEqualTo(1);
        assertThat(Pool4Entry.allPorts(L4Protocol.TCP, DOC).minPort()).isEqualTo(1);
    }

    @Test
    void icmpKeepsIdentifierZero() {
        assertThat(Pool4Entry.of(L4Protocol.ICMP, DOC, 0, 100).minPort()).isZero();
        assertThat(Pool4Entry.allPorts(L4Protocol.ICMP, DOC).minPort()).isZero();
    }

    @Test
    void tcpRangeOfOnlyPortZeroIsRefused() {
        assertThatThrownBy(() -> Pool4Entry.of(L4Protocol.TCP, DOC, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TCP port range 0-0 holds no usable port (port 0 is never a TCP port)");
    }

    @Test
    void canonicalConstructorRefusesTcpPortZeroAndPointsAtTheFactory() {
        assertThatThrownBy(() -> new Pool4Entry(L4Protocol.TCP, DOC, 0, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TCP cannot use port 0 (Pool4Entry.of moves a range's start from 0 to 1)");
    }

    @ParameterizedTest
    @CsvSource({"-1, 10", "10, 65536", "0, -5", "70000, 70001"})
    void portsOutsideSixteenBitsAreRefused(int min, int max) {
        assertThatThrownBy(() -> Pool4Entry.of(L4Protocol.ICMP, DOC, min, max))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pool4 ports must be 0 to 65535, not " + min + "-" + max);
    }

    @Test
    void rangeWhoseFirstPortExceedsItsLastIsRefused() {
        assertThatThrownBy(() -> Pool4Entry.of(L4Protocol.UDP, DOC, 2000, 1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pool4 port range 2000-1000 is empty: its first port exceeds its last");
    }

    @Test
    void prefixOfMoreThan65536AddressesIsRefusedWithTheReason() {
        assertThat(Pool4Entry.of(L4Protocol.TCP, Ipv4Prefix.parse("10.0.0.0/16"))
                        .prefix()
                        .size())
                .isEqualTo(65536);
        assertThatThrownBy(() -> Pool4Entry.of(L4Protocol.TCP, Ipv4Prefix.parse("10.0.0.0/15")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pool4 prefix 10.0.0.0/15 holds 131072 addresses; the limit is 65536 (a /16),"
                        + " because pool4 keeps a row per address and a shorter prefix is most likely a typo");
    }

    @ParameterizedTest
    @CsvSource(
            quoteCharacter = '"',
            value = {
                "224.0.0.1, multicast addresses (224.0.0.0/4)",
                "239.255.255.255, multicast addresses (224.0.0.0/4)",
                "239.255.0.0/16, multicast addresses (224.0.0.0/4)",
                "255.255.255.255, the broadcast address 255.255.255.255",
                "255.255.255.0/24, the broadcast address 255.255.255.255",
                "0.0.0.0, 'this network' addresses (0.0.0.0/8)",
                "0.1.2.3, 'this network' addresses (0.0.0.0/8)",
                "127.0.0.1, loopback addresses (127.0.0.0/8)",
                "127.255.0.0/16, loopback addresses (127.0.0.0/8)",
            })
    void prefixesHoldingUnusableAddressesAreRefused(String prefix, String why) {
        assertThatThrownBy(() -> Pool4Entry.of(L4Protocol.UDP, Ipv4Prefix.parse(prefix)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pool4 prefix " + prefix + " contains " + why + ", which cannot be pool4 masks");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.0.0.0",
                "126.255.255.255",
                "128.0.0.0",
                "223.255.255.255",
                "240.0.0.0",
                "255.255.255.254",
                "192.0.2.0/24",
                "203.0.113.0/24"
            })
    void unicastPrefixesAreAccepted(String prefix) {
        assertThat(Pool4Entry.of(L4Protocol.TCP, Ipv4Prefix.parse(prefix)).prefix())
                .isEqualTo(Ipv4Prefix.parse(prefix));
    }
}
