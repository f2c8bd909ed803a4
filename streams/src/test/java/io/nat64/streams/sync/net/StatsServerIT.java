package io.nat64.streams.sync.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StatsServerIT {
    private static final ProxyStats STATS = new ProxyStats(4, 208, 3, 120, 4, 208);

    /** One question, one answer, as {@code nc -u} would do it (an empty question is an empty datagram). */
    private static String ask(InetSocketAddress server, String question) throws IOException {
        try (DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(5000);
            byte[] q = question.getBytes(StandardCharsets.US_ASCII);
            client.send(new DatagramPacket(q, q.length, server));
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            client.receive(p);
            return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void answersAnyDatagramWithExactlySixLines() throws IOException {
        StatsServer server = StatsServer.start("127.0.0.1", "0", () -> STATS);
        try {
            InetSocketAddress at = server.localAddresses().get(0);
            String expected = "KERNEL_SENT_PKTS,4\n"
                    + "KERNEL_SENT_BYTES,208\n"
                    + "NET_RCVD_PKTS,3\n"
                    + "NET_RCVD_BYTES,120\n"
                    + "NET_SENT_PKTS,4\n"
                    + "NET_SENT_BYTES,208\n";
            assertThat(ask(at, "\n")).isEqualTo(expected); // echo "" | nc -u
            assertThat(ask(at, "anything at all")).isEqualTo(expected);
        } finally {
            server.dispose();
        }
    }

    @Test
    void readsTheCountersAtEachQuestion() throws IOException {
        AtomicReference<ProxyStats> now = new AtomicReference<>(ProxyStats.ZERO);
        StatsServer server = StatsServer.start("127.0.0.1", "0", now::get);
        try {
            InetSocketAddress at = server.localAddresses().get(0);
            assertThat(ask(at, "")).startsWith("KERNEL_SENT_PKTS,0\n");
            now.set(STATS);
            assertThat(ask(at, "")).startsWith("KERNEL_SENT_PKTS,4\n");
        } finally {
            server.dispose();
        }
    }

    @Test
    void theDefaultAddressServesIpv6AndIpv4() throws IOException {
        StatsServer server = StatsServer.start(null, "0", () -> STATS);
        try {
            int port = server.localAddresses().get(0).getPort();
            assertThat(ask(new InetSocketAddress("::1", port), "")).endsWith("NET_SENT_BYTES,208\n");
            assertThat(ask(new InetSocketAddress("127.0.0.1", port), "")).endsWith("NET_SENT_BYTES,208\n");
        } finally {
            server.dispose();
        }
    }

    @Test
    void isOnlyEnabledWhenAnAddressOrAPortIsGiven() {
        assertThat(StatsServer.enabled(null, null)).isFalse();
        assertThat(StatsServer.enabled(null, "6401")).isTrue();
        assertThat(StatsServer.enabled("::", null)).isTrue();
    }
}
