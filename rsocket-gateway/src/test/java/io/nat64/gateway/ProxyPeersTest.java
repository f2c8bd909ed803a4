package io.nat64.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.TcpState;
import io.nat64.core.session.TimerType;
import io.nat64.streams.sync.codec.SyncRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyPeersTest {
    private static SyncRecord tcp(int port, TcpState state, TimerType timer, long remaining) {
        return new SyncRecord(
                L4Protocol.TCP,
                Ipv6Address.parse("2001:db8::8"),
                port,
                Ipv4Address.parse("192.0.2.1"),
                61000 + port % 1000,
                Ipv4Address.parse("192.0.2.8"),
                80,
                state,
                timer,
                remaining);
    }

    @Test
    void aSessionThatChangesWithinABatchLeavesOnlyInItsLastStateWhereItLastAppears() {
        SyncRecord open = tcp(40000, TcpState.ESTABLISHED, TimerType.EST, 7_200_000);
        SyncRecord other = tcp(40001, TcpState.ESTABLISHED, TimerType.EST, 7_200_000);
        SyncRecord closed = tcp(40000, TcpState.V4_FIN_V6_FIN_RCV, TimerType.TRANS, 240_000);
        assertThat(ProxyPeers.latestOnly(List.of(open, other, closed))).containsExactly(other, closed);
    }

    @Test
    void aBatchWithoutRepeatsIsLeftAsItIs() {
        List<SyncRecord> batch = List.of(
                tcp(40000, TcpState.ESTABLISHED, TimerType.EST, 1000),
                tcp(40001, TcpState.ESTABLISHED, TimerType.EST, 1000));
        assertThat(ProxyPeers.latestOnly(batch)).isSameAs(batch);
    }
}
