package io.nat64.streams.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.Session;
import io.nat64.core.session.SessionMutation;
import io.nat64.core.session.TcpState;
import io.nat64.core.session.TimerType;
import io.nat64.streams.sync.codec.SyncRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CatchUpRecordsTest {
    private static final long NOW = 1_000_000;

    private static SessionMutation tcp(int port, TcpState state, TimerType timer, long expiresAt) {
        Session s = new Session(
                L4Protocol.TCP,
                Ipv6Address.parse("2001:db8::8"),
                port,
                Ipv6Address.parse("64:ff9b::c000:208"),
                80,
                Ipv4Address.parse("192.0.2.1"),
                61000 + port % 1000,
                Ipv4Address.parse("192.0.2.8"),
                80,
                state,
                timer,
                NOW,
                expiresAt);
        return new SessionMutation(SessionMutation.Kind.UPDATED, s, NOW, null, false);
    }

    private static List<String> summary(List<SyncRecord> records) {
        return records.stream()
                .map(r -> r.src6Port() + " " + r.state() + " " + r.remainingMillis())
                .toList();
    }

    @Test
    void aSessionThatChangesWithinABatchLeavesOnlyInItsLastStateWhereItLastAppears() {
        SessionMutation open = tcp(40000, TcpState.ESTABLISHED, TimerType.EST, NOW + 7_200_000);
        SessionMutation other = tcp(40001, TcpState.ESTABLISHED, TimerType.EST, NOW + 7_200_000);
        SessionMutation closed = tcp(40000, TcpState.V4_FIN_V6_FIN_RCV, TimerType.TRANS, NOW + 240_000);
        assertThat(summary(CatchUpRecords.of(List.of(open, other, closed), NOW)))
                .containsExactly("40001 ESTABLISHED 7200000", "40000 V4_FIN_V6_FIN_RCV 240000");
    }

    @Test
    void aBatchWithoutRepeatsKeepsEveryCopyInOrderWithTheLifetimeLeftWhenCut() {
        List<SessionMutation> batch = List.of(
                tcp(40000, TcpState.ESTABLISHED, TimerType.EST, NOW + 1000),
                tcp(40001, TcpState.ESTABLISHED, TimerType.EST, NOW + 2000));
        assertThat(summary(CatchUpRecords.of(batch, NOW + 400)))
                .containsExactly("40000 ESTABLISHED 600", "40001 ESTABLISHED 1600");
    }

    @Test
    void aSessionWithNoLifetimeLeftIsNotSent() {
        List<SessionMutation> batch = List.of(
                tcp(40000, TcpState.ESTABLISHED, TimerType.EST, NOW + 1000),
                tcp(40001, TcpState.ESTABLISHED, TimerType.EST, NOW + 5000));
        assertThat(summary(CatchUpRecords.of(batch, NOW + 1000))).containsExactly("40001 ESTABLISHED 4000");
        assertThat(CatchUpRecords.of(List.of(), NOW)).isEmpty();
    }

    @Test
    void randomBatchesAgreeWithANaiveLastCopyPerSession() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < 500; round++) {
            int n = random.nextInt(300);
            int width = 1 + random.nextInt(random.nextBoolean() ? 4 : 40); // narrow: many repeats; wide: few
            List<SessionMutation> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Session s = new Session(
                        L4Protocol.values()[random.nextInt(3)],
                        new Ipv6Address(0x2001_0db8_0000_0000L, random.nextInt(width)),
                        1000 + random.nextInt(width),
                        Ipv6Address.parse("64:ff9b::c000:208"),
                        80,
                        Ipv4Address.parse("192.0.2.1"),
                        2000 + i,
                        new Ipv4Address(0xc000_0200 + random.nextInt(width)),
                        80 + random.nextInt(2),
                        TcpState.ESTABLISHED,
                        TimerType.EST,
                        NOW,
                        NOW + 1 + random.nextInt(10_000));
                batch.add(new SessionMutation(SessionMutation.Kind.UPDATED, s, NOW, null, false));
            }
            Map<String, SyncRecord> naive = new LinkedHashMap<>();
            for (SessionMutation m : batch) {
                Session s = m.session();
                String key = s.protocol() + " " + s.src6() + " " + s.src6Port() + " " + s.dst4() + " " + s.dst4Port();
                naive.remove(key);
                naive.put(key, SyncRecord.of(s, s.expiresAt() - NOW));
            }
            assertThat(CatchUpRecords.of(batch, NOW))
                    .as("seed %d, round %d", seed, round)
                    .containsExactlyElementsOf(naive.values());
        }
    }
}
