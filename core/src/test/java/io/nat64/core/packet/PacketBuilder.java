package io.nat64.core.packet;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only builder of IPv4 and IPv6 packets with TCP, UDP, ICMP echo or ICMP error payloads. Checksums are
 * computed with {@link Wire}'s own code, independent of {@link Checksums}, unless a test asks for a wrong one.
 *
 * <pre>{@code
 * byte[] p = PacketBuilder.ipv6("2001:db8::1", "64:ff9b::c000:201").tcp(1234, 80, PacketInfo.TCP_SYN).build();
 * }</pre>
 */
public final class PacketBuilder {

    private enum Kind {
        TCP,
        UDP,
        ECHO,
        ERROR,
        RAW
    }

    private final int version;
    private final byte[] src;
    private final byte[] dst;
    private int hopLimit = 64;
    private int trafficClass;
    private int flowLabel;
    private int id = 0x1234;
    private boolean df;
    private boolean mf;
    private int fragmentOffset;
    private byte[] options = new byte[0];
    private final List<int[]> extensionTypes = new ArrayList<>();
    private final List<byte[]> extensionBodies = new ArrayList<>();
    private Kind kind = Kind.RAW;
    private int rawProtocol = 59;
    private int srcPort;
    private int dstPort;
    private int tcpFlags;
    private byte[] tcpOptions = new byte[0];
    private int icmpType;
    private int icmpCode;
    private int icmpRest;
    private byte[] inner = new byte[0];
    private byte[] payload = new byte[0];
    private int checksumDelta;
    private boolean zeroChecksum;

    private PacketBuilder(int version, byte[] src, byte[] dst) {
        this.version = version;
        this.src = src;
        this.dst = dst;
    }

    /** An IPv6 packet. */
    public static PacketBuilder ipv6(String src, String dst) {
        return new PacketBuilder(
                6, Ipv6Address.parse(src).toBytes(), Ipv6Address.parse(dst).toBytes());
    }

    /** An IPv4 packet. */
    public static PacketBuilder ipv4(String src, String dst) {
        byte[] s = new byte[4];
        byte[] d = new byte[4];
        Bytes.put32(s, 0, Ipv4Address.parseBits(src));
        Bytes.put32(d, 0, Ipv4Address.parseBits(dst));
        return new PacketBuilder(4, s, d);
    }

    public PacketBuilder hopLimit(int value) {
        hopLimit = value;
        return this;
    }

    public PacketBuilder trafficClass(int value) {
        trafficClass = value;
        return this;
    }

    public PacketBuilder flowLabel(int value) {
        flowLabel = value;
        return this;
    }

    public PacketBuilder id(int value) {
        id = value;
        return this;
    }

    public PacketBuilder dontFragment(boolean value) {
        df = value;
        return this;
    }

    public PacketBuilder moreFragments(boolean value) {
        mf = value;
        return this;
    }

    public PacketBuilder fragmentOffset(int bytes) {
        fragmentOffset = bytes;
        return this;
    }

    /** IPv4 options, padded with zeros (end of options) to a multiple of 4. */
    public PacketBuilder options(byte... value) {
        options = value;
        return this;
    }

    /** An IPv6 extension header of type {@code type} with {@code body} after its next-header byte. */
    public PacketBuilder extension(int type, byte... body) {
        extensionTypes.add(new int[] {type});
        extensionBodies.add(body);
        return this;
    }

    /** An 8-byte hop-by-hop options header with a PadN option. */
    public PacketBuilder hopByHop() {
        return extension(0, (byte) 0, (byte) 1, (byte) 4, (byte) 0, (byte) 0, (byte) 0, (byte) 0);
    }

    /** An 8-byte destination options header with a PadN option. */
    public PacketBuilder destinationOptions() {
        return extension(60, (byte) 0, (byte) 1, (byte) 4, (byte) 0, (byte) 0, (byte) 0, (byte) 0);
    }

    /** An 8-byte routing header with the given Segments Left. */
    public PacketBuilder routing(int segmentsLeft) {
        return extension(43, (byte) 0, (byte) 4, (byte) segmentsLeft, (byte) 0, (byte) 0, (byte) 0, (byte) 0);
    }

    /** An IPv6 fragment header. */
    public PacketBuilder fragment(int identification, int offsetBytes, boolean more) {
        int offsetAndFlags = (offsetBytes & 0xfff8) | (more ? 1 : 0);
        return extension(
                44,
                (byte) 0,
                (byte) (offsetAndFlags >>> 8),
                (byte) offsetAndFlags,
                (byte) (identification >>> 24),
                (byte) (identification >>> 16),
                (byte) (identification >>> 8),
                (byte) identification);
    }

    public PacketBuilder tcp(int sport, int dport, int flags) {
        kind = Kind.TCP;
        srcPort = sport;
        dstPort = dport;
        tcpFlags = flags;
        return this;
    }

    public PacketBuilder tcpOptions(byte... value) {
        tcpOptions = value;
        return this;
    }

    public PacketBuilder udp(int sport, int dport) {
        kind = Kind.UDP;
        srcPort = sport;
        dstPort = dport;
        return this;
    }

    /** ICMP echo request or reply (types 8/0 or 128/129 by version). */
    public PacketBuilder echo(boolean request, int identifier, int sequence) {
        kind = Kind.ECHO;
        icmpType = version == 4 ? (request ? 8 : 0) : (request ? 128 : 129);
        srcPort = identifier;
        dstPort = sequence;
        return this;
    }

    /** Any ICMP message with {@code rest} as bytes 4 to 7 and {@code inner} (usually an offending packet) after. */
    public PacketBuilder icmp(int type, int code, int rest, byte[] innerBytes) {
        kind = Kind.ERROR;
        icmpType = type;
        icmpCode = code;
        icmpRest = rest;
        inner = innerBytes;
        return this;
    }

