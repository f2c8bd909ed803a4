package io.nat64.core.tun;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv6Address;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class Ipv6PacketsTest {

    private static final Ipv6Address A = Ipv6Address.parse("2001:db8:64::1");
    private static final Ipv6Address B = Ipv6Address.parse("2001:db8:64::2");

    /** Summing a packet whose checksum is right, checksum field included, gives 0 (RFC 1071). */
    private static int verify(ByteBuffer b, int length) {
        return Ipv6Packets.checksum(b, length);
    }

    @Test
    void echoRequestCarriesAValidChecksum() {
        ByteBuffer b = ByteBuffer.allocateDirect(256);
        int n = Ipv6Packets.writeEchoRequest(b, A, B, 7, 1, 104);

        assertThat(Ipv6Packets.isEchoRequest(b, n)).isTrue();
        assertThat(verify(b, n)).isZero();
    }

    @Test
    void echoReplyMadeInPlaceSwapsAddressesAndStaysValid() {
        ByteBuffer b = ByteBuffer.allocateDirect(256);
        int n = Ipv6Packets.writeEchoRequest(b, A, B, 7, 1, 105);

        Ipv6Packets.turnIntoEchoReply(b, n);

        assertThat(Ipv6Packets.isEchoReply(b, n)).isTrue();
        assertThat(Ipv6Packets.source(b)).isEqualTo(B);
        assertThat(Ipv6Packets.destination(b)).isEqualTo(A);
        assertThat(verify(b, n)).isZero();
    }

    @Test
    void udpEchoSwapsPortsAndKeepsTheChecksumValid() {
        ByteBuffer b = ByteBuffer.allocateDirect(256);
        int n = Ipv6Packets.writeUdp(b, A, B, 40000, 6400, 112);
        assertThat(verify(b, n)).isZero();

        Ipv6Packets.turnIntoUdpEcho(b);

        assertThat(Ipv6Packets.sourcePort(b)).isEqualTo(6400);
        assertThat(Ipv6Packets.destinationPort(b)).isEqualTo(40000);
        assertThat(verify(b, n)).isZero();
    }
}
