package io.nat64.core.instance;

import static io.nat64.core.instance.TestPackets.l4ChecksumOk4;
import static io.nat64.core.instance.TestPackets.l4ChecksumOk6;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.Globals;
import io.nat64.core.pool.Pool4Entry;
import io.nat64.core.session.Session;
import io.nat64.core.session.TcpState;
import io.nat64.core.stats.Stat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Raw packets in, translated packets out: the entry point the data plane uses, driven by tests. */
class PacketPathTest {
    static final Ipv6Address CLIENT = Ipv6Address.parse("2001:db8::8");
    static final Ipv6Address SERVER6 = Ipv6Address.parse("64:ff9b::c000:208"); // 192.0.2.8
    static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.8");
    static final Ipv4Address POOL4 = Ipv4Address.parse("192.0.2.1");
    static final int SYN = 0x02;
    static final int ACK = 0x10;

    VirtualTimeScheduler vts;
    Instance nat;
    final List<byte[]> sent = new ArrayList<>();

    @BeforeEach
    void setUp() {
        vts = VirtualTimeScheduler.create();
        nat = Instance.create(
                new InstanceConfig("default", Ipv6Prefix.parse("64:ff9b::/96"), null, Globals.defaults()), vts, 3);
        for (L4Protocol p : L4Protocol.values()) {
            nat.addPool4(Pool4Entry.of(p, new Ipv4Prefix(POOL4, 32))).block();
        }
        nat.call(db -> {
                    nat.packets()
                            .setOutput((buf, off, len) -> sent.add(java.util.Arrays.copyOfRange(buf, off, off + len)));
                    return true;
                })
                .block();
    }

    private byte[] last() {
        assertThat(sent).isNotEmpty();
        return sent.get(sent.size() - 1);
    }

    private static int u16(byte[] p, int i) {
        return ((p[i] & 0xff) << 8) | (p[i + 1] & 0xff);
    }

    private long stat(Stat s) {
        return nat.stats().block().get(s);
    }

    @Test
    void udpFromTheIpv6ClientLeavesAsIpv4FromThePool4MaskWithAValidChecksum() {
        byte[] payload = "hello".getBytes(StandardCharsets.US_ASCII);
        assertThat(nat.receive(TestPackets.udp6(CLIENT, 37878, SERVER6, 1234, payload))
                        .block())
                .isEqualTo(PacketPath.Result.TRANSLATED);
        byte[] v4 = last();
        assertThat(v4[0]).isEqualTo((byte) 0x45);
        assertThat(ByteBuffer.wrap(v4, 12, 4).getInt()).isEqualTo(POOL4.bits());
        assertThat(ByteBuffer.wrap(v4, 16, 4).getInt()).isEqualTo(SERVER.bits());
        assertThat(u16(v4, 20)).isBetween(61001, 65535);
        assertThat(u16(v4, 22)).isEqualTo(1234);
        assertThat(v4[8]).as("TTL decremented").isEqualTo((byte) 63);
        assertThat(l4ChecksumOk4(v4)).isTrue();
        assertThat(new String(v4, 28, 5, StandardCharsets.US_ASCII)).isEqualTo("hello");

        // The reply comes back to the IPv6 client.
        int mask = u16(v4, 20);
        assertThat(nat.receive(TestPackets.udp4(SERVER, 1234, POOL4, mask, payload))
                        .block())
                .isEqualTo(PacketPath.Result.TRANSLATED);
        byte[] v6 = last();
        ByteBuffer b = ByteBuffer.wrap(v6);
        assertThat(new Ipv6Address(b.getLong(8), b.getLong(16))).isEqualTo(SERVER6);
        assertThat(new Ipv6Address(b.getLong(24), b.getLong(32))).isEqualTo(CLIENT);
        assertThat(u16(v6, 42)).isEqualTo(37878);
        assertThat(l4ChecksumOk6(v6)).isTrue();
        assertThat(stat(Stat.SUCCESS)).isEqualTo(2);
    }

    @Test
    void largeIpv4ReplyWithoutDontFragmentLeavesAsSeparateIpv6Fragments() {
        nat.receive(TestPackets.udp6(CLIENT, 37878, SERVER6, 1234, new byte[1])).block();
        int mask = u16(last(), 20);
        sent.clear();
        byte[] big = TestPackets.udp4(SERVER, 1234, POOL4, mask, new byte[1400]);
        big[6] = 0; // clear DF, then fix the header checksum
        big[10] = 0;
        big[11] = 0;
        int h = io.nat64.core.packet.Checksums.finish(io.nat64.core.packet.Checksums.sum(big, 0, 20));
        big[10] = (byte) (h >> 8);
        big[11] = (byte) h;
        assertThat(nat.receive(big).block()).isEqualTo(PacketPath.Result.TRANSLATED);
        assertThat(sent).hasSize(2);
        int total = 0;
        for (byte[] fragment : sent) {
            assertThat(fragment.length).isLessThanOrEqualTo(1280);
            assertThat(fragment[6]).as("fragment header").isEqualTo((byte) 44);
            assertThat(40 + u16(fragment, 4)).as("one packet per send").isEqualTo(fragment.length);
            total += fragment.length - 48;
        }
        assertThat(total).as("UDP header and payload, split").isEqualTo(8 + 1400);
    }

