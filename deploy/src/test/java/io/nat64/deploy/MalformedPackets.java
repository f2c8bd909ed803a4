package io.nat64.deploy;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.packet.Checksums;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates malformed IPv4 and IPv6 packets, seeded and reproducible, that a translator must drop: truncated headers,
 * lengths that disagree with the packet, bad IPv4 header and ICMP error checksums, bad versions, unsupported
 * extension headers, fragments and random bytes. Each starts from a valid packet of the lab's flows (client
 * 2001:db8::8 to 64:ff9b::c000:208, server 192.0.2.8 to pool4 192.0.2.1), so only the damage can make it fail.
 *
 * <p>Not thread-safe; one generator per thread.
 */
final class MalformedPackets {
    static final Ipv6Address CLIENT = Ipv6Address.parse("2001:db8::8");
    static final Ipv6Address SERVER6 = Ipv6Address.parse("64:ff9b::c000:208");
    static final Ipv4Address SERVER4 = Ipv4Address.parse("192.0.2.8");
    static final Ipv4Address POOL4 = Ipv4Address.parse("192.0.2.1");

    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int ICMP4 = 1;
    private static final int ICMP6 = 58;

    /** What is wrong with a packet. */
    enum Kind {
        TRUNCATED,
        BAD_IPV6_PAYLOAD_LENGTH,
        BAD_IPV4_TOTAL_LENGTH,
        BAD_IPV4_HEADER_LENGTH,
        BAD_IPV4_CHECKSUM,
        BAD_UDP_LENGTH,
        BAD_TCP_DATA_OFFSET,
        BAD_ICMP_ERROR_CHECKSUM,
        BAD_VERSION,
        UNSUPPORTED_EXTENSION_HEADER,
        FRAGMENT,
        RANDOM_BYTES
    }

    private final SplittableRandom random;

    MalformedPackets(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Writes {@code count} cases as inject frames (2-byte length, packet) to {@code file}; returns the kinds. */
    static Map<Kind, Integer> writeFrames(Path file, int count, long seed) throws IOException {
        MalformedPackets gen = new MalformedPackets(seed);
        Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            for (int i = 0; i < count; i++) {
                Kind k = gen.kind();
                byte[] p = gen.next(k);
                out.writeShort(p.length);
                out.write(p);
                kinds.merge(k, 1, Integer::sum);
            }
        }
        return kinds;
    }

    Kind kind() {
        Kind[] all = Kind.values();
        return all[random.nextInt(all.length)];
    }

    /** One packet with damage {@code kind}. */
    byte[] next(Kind kind) {
        return switch (kind) {
            case TRUNCATED -> truncated();
            case BAD_IPV6_PAYLOAD_LENGTH -> badPayloadLength();
            case BAD_IPV4_TOTAL_LENGTH -> badTotalLength();
            case BAD_IPV4_HEADER_LENGTH -> badHeaderLength();
            case BAD_IPV4_CHECKSUM -> badIpv4Checksum();
            case BAD_UDP_LENGTH -> badUdpLength();
            case BAD_TCP_DATA_OFFSET -> badTcpOffset();
            case BAD_ICMP_ERROR_CHECKSUM -> badIcmpErrorChecksum();
            case BAD_VERSION -> badVersion();
            case UNSUPPORTED_EXTENSION_HEADER -> unsupportedExtension();
            case FRAGMENT -> fragment();
            case RANDOM_BYTES -> randomBytes();
        };
    }

    private byte[] truncated() {
        boolean six = random.nextBoolean();
        int which = random.nextInt(3);
        byte[] p = six ? valid6(which) : valid4(which);
        int headers = (six ? 40 : 20) + (which == 0 ? 8 : which == 1 ? 20 : 8);
        return Arrays.copyOf(p, 1 + random.nextInt(headers - 1));
    }

    private byte[] badPayloadLength() {
        byte[] p = valid6(random.nextInt(3));
        int actual = p.length - 40;
        putU16(p, 4, actual + 1 + random.nextInt(65535 - actual));
        return p;
    }

    private byte[] badTotalLength() {
        byte[] p = valid4(random.nextInt(3));
        int total = random.nextBoolean() ? p.length + 1 + random.nextInt(65535 - p.length) : random.nextInt(20);
        putU16(p, 2, total);
        fixIpv4Checksum(p);
        return p;
    }

