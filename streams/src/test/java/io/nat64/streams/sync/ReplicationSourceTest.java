package io.nat64.streams.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.GlobalKey;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.Session;
import io.nat64.core.session.TcpState;
import io.nat64.core.session.TimerType;
import io.nat64.streams.sync.codec.RejectReason;
import io.nat64.streams.sync.codec.SyncBatch;
import io.nat64.streams.sync.codec.SyncCodec;
import io.nat64.streams.sync.codec.SyncRecord;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

class ReplicationSourceTest {
    private static final long PEER = 0x5eed_0000_0000_0001L;
    private static final long SELF = 0x5eed_0000_0000_0002L;

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final SyncStats stats = new SyncStats();
    private final AtomicInteger merges = new AtomicInteger();
    private Instance node;

    @BeforeEach
    void start() {
        node = Nodes.node(vts, 11);
        Nodes.udpSessions(node, 1000, 5); // something to leave untouched
    }

    @AfterEach
    void stop() {
        node.shutdown().subscribe();
        vts.advanceTime();
        vts.dispose();
    }

    private ReplicationSource source(SyncCodec codec) {
        MergeTarget real = MergeTarget.of(node);
        return ReplicationSource.create(
                codec,
                batch -> {
                    merges.incrementAndGet();
                    return real.merge(batch);
                },
                stats);
    }

    private static SyncRecord udp(int client, int mask, long remaining) {
        return new SyncRecord(
                L4Protocol.UDP,
                Nodes.client(client),
                5000,
                Nodes.POOL4,
                mask,
                Nodes.SERVER,
                53,
                TcpState.ESTABLISHED,
                TimerType.EST,
                remaining);
    }

    private static final List<SyncRecord> VALID = List.of(
            udp(1, 40001, 200_000),
            new SyncRecord(
                    L4Protocol.TCP,
                    Nodes.client(2),
                    40000,
                    Nodes.POOL4,
                    40002,
                    Nodes.SERVER,
                    443,
                    TcpState.ESTABLISHED,
                    TimerType.EST,
                    7_000_000),
            new SyncRecord(
                    L4Protocol.ICMP,
                    Nodes.client(3),
                    77,
                    Nodes.POOL4,
                    40003,
                    Nodes.SERVER,
                    40003,
                    TcpState.ESTABLISHED,
                    TimerType.EST,
                    50_000));

