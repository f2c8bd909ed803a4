package io.nat64.streams.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.TestPackets;
import io.nat64.core.session.Session;
import io.nat64.core.session.TcpState;
import io.nat64.streams.sync.codec.SyncCodec;
import io.nat64.streams.sync.net.InMemoryTransport;
import io.nat64.streams.sync.net.ProxyStats;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Replication traffic of long-lived busy flows: packets go through instance A's packet path every second for 10
 * minutes of virtual time, A replicates to B over an in-memory transport with the default globals. Jool would
 * queue one copy per packet (issue #410); we send a flow a few times, and B still never loses a live flow.
 */
class BusyFlowsTest {
    private static final int FLOWS = 1000;
    private static final int SERVER_PORT = 443;

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final Instance a = Nodes.node(vts, 21);
    private final Instance b = Nodes.node(vts, 22);
    private final InMemoryTransport.Hub hub = InMemoryTransport.hub();
    private final InMemoryTransport ta = hub.join(100_000);
    private final InMemoryTransport tb = hub.join(100_000);
    private final SessionReplication ra = SessionReplication.start(a, SyncCodec.nat64(1), ta);
    private final SessionReplication rb = SessionReplication.start(b, SyncCodec.nat64(2), tb);
    private long packets;

    @AfterEach
    void stop() {
        ra.dispose();
        rb.dispose();
        a.shutdown().subscribe();
        b.shutdown().subscribe();
        vts.advanceTime();
        vts.dispose();
    }

    @Test
    void aThousandBusyTcpFlowsCostAFewDatagramsEachNotOnePerPacket() {
        vts.advanceTimeBy(Duration.ofMillis(ReplicationSink.ENABLED_POLL_MILLIS));
        Ipv6Address dst6 = a.pool6().embed(Nodes.SERVER);
        every(i -> TestPackets.tcp6(Nodes.client(i), 40000, dst6, SERVER_PORT, TestPackets.SYN));
        Map<Integer, Integer> masks = masks();
        every(i -> TestPackets.tcp4(
                Nodes.SERVER, SERVER_PORT, Nodes.POOL4, masks.get(i), TestPackets.SYN | TestPackets.ACK));
        every(i -> TestPackets.tcp6(Nodes.client(i), 40000, dst6, SERVER_PORT, TestPackets.ACK));
        for (int second = 0; second < 600; second++) {
            vts.advanceTimeBy(Duration.ofSeconds(1));
            every(i -> TestPackets.tcp6(Nodes.client(i), 40000, dst6, SERVER_PORT, TestPackets.ACK));
            every(i -> TestPackets.tcp4(Nodes.SERVER, SERVER_PORT, Nodes.POOL4, masks.get(i), TestPackets.ACK));
        }
        vts.advanceTimeBy(Duration.ofSeconds(3));

        ProxyStats sent = ta.stats();
        long sessionsSent = ra.stats().get(SyncCounter.SSS_SENT);
        System.out.printf(
                "BusyFlowsTest TCP: %d packets, %d sessions sent in %d datagrams (%d bytes)%n",
                packets, sessionsSent, sent.netSentPkts(), sent.netSentBytes());
        assertThat(packets).isGreaterThan(1_200_000);
        assertThat(sessionsSent).isLessThanOrEqualTo(3L * FLOWS);
        assertThat(sent.netSentPkts()).isLessThanOrEqualTo(3L * FLOWS / 36 + 10);
        assertThat(ra.stats().get(SyncCounter.SSS_ENOSPC)).isZero();
        List<Session> onB = b.sessions(L4Protocol.TCP).block();
        assertThat(onB).hasSize(FLOWS).allMatch(s -> s.state() == TcpState.ESTABLISHED);
        assertThat(Nodes.table(b)).isEqualTo(Nodes.table(a));
    }

    @Test
    void aThousandBusyUdpFlowsAreRefreshedOnThePeerAFewTimesPerTimeoutAndNeverLapse() {
        vts.advanceTimeBy(Duration.ofMillis(ReplicationSink.ENABLED_POLL_MILLIS));
        Ipv6Address dst6 = a.pool6().embed(Nodes.SERVER);
        int udpTimeouts = 2; // 10 minutes of 5-minute timeouts
        for (int second = 0; second < 600; second++) {
            every(i -> TestPackets.udp6(Nodes.client(i), 5000, dst6, 53, new byte[0]));
            vts.advanceTimeBy(Duration.ofSeconds(1));
            if (second % 30 == 5) { // once the first batches are out
                assertThat(b.sessions(L4Protocol.UDP).block()).hasSize(FLOWS);
            }
        }
        long sessionsSent = ra.stats().get(SyncCounter.SSS_SENT);
        System.out.printf(
                "BusyFlowsTest UDP: %d packets, %d sessions sent in %d datagrams%n",
                packets, sessionsSent, ta.stats().netSentPkts());
        assertThat(sessionsSent).isLessThanOrEqualTo((1L + 3L * udpTimeouts) * FLOWS);
        for (Session s : b.sessions(L4Protocol.UDP).block()) {
            assertThat(s.expiresAt()).isGreaterThan(b.now() + 300_000 / 4);
        }
    }

    private void every(java.util.function.IntFunction<byte[]> packet) {
        a.call(db -> {
                    for (int i = 1; i <= FLOWS; i++) {
                        byte[] p = packet.apply(i);
                        a.packets().process(p, 0, p.length, a.now());
                    }
                    return true;
                })
                .block();
        packets += FLOWS;
    }

    private Map<Integer, Integer> masks() {
        Map<Integer, Integer> out = new HashMap<>();
        for (Session s : a.sessions(L4Protocol.TCP).block()) {
            out.put((int) s.src6().low(), s.src4Port());
        }
        assertThat(out).hasSize(FLOWS);
        return out;
    }
}