    @Test
    void unsolicitedIpv4PacketIsDroppedCountedAndAnsweredWithHostUnreachable() {
        assertThat(nat.receive(TestPackets.udp4(SERVER, 1234, POOL4, 62000, new byte[4]))
                        .block())
                .isEqualTo(PacketPath.Result.DROPPED);
        assertThat(stat(Stat.BIB4_NOT_FOUND)).isEqualTo(1);
        byte[] icmp = last();
        assertThat(icmp[9]).as("ICMPv4").isEqualTo((byte) 1);
        assertThat(icmp[20]).as("destination unreachable").isEqualTo((byte) 3);
        assertThat(icmp[21]).as("host unreachable").isEqualTo((byte) 1);
        assertThat(ByteBuffer.wrap(icmp, 16, 4).getInt()).isEqualTo(SERVER.bits());
    }

    @Test
    void unsolicitedTcpSegmentIsDroppedSilently() {
        assertThat(nat.receive(TestPackets.tcp4(SERVER, 80, POOL4, 62000, ACK)).block())
                .isEqualTo(PacketPath.Result.DROPPED);
        assertThat(stat(Stat.SYN4_EXPECTED)).isEqualTo(1);
        assertThat(sent).isEmpty();
    }

    @Test
    void tcpHandshakeThroughTheTranslatorEstablishesTheSession() {
        nat.receive(TestPackets.tcp6(CLIENT, 40000, SERVER6, 80, SYN)).block();
        byte[] syn4 = last();
        assertThat(l4ChecksumOk4(syn4)).isTrue();
        int mask = u16(syn4, 20);
        nat.receive(TestPackets.tcp4(SERVER, 80, POOL4, mask, SYN | ACK)).block();
        assertThat(l4ChecksumOk6(last())).isTrue();
        nat.receive(TestPackets.tcp6(CLIENT, 40000, SERVER6, 80, ACK)).block();
        List<Session> tcp = nat.sessions(L4Protocol.TCP).block();
        assertThat(tcp).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(TcpState.ESTABLISHED);
            assertThat(s.src4Port()).isEqualTo(mask);
        });
    }

    @Test
    void idleEstablishedConnectionGetsTheProbeAfterTcpEstTimeout() {
        nat.receive(TestPackets.tcp6(CLIENT, 40000, SERVER6, 80, SYN)).block();
        int mask = u16(last(), 20);
        nat.receive(TestPackets.tcp4(SERVER, 80, POOL4, mask, SYN | ACK)).block();
        sent.clear();
        vts.advanceTimeBy(Duration.ofHours(2).plusSeconds(1));
        byte[] probe = last();
        ByteBuffer b = ByteBuffer.wrap(probe);
        assertThat(probe).hasSize(60);
        assertThat(probe[6]).as("TCP").isEqualTo((byte) 6);
        assertThat(probe[7]).as("hop limit").isEqualTo((byte) 255);
        assertThat(new Ipv6Address(b.getLong(8), b.getLong(16))).isEqualTo(SERVER6);
        assertThat(new Ipv6Address(b.getLong(24), b.getLong(32))).isEqualTo(CLIENT);
        assertThat(probe[53]).as("ACK only").isEqualTo((byte) ACK);
        assertThat(l4ChecksumOk6(probe)).isTrue();
        assertThat(nat.sessions(L4Protocol.TCP).block().get(0).state()).isEqualTo(TcpState.TRANS);
    }

    @Test
    void ipv4SynWithoutBibIsHeldSixSecondsThenAnsweredWithPortUnreachable() {
        assertThat(nat.receive(TestPackets.tcp4(SERVER, 2601, POOL4, 62000, SYN))
                        .block())
                .isEqualTo(PacketPath.Result.STOLEN);
        assertThat(sent).isEmpty();
        vts.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(sent).isEmpty();
        vts.advanceTimeBy(Duration.ofSeconds(2));
        byte[] icmp = last();
        assertThat(icmp[20]).isEqualTo((byte) 3);
        assertThat(icmp[21]).as("port unreachable").isEqualTo((byte) 3);
        assertThat(stat(Stat.TYPE1PKT)).isEqualTo(1);
    }

    @Test
    void pingThroughTheTranslatorUsesTheMaskIdentifierBothWays() {
        nat.receive(TestPackets.echo6(CLIENT, SERVER6, 211)).block();
        byte[] echo4 = last();
        assertThat(echo4[20]).as("echo request").isEqualTo((byte) 8);
        int id4 = u16(echo4, 24);
        Session s = nat.sessions(L4Protocol.ICMP).block().get(0);
        assertThat(s.src6Port()).isEqualTo(211);
        assertThat(s.src4Port()).isEqualTo(id4);
    }

    @Test
    void packetsFromInsidePool6AreHairpinLoopsAndDropped() {
        nat.receive(TestPackets.udp6(SERVER6, 1, SERVER6, 2, new byte[1])).block();
        assertThat(stat(Stat.HAIRPIN_LOOP)).isEqualTo(1);
        nat.receive(TestPackets.udp6(CLIENT, 1, Ipv6Address.parse("2001:db8::9"), 2, new byte[1]))
                .block();
        assertThat(stat(Stat.POOL6_MISMATCH)).isEqualTo(1);
        assertThat(sent).isEmpty();
    }

    @Test
    void garbageIsCountedNeverThrown() {
        assertThat(nat.receive(new byte[] {0x60, 0, 0}).block()).isEqualTo(PacketPath.Result.DROPPED);
        assertThat(nat.receive(new byte[] {0x45}).block()).isEqualTo(PacketPath.Result.DROPPED);
        assertThat(nat.receive(new byte[] {0x15, 1, 2}).block()).isEqualTo(PacketPath.Result.DROPPED);
        assertThat(stat(Stat.SKB_TRUNCATED) + stat(Stat.HDR6) + stat(Stat.HDR4) + stat(Stat.UNKNOWN))
                .isEqualTo(3);
    }
}