    @Test
    void aValidDatagramIsMergedInOneCallWithItsSessionsAsTheSenderHadThem() {
        MergeTally tally = source(SyncCodec.nat64(SELF))
                .accept(SyncCodec.nat64(PEER).encode(VALID))
                .block();
        assertThat(merges).hasValue(1);
        assertThat(tally.count(io.nat64.core.session.MergeResult.ADDED)).isEqualTo(3);
        Session tcp = node.sessions(L4Protocol.TCP).block().get(0);
        assertThat(tcp.src6()).isEqualTo(Nodes.client(2));
        assertThat(tcp.dst6()).isEqualTo(node.pool6().embed(Nodes.SERVER));
        assertThat(tcp.dst6Port()).isEqualTo(443);
        assertThat(tcp.src4Port()).isEqualTo(40002);
        assertThat(tcp.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(tcp.expiresAt() - node.now()).isEqualTo(7_000_000);
        Session icmp = node.sessions(L4Protocol.ICMP).block().get(0);
        assertThat(icmp.dst6Port()).isEqualTo(77);
        assertThat(stats.get(SyncCounter.PKT_RCVD)).isEqualTo(1);
        assertThat(stats.get(SyncCounter.SSS_RCVD)).isEqualTo(3);
        assertThat(stats.get(SyncCounter.MERGE_ADDED)).isEqualTo(3);
    }

    @Test
    void aFrameOfDatagramsIsMergedInOneOwnerTaskAndItsBadDatagramsAreRefusedOneByOne() {
        AtomicInteger mergeAlls = new AtomicInteger();
        MergeTarget real = MergeTarget.of(node);
        ReplicationSource source = ReplicationSource.create(
                SyncCodec.nat64(SELF),
                new MergeTarget() {
                    @Override
                    public Mono<MergeTally> merge(SyncBatch batch) {
                        merges.incrementAndGet();
                        return real.merge(batch);
                    }

                    @Override
                    public Mono<List<MergeTally>> mergeAll(List<SyncBatch> batches) {
                        mergeAlls.incrementAndGet();
                        return real.mergeAll(batches);
                    }
                },
                stats);
        SyncCodec peer = SyncCodec.nat64(PEER);
        byte[] first = peer.encode(List.of(udp(1, 40001, 200_000))); // sequence 0
        byte[] bad = peer.encode(List.of(udp(9, 40009, 1000))); // 1
        bad[bad.length - 1] ^= 1;
        byte[] third = peer.encode(List.of(udp(2, 40002, 200_000), udp(3, 40003, 200_000))); // 2
        byte[] frame = io.nat64.streams.sync.codec.DatagramFrame.encode(List.of(first, bad, third));
        assertThat(source.acceptFrame(frame).block()).isEqualTo(2);
        assertThat(mergeAlls).hasValue(1);
        assertThat(merges).hasValue(0);
        assertThat(Nodes.sessions(node)).hasSize(5 + 3);
        assertThat(stats.get(SyncCounter.PKT_RCVD)).isEqualTo(2);
        assertThat(stats.get(SyncCounter.SSS_RCVD)).isEqualTo(3);
        assertThat(stats.get(SyncCounter.REJECTED_BAD_CHECKSUM)).isEqualTo(1);
        // sequence numbers 0 and 2 arrived, 1 (the corrupted one) counts as lost
        assertThat(stats.get(SyncCounter.PKT_LOST)).isEqualTo(1);
    }

    @Test
    void aFrameWhoseLengthsDoNotAddUpEndsTheMergeWithAClearError() {
        byte[] frame = io.nat64.streams.sync.codec.DatagramFrame.encode(
                List.of(SyncCodec.nat64(PEER).encode(VALID)));
        byte[] cut = Arrays.copyOf(frame, frame.length - 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        source(SyncCodec.nat64(SELF)).runFrames(Flux.just(cut)).block(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("do not add up");
        assertThat(merges).hasValue(0);
    }

    @Test
    void aJoolDatagramIsMergedToo() {
        source(SyncCodec.jool()).accept(SyncCodec.jool().encode(VALID)).block();
        assertThat(Nodes.sessions(node)).hasSize(5 + 3);
        assertThat(stats.get(SyncCounter.MERGE_ADDED)).isEqualTo(3);
    }

    @Test
    void mergeResultsAreCountedOneByOne() {
        ReplicationSource source = source(SyncCodec.nat64(SELF));
        SyncCodec peer = SyncCodec.nat64(PEER);
        source.accept(peer.encode(List.of(udp(1, 40001, 200_000)))).block();
        source.accept(peer.encode(List.of(
                        udp(1, 40001, 100_000), // expires sooner: kept local
                        udp(1, 40001, 250_000), // later: updated
                        udp(1, 40009, 250_000), // same node, other mask: clash
                        new SyncRecord(
                                L4Protocol.UDP,
                                Nodes.client(4),
                                5000,
                                Nodes.SERVER,
                                40000,
                                Nodes.SERVER,
                                53,
                                TcpState.ESTABLISHED,
                                TimerType.EST,
                                1000), // mask outside pool4
                        udp(5, 40005, 0)))) // no life left
                .block();
        assertThat(stats.get(SyncCounter.MERGE_ADDED)).isEqualTo(1);
        assertThat(stats.get(SyncCounter.MERGE_KEPT_LOCAL)).isEqualTo(1);
        assertThat(stats.get(SyncCounter.MERGE_UPDATED)).isEqualTo(1);
        assertThat(stats.get(SyncCounter.MERGE_MASK_CLASH)).isEqualTo(1);
        assertThat(stats.get(SyncCounter.MERGE_OUTSIDE_POOL4)).isEqualTo(1);
        assertThat(stats.get(SyncCounter.MERGE_INVALID)).isEqualTo(1);
        assertThat(stats.get(SyncCounter.SSS_RCVD)).isEqualTo(6);
    }

    @Test
    void aLifetimeLongerThanTheLocalTimeoutIsCutToIt() {
        source(SyncCodec.jool())
                .accept(SyncCodec.jool().encode(List.of(udp(1, 40001, 36_000_000))))
                .block();
        Session s = node.sessions(L4Protocol.UDP).block().stream()
                .filter(x -> x.src6().equals(Nodes.client(1)))
                .findFirst()
                .orElseThrow();
        assertThat(s.expiresAt() - node.now()).isEqualTo(300_000);
        assertThat(stats.get(SyncCounter.LIFETIME_CLAMPED)).isEqualTo(1);
    }

    @Test
    void everyTruncationAndCorruptionOfOurFormatIsRefusedCountedAndTouchesNothing() {
        List<String> before = Nodes.table(node);
        ReplicationSource source = source(SyncCodec.nat64(SELF));
        byte[] valid = SyncCodec.nat64(PEER).encode(VALID);
        int sent = 0;
        for (int len = 0; len < valid.length; len++) {
            assertThat(source.accept(Arrays.copyOf(valid, len)).block()).isNull();
            sent++;
        }
        for (int pos = 0; pos < valid.length; pos++) {
            for (int v = 0; v < 256; v++) {
                if ((byte) v != valid[pos]) {
                    byte[] bad = valid.clone();
                    bad[pos] = (byte) v;
                    assertThat(source.accept(bad).block()).isNull();
                    sent++;
                }
            }
        }
        vts.advanceTimeBy(Duration.ofMillis(1));
        assertThat(merges).hasValue(0);
        assertThat(Nodes.table(node)).isEqualTo(before);
        long rejected = Arrays.stream(RejectReason.values())
                .mapToLong(r -> stats.get(SyncCounter.rejected(r)))
                .sum();
        assertThat(rejected).isEqualTo(sent);
        // every cut, plus every count (bytes 6-7, holding 3) changed to more than 3 records
        assertThat(stats.get(SyncCounter.REJECTED_TRUNCATED)).isEqualTo(valid.length + 255L + 252L);
        assertThat(stats.get(SyncCounter.REJECTED_BAD_HEADER)).isEqualTo(3); // count 0, 1 or 2: bytes left over
        assertThat(stats.get(SyncCounter.REJECTED_BAD_CHECKSUM)).isGreaterThan(100 * 255L);
        assertThat(stats.get(SyncCounter.PKT_RCVD)).isZero();
    }

    @Test
    void everyDetectableCorruptionOfJoolsFormatIsRefusedCountedAndTouchesNothing() {
        List<String> before = Nodes.table(node);
        ReplicationSource source = source(SyncCodec.jool());
        byte[] valid = SyncCodec.jool().encode(VALID);
        int refused = 0;
        for (int len = 0; len < valid.length; len++) {
            if (len % 40 != 0 || len == 0) {
                assertThat(source.accept(Arrays.copyOf(valid, len)).block()).isNull();
                refused++;
            }
        }
        for (int pos = 0; pos < valid.length; pos++) {
            boolean header = pos % 40 < 4;
            boolean flags = pos % 40 >= 38;
            if (!header && !flags) {
                continue; // addresses, ports, lifetime: any value is possible (JoolCodecTest shows each decodes)
            }
            for (int v = 0; v < 256; v++) {
                if ((byte) v != valid[pos]) {
                    byte[] bad = valid.clone();
                    bad[pos] = (byte) v;
                    if (SyncCodec.jool().decode(bad) instanceof SyncBatch) {
                        continue; // another possible word, e.g. UDP becoming TCP ESTABLISHED
                    }
                    assertThat(source.accept(bad).block()).isNull();
                    refused++;
                }
            }
        }
        assertThat(merges).hasValue(0);
        assertThat(Nodes.table(node)).isEqualTo(before);
        long rejected = Arrays.stream(RejectReason.values())
                .mapToLong(r -> stats.get(SyncCounter.rejected(r)))
                .sum();
        assertThat(rejected).isEqualTo(refused);
        assertThat(stats.get(SyncCounter.REJECTED_BAD_HEADER)).isEqualTo(3 * 4 * 255L);
    }

    @Test
    void ownDatagramsAreRefused() {
        SyncCodec self = SyncCodec.nat64(SELF);
        source(self).accept(self.encode(VALID)).block();
        assertThat(stats.get(SyncCounter.REJECTED_OWN_NODE)).isEqualTo(1);
        assertThat(merges).hasValue(0);
    }

    @Test
    void withSsDisabledHereTheDatagramIsRefusedWhole() {
        node.updateGlobal(GlobalKey.SS_ENABLED, "false").block();
        List<String> before = Nodes.table(node);
        MergeTally t =
                source(SyncCodec.jool()).accept(SyncCodec.jool().encode(VALID)).block();
        assertThat(t.disabled()).isTrue();
        assertThat(stats.get(SyncCounter.REJECTED_DISABLED)).isEqualTo(1);
        assertThat(stats.get(SyncCounter.PKT_RCVD)).isZero();
        assertThat(Nodes.table(node)).isEqualTo(before);
    }

    @Test
    void gapsInAPeersSequenceCountAsLostAndLateArrivalsAsReordered() {
        ReplicationSource source = source(SyncCodec.nat64(SELF));
        SyncCodec peer = SyncCodec.nat64(PEER);
        byte[][] d = new byte[6][];
        for (int i = 0; i < d.length; i++) {
            d[i] = peer.encode(List.of(udp(1, 40001, 1000 + i)));
        }
        source.run(Flux.just(d[0], d[1], d[3], d[5], d[2])).block();
        assertThat(stats.get(SyncCounter.PKT_LOST)).isEqualTo(2); // 2 and 4 missing when 5 came
        assertThat(stats.get(SyncCounter.PKT_REORDERED)).isEqualTo(1); // 2 came late
        SyncCodec other = SyncCodec.nat64(PEER + 1);
        source.accept(other.encode(List.of(udp(1, 40001, 1)))).block();
        assertThat(stats.get(SyncCounter.PKT_LOST)).isEqualTo(2); // a new node starts its own count
    }

    @Test
    void runKeepsABoundedNumberOfMergesInFlight() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        MergeTarget slow = batch -> Mono.delay(Duration.ofMillis(10), vts)
                .doOnSubscribe(s -> most.accumulateAndGet(inFlight.incrementAndGet(), Math::max))
                .doOnNext(x -> inFlight.decrementAndGet())
                .map(x -> MergeTally.empty());
        SyncCodec peer = SyncCodec.nat64(PEER);
        Flux<byte[]> many = Flux.range(0, 100).map(i -> peer.encode(List.of(udp(1, 40001, 1000))));
        ReplicationSource.create(SyncCodec.nat64(SELF), slow, stats).run(many).subscribe();
        vts.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(stats.get(SyncCounter.PKT_RCVD)).isEqualTo(100);
        assertThat(most.get()).isEqualTo(ReplicationSource.IN_FLIGHT);
    }
}