    private byte[] badHeaderLength() {
        byte[] p = valid4(random.nextInt(3));
        int ihl = random.nextBoolean() ? random.nextInt(5) : 15; // below the minimum, or past a small packet
        p[0] = (byte) (0x40 | ihl);
        if (ihl >= 5) {
            p = Arrays.copyOf(p, Math.min(p.length, 20 + random.nextInt(39)));
            putU16(p, 2, p.length);
        }
        return p;
    }

    private byte[] badIpv4Checksum() {
        byte[] p = valid4(random.nextInt(3));
        int bad = u16(p, 10) ^ (1 + random.nextInt(0xffff));
        putU16(p, 10, bad);
        return p;
    }

    private byte[] badUdpLength() {
        boolean six = random.nextBoolean();
        byte[] p = six ? valid6(0) : valid4(0);
        int l4 = six ? 40 : 20;
        int room = p.length - l4;
        putU16(p, l4 + 4, random.nextBoolean() ? random.nextInt(8) : room + 1 + random.nextInt(100));
        return p;
    }

    private byte[] badTcpOffset() {
        boolean six = random.nextBoolean();
        byte[] p = six ? valid6(1) : valid4(1);
        int l4 = six ? 40 : 20;
        int words = random.nextBoolean() ? random.nextInt(5) : 6 + random.nextInt(10); // < 20 bytes or past the end
        p[l4 + 12] = (byte) (words << 4);
        return p;
    }

    private byte[] badIcmpErrorChecksum() {
        byte[] p = random.nextBoolean() ? error6() : error4();
        int at = (p[0] >>> 4) == 6 ? 42 : 22;
        putU16(p, at, u16(p, at) ^ (1 + random.nextInt(0xffff)));
        return p;
    }

    private byte[] badVersion() {
        byte[] p = random.nextBoolean() ? valid6(random.nextInt(3)) : valid4(random.nextInt(3));
        int v;
        do {
            v = random.nextInt(16);
        } while (v == 4 || v == 6);
        p[0] = (byte) ((v << 4) | (p[0] & 0x0f));
        return p;
    }

    private byte[] unsupportedExtension() {
        byte[] p = valid6(random.nextInt(3));
        if (random.nextBoolean()) {
            p[6] = (byte) (random.nextBoolean() ? 50 : 51); // ESP or AH: nothing a NAT64 can translate
        } else {
            // A hop-by-hop header whose length runs past the end of the packet.
            byte[] q = new byte[p.length + 8];
            System.arraycopy(p, 0, q, 0, 40);
            q[6] = 0;
            q[40] = p[6];
            q[41] = (byte) (10 + random.nextInt(200));
            System.arraycopy(p, 40, q, 48, p.length - 40);
            putU16(q, 4, q.length - 40);
            p = q;
        }
        return p;
    }

    private byte[] fragment() {
        if (random.nextBoolean()) {
            byte[] p = valid4(random.nextInt(3));
            putU16(p, 6, 0x2000 | random.nextInt(0x2000)); // more fragments, any offset
            fixIpv4Checksum(p);
            return p;
        }
        byte[] p = valid6(random.nextInt(3));
        byte[] q = new byte[p.length + 8];
        System.arraycopy(p, 0, q, 0, 40);
        q[6] = 44;
        q[40] = p[6];
        putU16(q, 42, (random.nextInt(0x2000) << 3) | 1);
        putU16(q, 44, random.nextInt(0x10000));
        System.arraycopy(p, 40, q, 48, p.length - 40);
        putU16(q, 4, q.length - 40);
        return q;
    }

    private byte[] randomBytes() {
        byte[] p = new byte[1 + random.nextInt(600)];
        random.nextBytes(p);
        return p;
    }

    // ---------------------------------------------------------------- valid packets of the lab's flows

    /** 0 UDP, 1 TCP SYN, 2 ICMPv6 echo request: client to server. */
    private byte[] valid6(int which) {
        int port = 1024 + random.nextInt(60000);
        return switch (which) {
            case 0 -> ipv6(CLIENT, SERVER6, UDP, udp(port, 7, payload()), 6);
            case 1 -> ipv6(CLIENT, SERVER6, TCP, tcp(port, 80, 0x02), 16);
            default -> ipv6(CLIENT, SERVER6, ICMP6, echo(128, port, payload()), 2);
        };
    }

