package io.nat64.streams.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.TestPackets;
import io.nat64.core.session.Session;
import io.nat64.core.session.TcpState;
import io.nat64.streams.sync.codec.SyncCodec;
import io.nat64.streams.sync.codec.SyncFormat;
import io.nat64.streams.sync.net.McastFixture;
import io.nat64.streams.sync.net.MulticastConfig;
import io.nat64.streams.sync.net.MulticastTransport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Two instances in one JVM, each on its own owner thread, replicating over real multicast sockets on this host
 * (loopback on, so the two sockets hear each other): sessions created by packets on A appear on B with the
 * same addresses, ports and state. The two-node namespace test comes with the proxy command.
 */
class MulticastReplicationIT {

    @ParameterizedTest(name = "{0} over IPv{1}")
    @CsvSource({"nat64, 4", "jool, 4", "nat64, 6", "jool, 6"})
    void aSessionCreatedOnAAppearsOnBAsItIs(String format, int ipVersion) {
        Optional<MulticastConfig> config = ipVersion == 4 ? Optional.of(McastFixture.ipv4()) : McastFixture.ipv6();
        assumeTrue(config.isPresent(), "no interface for IPv6 multicast on this host");
        Scheduler ownerA = Schedulers.newSingle("nat64-a");
        Scheduler ownerB = Schedulers.newSingle("nat64-b");
        Instance a = Nodes.node(ownerA, 1);
        Instance b = Nodes.node(ownerB, 2);
        MulticastTransport ta = MulticastTransport.open(config.get());
        MulticastTransport tb = MulticastTransport.open(config.get());
        SyncFormat f = SyncFormat.parse(format);
        SessionReplication ra = SessionReplication.start(a, f.codec(SyncCodec.randomNodeId()), ta);
        SessionReplication rb = SessionReplication.start(b, f.codec(SyncCodec.randomNodeId()), tb);
        try {
            sleep(2 * ReplicationSink.ENABLED_POLL_MILLIS);
            Ipv6Address client = Nodes.client(0x64);
            Ipv6Address dst6 = a.pool6().embed(Nodes.SERVER);
            a.receive(TestPackets.tcp6(client, 40000, dst6, 443, TestPackets.SYN))
                    .block();
            Session tcp = a.sessions(L4Protocol.TCP).block().get(0);
            a.receive(TestPackets.tcp4(
                            Nodes.SERVER, 443, Nodes.POOL4, tcp.src4Port(), TestPackets.SYN | TestPackets.ACK))
                    .block();
            a.receive(TestPackets.udp6(client, 5353, dst6, 53, new byte[0])).block();
            a.receive(TestPackets.echo6(client, dst6, 0x77)).block();
            List<String> expected = Nodes.table(a);
            assertThat(expected).hasSize(3);
            assertThat(a.sessions(L4Protocol.TCP).block().get(0).state()).isEqualTo(TcpState.ESTABLISHED);
            Await.until(Duration.ofSeconds(10), "B to hold A's sessions", () -> Nodes.table(b)
                    .equals(expected));
            Session onA = a.sessions(L4Protocol.TCP).block().get(0);
            Session onB = b.sessions(L4Protocol.TCP).block().get(0);
            // same wall clock here: B's copy expires when A's does, plus the transit time (not compensated, as Jool)
            assertThat(onB.expiresAt()).isBetween(onA.expiresAt() - 5, onA.expiresAt() + 2000);
            assertThat(rb.stats().get(SyncCounter.MERGE_ADDED)).isEqualTo(3);
            assertThat(tb.stats().netRcvdPkts()).isPositive();
            assertThat(ta.stats().netSentPkts()).isPositive();
            assertThat(Nodes.table(a)).isEqualTo(expected); // B's merges were not echoed back into A
            assertThat(ra.stats().get(SyncCounter.MERGE_ADDED)).isZero();
        } finally {
            ra.dispose();
            rb.dispose();
            ta.dispose();
            tb.dispose();
            a.close();
            b.close();
            ownerA.dispose();
            ownerB.dispose();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