    /** Any other upper-layer protocol, with {@link #payload} as its bytes. */
    public PacketBuilder protocol(int number) {
        kind = Kind.RAW;
        rawProtocol = number;
        return this;
    }

    public PacketBuilder payload(byte[] value) {
        payload = value;
        return this;
    }

    /** A payload of {@code n} bytes 0, 1, 2, ... */
    public PacketBuilder payload(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 7 + 3);
        }
        return payload(p);
    }

    /** Adds {@code delta} to the correct transport checksum, making it wrong by that much. */
    public PacketBuilder wrongChecksum(int delta) {
        checksumDelta = delta;
        return this;
    }

    /** A UDP checksum of 0 ("none", IPv4 only in theory). */
    public PacketBuilder zeroChecksum() {
        zeroChecksum = true;
        return this;
    }

    public byte[] build() {
        byte[] l4 = transport();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (version == 4) {
            int optionsLength = (options.length + 3) & ~3;
            int ihl = 20 + optionsLength;
            byte[] h = new byte[ihl];
            h[0] = (byte) (0x40 | (ihl / 4));
            h[1] = (byte) trafficClass;
            Bytes.put16(h, 2, ihl + l4.length);
            Bytes.put16(h, 4, id);
            Bytes.put16(h, 6, (df ? 0x4000 : 0) | (mf ? 0x2000 : 0) | (fragmentOffset >>> 3));
            h[8] = (byte) hopLimit;
            h[9] = (byte) protocolNumber();
            System.arraycopy(src, 0, h, 12, 4);
            System.arraycopy(dst, 0, h, 16, 4);
            System.arraycopy(options, 0, h, 20, options.length);
            Bytes.put16(h, 10, Wire.checksum(h, 0, ihl));
            out.writeBytes(h);
        } else {
            byte[] ext = extensions();
            byte[] h = new byte[40];
            Bytes.put32(h, 0, (6 << 28) | (trafficClass << 20) | flowLabel);
            Bytes.put16(h, 4, ext.length + l4.length);
            h[6] = (byte)
                    (extensionTypes.isEmpty()
                            ? protocolNumber()
                            : extensionTypes.get(0)[0]);
            h[7] = (byte) hopLimit;
            System.arraycopy(src, 0, h, 8, 16);
            System.arraycopy(dst, 0, h, 24, 16);
            out.writeBytes(h);
            out.writeBytes(ext);
        }
        out.writeBytes(l4);
        return out.toByteArray();
    }

    private byte[] extensions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < extensionTypes.size(); i++) {
            int next = i + 1 < extensionTypes.size() ? extensionTypes.get(i + 1)[0] : protocolNumber();
            out.write(next);
            out.writeBytes(extensionBodies.get(i));
        }
        return out.toByteArray();
    }

    private int protocolNumber() {
        return switch (kind) {
            case TCP -> 6;
            case UDP -> 17;
            case ECHO, ERROR -> version == 4 ? 1 : 58;
            case RAW -> rawProtocol;
        };
    }

    private byte[] transport() {
        byte[] l4;
        int checksumAt;
        switch (kind) {
            case TCP -> {
                int headerLength = 20 + ((tcpOptions.length + 3) & ~3);
                l4 = new byte[headerLength + payload.length];
                Bytes.put16(l4, 0, srcPort);
                Bytes.put16(l4, 2, dstPort);
                Bytes.put32(l4, 4, 0x01020304);
                Bytes.put32(l4, 8, 0x0a0b0c0d);
                l4[12] = (byte) ((headerLength / 4) << 4);
                l4[13] = (byte) tcpFlags;
                Bytes.put16(l4, 14, 65000);
                Bytes.put16(l4, 18, 0);
                System.arraycopy(tcpOptions, 0, l4, 20, tcpOptions.length);
                System.arraycopy(payload, 0, l4, headerLength, payload.length);
                checksumAt = 16;
            }
            case UDP -> {
                l4 = new byte[8 + payload.length];
                Bytes.put16(l4, 0, srcPort);
                Bytes.put16(l4, 2, dstPort);
                Bytes.put16(l4, 4, l4.length);
                System.arraycopy(payload, 0, l4, 8, payload.length);
                checksumAt = 6;
            }
            case ECHO -> {
                l4 = new byte[8 + payload.length];
                l4[0] = (byte) icmpType;
                Bytes.put16(l4, 4, srcPort);
                Bytes.put16(l4, 6, dstPort);
                System.arraycopy(payload, 0, l4, 8, payload.length);
                checksumAt = 2;
            }
            case ERROR -> {
                l4 = new byte[8 + inner.length + payload.length];
                l4[0] = (byte) icmpType;
                l4[1] = (byte) icmpCode;
                Bytes.put32(l4, 4, icmpRest);
                System.arraycopy(inner, 0, l4, 8, inner.length);
                System.arraycopy(payload, 0, l4, 8 + inner.length, payload.length);
                checksumAt = 2;
            }
            default -> {
                return payload.clone();
            }
        }
        if (zeroChecksum) {
            return l4;
        }
        boolean pseudo = version == 6 || kind == Kind.TCP || kind == Kind.UDP;
        int c = pseudo
                ? Wire.transportChecksum(src, dst, protocolNumber(), l4, 0, l4.length)
                : Wire.checksum(l4, 0, l4.length);
        if (kind == Kind.UDP && c == 0) {
            c = 0xffff;
        }
        Bytes.put16(l4, checksumAt, (c + checksumDelta) & 0xffff);
        return l4;
    }
}