    /** 0 UDP, 1 TCP SYN-ACK, 2 ICMP echo reply: server to pool4. */
    private byte[] valid4(int which) {
        int port = 61001 + random.nextInt(4535);
        return switch (which) {
            case 0 -> ipv4(SERVER4, POOL4, UDP, udp(7, port, payload()), 6);
            case 1 -> ipv4(SERVER4, POOL4, TCP, tcp(80, port, 0x12), 16);
            default -> ipv4(SERVER4, POOL4, ICMP4, echo(0, port, payload()), 2);
        };
    }

    /** ICMPv6 port unreachable from the client about a UDP packet the server sent it. */
    private byte[] error6() {
        byte[] inner = ipv6(SERVER6, CLIENT, UDP, udp(7, 1024 + random.nextInt(60000), payload()), 6);
        byte[] l4 = new byte[8 + inner.length];
        l4[0] = 1;
        l4[1] = 4;
        System.arraycopy(inner, 0, l4, 8, inner.length);
        return ipv6(CLIENT, SERVER6, ICMP6, l4, 2);
    }

    /** ICMPv4 port unreachable from the server about a UDP packet from pool4. */
    private byte[] error4() {
        byte[] inner = ipv4(POOL4, SERVER4, UDP, udp(61001 + random.nextInt(4535), 7, payload()), 6);
        byte[] l4 = new byte[8 + inner.length];
        l4[0] = 3;
        l4[1] = 3;
        System.arraycopy(inner, 0, l4, 8, inner.length);
        return ipv4(SERVER4, POOL4, ICMP4, l4, 2);
    }

    private byte[] payload() {
        byte[] p = new byte[random.nextInt(64)];
        random.nextBytes(p);
        return p;
    }

    private static byte[] udp(int sport, int dport, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putShort((short) sport)
                .putShort((short) dport)
                .putShort((short) (8 + payload.length))
                .putShort((short) 0);
        return b.put(payload).array();
    }

    private static byte[] tcp(int sport, int dport, int flags) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.putShort((short) sport).putShort((short) dport).putInt(1000).putInt(0);
        b.put((byte) 0x50).put((byte) flags).putShort((short) 8192).putInt(0);
        return b.array();
    }

    private static byte[] echo(int type, int id, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.put((byte) type)
                .put((byte) 0)
                .putShort((short) 0)
                .putShort((short) id)
                .putShort((short) 1);
        return b.put(payload).array();
    }

    private static byte[] ipv6(Ipv6Address src, Ipv6Address dst, int next, byte[] l4, int csumAt) {
        ByteBuffer b = ByteBuffer.allocate(40 + l4.length);
        b.putInt(0x60000000).putShort((short) l4.length).put((byte) next).put((byte) 64);
        b.putLong(src.high())
                .putLong(src.low())
                .putLong(dst.high())
                .putLong(dst.low())
                .put(l4);
        byte[] p = b.array();
        int sum = Checksums.add(
                Checksums.pseudoHeader6(src.high(), src.low(), dst.high(), dst.low(), next, l4.length),
                Checksums.sum(p, 40, l4.length));
        putU16(p, 40 + csumAt, Checksums.finish(sum));
        return p;
    }

    private static byte[] ipv4(Ipv4Address src, Ipv4Address dst, int proto, byte[] l4, int csumAt) {
        ByteBuffer b = ByteBuffer.allocate(20 + l4.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length)).putShort((short) 0x1234);
        b.putShort((short) 0x4000).put((byte) 64).put((byte) proto).putShort((short) 0);
        b.putInt(src.bits()).putInt(dst.bits()).put(l4);
        byte[] p = b.array();
        fixIpv4Checksum(p);
        int l4Sum = proto == ICMP4 ? 0 : Checksums.pseudoHeader4(src.bits(), dst.bits(), proto, l4.length);
        putU16(p, 20 + csumAt, Checksums.finish(Checksums.add(l4Sum, Checksums.sum(p, 20, l4.length))));
        return p;
    }

    private static void fixIpv4Checksum(byte[] p) {
        int ihl = Math.min(p.length, (p[0] & 0x0f) * 4);
        putU16(p, 10, 0);
        putU16(p, 10, Checksums.finish(Checksums.sum(p, 0, ihl)));
    }

    private static int u16(byte[] p, int at) {
        return ((p[at] & 0xff) << 8) | (p[at + 1] & 0xff);
    }

    private static void putU16(byte[] p, int at, int v) {
        p[at] = (byte) (v >> 8);
        p[at + 1] = (byte) v;
    }
}
