package io.nat64.core.instance;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.Globals;
import io.nat64.core.packet.Bytes;
import io.nat64.core.packet.DropReason;
import io.nat64.core.packet.PacketInfo;
import io.nat64.core.packet.PacketParser;
import io.nat64.core.pool.Pool4;
import io.nat64.core.pool.Pool6;
import io.nat64.core.session.BibTable;
import io.nat64.core.session.BurstPrefetch;
import io.nat64.core.session.Mapping;
import io.nat64.core.session.Session;
import io.nat64.core.session.SessionDb;
import io.nat64.core.session.TcpSegment;
import io.nat64.core.session.Verdict;
import io.nat64.core.stats.Counters;
import io.nat64.core.stats.Stat;
import io.nat64.core.translate.Icmp4Error;
import io.nat64.core.translate.Icmp6Error;
import io.nat64.core.translate.IcmpErrors;
import io.nat64.core.translate.TcpProbe;
import io.nat64.core.translate.TranslationGlobals;
import io.nat64.core.translate.Translator;

/**
 * The one entry point for raw packets, shared by the data plane and the tests: parse, filter and update the
 * tables (RFC 6146 section 3.5), translate (RFC 7915), and send the result, or the ICMP error owed, to the
 * {@link Output}. Hairpinned packets (IPv6 to an address of our own pool4) go round once more as IPv4.
 *
 * <p>Threading: owner thread only; it reuses its parse result and buffers packet after packet, so it
 * allocates nothing on the fast path.
 *
 * <pre>{@code
 * instance.call(db -> { instance.packets().setOutput((buf, off, len) -> tun.write(buf, off, len)); return true; });
 * instance.packets().process(packet, 0, packet.length, instance.now());   // on the owner thread
 * }</pre>
 */
public final class PacketPath {
    /** Where translated and generated packets go: the TUN device, or a test's list. */
    @FunctionalInterface
    public interface Output {
        /** Sends {@code buf[off, off + len)}; the buffer is reused as soon as this returns. */
        void send(byte[] buf, int off, int len);
    }

    /** The result of {@link #process}: translated, or not (counted either way). */
    public enum Result {
        TRANSLATED,
        DROPPED,
        STOLEN
    }

    /**
     * How long (ms) the translator counts as {@link #busy} after work last waited for it: long enough to span the
     * gaps between a saturating source's batches, short enough that a catch-up speeds up soon after a burst.
     */
    public static final long BUSY_MILLIS = 50;

    private static final int MAX_PACKET = 65_535 + 64;

    private final Pool6 pool6;
    private final Pool4 pool4;
    private final SessionDb db;
    private final Counters counters;
    private final Translator translator;
    private final IcmpErrors errors = IcmpErrors.create();
    private final PacketInfo info = new PacketInfo();
    private final PacketInfo hairpinInfo = new PacketInfo();
    private final Mapping mapping = new Mapping();
    private final byte[] out = new byte[MAX_PACKET];
    private final byte[] hairpinOut = new byte[MAX_PACKET];
    private final byte[] control = new byte[1500];
    private TranslationGlobals translation;
    private Globals globals;
    private Output output = (buf, off, len) -> {};
    private boolean hasOutput;
    /** When work last waited for the owner (ms): packets queued behind a batch, or a peer's sessions to merge. */
    private long busyAt = Long.MIN_VALUE / 2;

    PacketPath(Pool6 pool6, Pool4 pool4, SessionDb db, Counters counters, Globals globals) {
        this.pool6 = pool6;
        this.pool4 = pool4;
        this.db = db;
        this.counters = counters;
        this.translator = Translator.create(pool6.prefix());
        setGlobals(globals);
    }

    /** Where packets leave; until set, they are counted as {@link Stat#DST_OUTPUT} failures. Owner thread only. */
    public void setOutput(Output output) {
        this.output = output;
        this.hasOutput = true;
    }

    /**
     * A data plane tells, as each batch of packets begins on the owner, how many more wait behind it: any at all
     * makes the translator {@link #busy} for {@link #BUSY_MILLIS}. Owner thread only.
     */
    public void noteBacklog(int waitingBatches, long now) {
        if (waitingBatches > 0) {
            busyAt = now;
        }
    }

    /**
     * Owner work other than packets, that a peer's catch-up should yield to (a merge that changed the table), ran
     * at {@code now}. Owner thread only.
     */
    public void noteWork(long now) {
        busyAt = now;
    }

    /**
     * Whether work waited for the owner within the last {@link #BUSY_MILLIS} ({@link #noteBacklog}, {@link
     * #noteWork}): what a peer's catch-up reads to yield. Never, without a data plane or merges. Owner thread only.
     */
    public boolean busy(long now) {
        return now - busyAt < BUSY_MILLIS;
    }

    void setGlobals(Globals g) {
        this.globals = g;
        this.translation = TranslationGlobals.defaults()
                .withZeroizeTrafficClass(g.zeroizeTrafficClass())
                .withTos(g.overrideTos(), g.tos())
                .withLowestIpv6Mtu(g.lowestIpv6Mtu())
                .withSourceIcmpv6ErrorsBetter(g.sourceIcmpv6ErrorsBetter())
                .withDropIcmpv6Info(g.dropIcmpv6Info());
    }

    /** Processes one IPv4 or IPv6 packet ({@code buf[off, off + len)}, from its IP header) at {@code now}. */
    public Result process(byte[] buf, int off, int len, long now) {
        return process(buf, off, len, now, BibTable.NO_HINT);
    }

    /**
     * As {@link #process(byte[], int, int, long)}, with the flow hash that {@link #prefetch} gave the packet
     * ({@link BurstPrefetch#hash}), which saves computing it again; {@link BibTable#NO_HINT} for none.
     */
    public Result process(byte[] buf, int off, int len, long now, long hint) {
        if (len < 1 || off < 0 || off > buf.length - len) {
            counters.inc(Stat.SKB_TRUNCATED);
            return Result.DROPPED;
        }
        int version = (buf[off] >>> 4) & 0xf;
        if (version == 6) {
            return from6(buf, off, len, now, info, out, true, hint);
        }
        if (version == 4) {
            return from4(buf, off, len, now, info, out, hint);
        }
        counters.inc(Stat.UNKNOWN);
        return Result.DROPPED;
    }

    /**
     * Adds this packet to {@code burst}, whose {@link BurstPrefetch#run} then reads ahead, changing nothing,
     * the table memory that {@link #process} will read for it: a TCP or UDP packet without IPv6 extension
     * headers or IPv4 options past the ports, to pool6 or from pool4's side; anything else is left out.
     * Returns whether it was added (its place in the burst is the count of packets added before it). Never throws, whatever the bytes.
     */
    public boolean prefetch(BurstPrefetch burst, byte[] buf, int off, int len) {
        if (len < 1 || off < 0 || off > buf.length - len || burst.isFull()) {
            return false;
        }
        int version = (buf[off] >>> 4) & 0xf;
        if (version == 6 && len >= 44) {
            int next = buf[off + 6] & 0xff;
            if (next != 6 && next != 17) {
                return false;
            }
            long dstHigh = Bytes.i64(buf, off + 24);
            long dstLow = Bytes.i64(buf, off + 32);
            if (!pool6.contains(dstHigh, dstLow)) {
                return false;
            }
            return burst.add6(
                    db.table(next == 6 ? L4Protocol.TCP : L4Protocol.UDP),
                    Bytes.i64(buf, off + 8),
                    Bytes.i64(buf, off + 16),
                    Bytes.u16(buf, off + 40),
                    pool6.extract(dstHigh, dstLow),
                    Bytes.u16(buf, off + 42));
        }
        if (version == 4 && len >= 24) {
            int l4 = off + (buf[off] & 0xf) * 4;
            int proto = buf[off + 9] & 0xff;
            if (l4 < off + 20 || l4 + 4 > off + len || (proto != 6 && proto != 17)) {
                return false;
            }
            return burst.add4(
                    db.table(proto == 6 ? L4Protocol.TCP : L4Protocol.UDP),
                    Bytes.i32(buf, off + 16),
                    Bytes.u16(buf, l4 + 2),
                    Bytes.i32(buf, off + 12),
                    Bytes.u16(buf, l4));
        }
        return false;
    }

    // ---------------------------------------------------------------- IPv6 to IPv4

    private Result from6(
            byte[] buf, int off, int len, long now, PacketInfo p, byte[] dst, boolean mayHairpin, long hint) {
        counters.inc(Stat.RECEIVED6);
        int parsed = PacketParser.parse6(buf, off, len, p);
        if (parsed < 0) {
            return dropped(parsed, true);
        }
        if (pool6.contains(p.source6High(), p.source6Low())) {
            counters.inc(Stat.HAIRPIN_LOOP);
            return Result.DROPPED;
        }
        if (!pool6.contains(p.destination6High(), p.destination6Low())) {
            counters.inc(Stat.POOL6_MISMATCH);
            return Result.DROPPED;
        }
        L4Protocol proto = p.l4Protocol();
        if (proto == null) {
            counters.inc(Stat.UNKNOWN_L4_PROTO);
            return Result.DROPPED;
        }
        int src4;
        int src4Port;
        int dst4;
        int dst4Port;
        if (p.isIcmpError()) {
            // The offending packet went 4-to-6: from pool6 + the IPv4 peer to the IPv6 node.
            Session s = sessionOfInner6(p, proto);
            if (s == null) {
                counters.inc(Stat.SESSION_NOT_FOUND);
                return Result.DROPPED;
            }
            src4 = s.src4().bits();
            src4Port = s.src4Port();
            dst4 = s.dst4().bits();
            dst4Port = s.dst4Port();
        } else {
            dst4 = pool6.extract(p.destination6High(), p.destination6Low());
            dst4Port = p.destinationPort();
            BibTable table = db.table(proto);
            Verdict v = proto == L4Protocol.TCP
                    ? table.tcp6(
                            hint,
                            p.source6High(),
                            p.source6Low(),
                            p.sourcePort(),
                            p.destination6High(),
                            p.destination6Low(),
                            dst4,
                            dst4Port,
                            TcpSegment.fromIpv6(p.tcpFlags()),
                            now,
                            mapping)
                    : table.udpIcmp6(
                            hint,
                            p.source6High(),
                            p.source6Low(),
                            p.sourcePort(),
                            p.destination6High(),
                            p.destination6Low(),
                            dst4,
                            dst4Port,
                            now,
                            mapping);
            if (v != Verdict.TRANSLATE) {
                return refused(v, buf, off, len, p);
            }
            src4 = mapping.src4Addr();
            src4Port = mapping.src4Port();
            if (proto == L4Protocol.ICMP) {
                dst4Port = src4Port;
            }
        }
        int n = translator.translate6to4(buf, off, len, p, src4, src4Port, dst4, dst4Port, dst, 0, translation);
        if (n < 0) {
            if (n == DropReason.TTL_EXPIRED.code()) {
                sendIcmp6(Icmp6Error.TIME_EXCEEDED, 0, buf, off, len, p);
            }
            return dropped(n, true);
        }
        counters.inc(Stat.SUCCESS);
        if (mayHairpin && isOurs(proto, dst4, dst4Port)) {
            // Hairpinning (RFC 6146 section 3.8): the IPv4 packet is addressed to us; translate it back.
            return from4(dst, 0, n, now, hairpinInfo, hairpinOut, BibTable.NO_HINT);
        }
        send(dst, 0, n);
        return Result.TRANSLATED;
    }

    private Session sessionOfInner6(PacketInfo p, L4Protocol proto) {
        Session found = null;
        if (pool6.contains(p.innerSource6High(), p.innerSource6Low())) {
            int peer = pool6.extract(p.innerSource6High(), p.innerSource6Low());
            found = db.table(proto)
                    .find(
                            new io.nat64.core.addr.Ipv6Address(p.innerDestination6High(), p.innerDestination6Low()),
                            p.innerDestinationPort(),
                            new io.nat64.core.addr.Ipv4Address(peer),
                            p.innerSourcePort());
        }
        return found;
    }

    // ---------------------------------------------------------------- IPv4 to IPv6

    private Result from4(byte[] buf, int off, int len, long now, PacketInfo p, byte[] dst, long hint) {
        counters.inc(Stat.RECEIVED4);
        int parsed = PacketParser.parse4(buf, off, len, p);
        if (parsed < 0) {
            return dropped(parsed, false);
        }
        L4Protocol proto = p.l4Protocol();
        if (proto == null) {
            counters.inc(Stat.UNKNOWN_L4_PROTO);
            return Result.DROPPED;
        }
        long dst6High;
        long dst6Low;
        int dst6Port;
        int src6Port;
        if (p.isIcmpError()) {
            // The offending packet went 6-to-4: from our mask to the IPv4 peer.
            Session s = db.table(proto)
                    .findByMask(p.innerSource4(), p.innerSourcePort(), p.innerDestination4(), p.innerDestinationPort());
            if (s == null) {
                counters.inc(Stat.SESSION_NOT_FOUND);
                return Result.DROPPED;
            }
            dst6High = s.src6().high();
            dst6Low = s.src6().low();
            dst6Port = s.src6Port();
            src6Port = s.dst6Port();
        } else {
            if (!pool4.contains(proto, p.destination4(), p.destinationPort())) {
                counters.inc(Stat.POOL4_MISMATCH);
                return Result.DROPPED;
            }
            BibTable table = db.table(proto);
            Verdict v = proto == L4Protocol.TCP
                    ? table.tcp4(
                            hint,
                            p.destination4(),
                            p.destinationPort(),
                            p.source4(),
                            p.sourcePort(),
                            TcpSegment.fromIpv4(p.tcpFlags()),
                            buf,
                            off,
                            len,
                            now,
                            mapping)
                    : table.udpIcmp4(
                            hint, p.destination4(), p.destinationPort(), p.source4(), p.sourcePort(), now, mapping);
            if (v != Verdict.TRANSLATE) {
                return refused(v, buf, off, len, p);
            }
            dst6High = mapping.src6High();
            dst6Low = mapping.src6Low();
            dst6Port = mapping.src6Port();
            src6Port = proto == L4Protocol.ICMP ? dst6Port : p.sourcePort();
        }
        int src4 = p.source4();
        int n = translator.translate4to6(
                buf,
                off,
                len,
                p,
                pool6.embedHigh(src4),
                pool6.embedLow(src4),
                src6Port,
                dst6High,
                dst6Low,
                dst6Port,
                dst,
                0,
                translation);
        if (n < 0) {
            if (n == DropReason.TTL_EXPIRED.code()) {
                sendIcmp4(Icmp4Error.TIME_EXCEEDED, buf, off, len, p.destination4());
            }
            return dropped(n, false);
        }
        counters.inc(Stat.SUCCESS);
        // An IPv4 packet without DF larger than lowest-ipv6-mtu comes out as IPv6 fragments, back to back.
        for (int at = 0; at < n; ) {
            int packet = 40 + (((dst[at + 4] & 0xff) << 8) | (dst[at + 5] & 0xff));
            send(dst, at, Math.min(packet, n - at));
            at += packet;
        }
        return Result.TRANSLATED;
    }

    // ---------------------------------------------------------------- refusals, errors, control packets

    private Result refused(Verdict v, byte[] buf, int off, int len, PacketInfo p) {
        counters.inc(statOf(v));
        switch (v.icmp()) {
            case ADDRESS_UNREACHABLE_V6 -> sendIcmp6(Icmp6Error.ADDRESS_UNREACHABLE, 0, buf, off, len, p);
            case ADDRESS_UNREACHABLE_V4 -> sendIcmp4(Icmp4Error.HOST_UNREACHABLE, buf, off, len, p.destination4());
            case ADMIN_PROHIBITED_V4 -> sendIcmp4(Icmp4Error.ADMIN_PROHIBITED, buf, off, len, p.destination4());
            case PORT_UNREACHABLE_V4 -> sendIcmp4(Icmp4Error.PORT_UNREACHABLE, buf, off, len, p.destination4());
            case NONE -> {}
        }
        return v == Verdict.STORED_TYPE1 || v == Verdict.STORED_TYPE2 ? Result.STOLEN : Result.DROPPED;
    }

    private static Stat statOf(Verdict v) {
        return switch (v) {
            case POOL4_EXHAUSTED -> Stat.BIB6_NOT_FOUND;
            case NO_BIB -> Stat.BIB4_NOT_FOUND;
            case FILTERED -> Stat.ADF;
            case SYN6_EXPECTED -> Stat.SYN6_EXPECTED;
            case SYN4_EXPECTED -> Stat.SYN4_EXPECTED;
            case EXTERNAL_SYN -> Stat.V4_SYN;
            case SO_EXISTS -> Stat.SO_EXISTS;
            case SO_FULL -> Stat.SO_FULL;
            case STORED_TYPE1 -> Stat.TYPE1PKT;
            case STORED_TYPE2 -> Stat.TYPE2PKT;
            case STATE_DROP -> Stat.SO_EXISTS; // an IPv4 retry while a type 2 SYN is held
            case SESSION_TABLE_FULL -> Stat.ENOMEM; // Jool counts a session it cannot allocate here
            case TRANSLATE -> Stat.UNKNOWN;
        };
    }

    /** Sends the ICMPv6 error {@code kind} about an IPv6 packet, from its destination (pool6 + IPv4 peer). */
    private void sendIcmp6(Icmp6Error kind, int extra, byte[] buf, int off, int len, PacketInfo p) {
        int n = errors.toIpv6(kind, extra, buf, off, len, p.destination6High(), p.destination6Low(), control, 0);
        sendError(n, Stat.ICMP6ERR_SUCCESS, Stat.ICMP6ERR_FAILURE);
    }

    /** Sends the ICMPv4 error {@code kind} about an IPv4 packet, from {@code src4} (our pool4 address). */
    private void sendIcmp4(Icmp4Error kind, byte[] buf, int off, int len, int src4) {
        int n = errors.toIpv4(kind, 0, buf, off, len, src4, control, 0);
        sendError(n, Stat.ICMP4ERR_SUCCESS, Stat.ICMP4ERR_FAILURE);
    }

    private void sendError(int n, Stat success, Stat failure) {
        if (n > 0) {
            counters.inc(success);
            send(control, 0, n);
        } else if (n != DropReason.ICMP_ERROR_SUPPRESSED.code()) {
            counters.inc(failure);
        }
    }

    /** The RFC 6146 probe of an established session whose timer ran out (owner thread). */
    void sendProbe(Session s) {
        int n = TcpProbe.write(
                s.dst6().high(),
                s.dst6().low(),
                s.dst6Port(),
                s.src6().high(),
                s.src6().low(),
                s.src6Port(),
                control,
                0);
        if (n > 0) {
            send(control, 0, n);
        }
    }

    /** ICMP port unreachable for a simultaneous-open SYN that waited 6 seconds in vain (owner thread). */
    void sendPortUnreachable(byte[] storedIpv4Packet) {
        int dst = storedIpv4Packet.length >= 20
                ? ((storedIpv4Packet[16] & 0xff) << 24)
                        | ((storedIpv4Packet[17] & 0xff) << 16)
                        | ((storedIpv4Packet[18] & 0xff) << 8)
                        | (storedIpv4Packet[19] & 0xff)
                : 0;
        sendIcmp4(Icmp4Error.PORT_UNREACHABLE, storedIpv4Packet, 0, storedIpv4Packet.length, dst);
    }

    private boolean isOurs(L4Protocol proto, int addr4, int port) {
        return pool4.contains(proto, addr4, port);
    }

    private void send(byte[] buf, int off, int len) {
        if (!hasOutput) {
            counters.inc(Stat.DST_OUTPUT);
            return;
        }
        output.send(buf, off, len);
    }

    private Result dropped(int code, boolean ipv6) {
        counters.inc(statOf(DropReason.fromCode(code), ipv6));
        return Result.DROPPED;
    }

    /** The Jool counter for a parse or translation failure. */
    static Stat statOf(DropReason r, boolean ipv6) {
        return switch (r) {
            case BAD_BOUNDS, TRUNCATED, INNER_TRUNCATED -> Stat.SKB_TRUNCATED;
            case BAD_VERSION,
                    BAD_HEADER_LENGTH,
                    BAD_TOTAL_LENGTH,
                    BAD_IPV4_CHECKSUM,
                    INNER_BAD_VERSION,
                    INNER_BAD_HEADER_LENGTH,
                    INNER_BAD_TOTAL_LENGTH,
                    BAD_TCP_HEADER_LENGTH,
                    BAD_UDP_LENGTH,
                    BAD_ICMP_LENGTH -> ipv6 ? Stat.HDR6 : Stat.HDR4;
            case UNSUPPORTED_EXTENSION_HEADER -> Stat.XLAT64_FRAG_THEN_EXT;
            case SEGMENTS_LEFT -> Stat.XLAT64_SEGMENTS_LEFT;
            case SOURCE_ROUTE -> Stat.XLAT46_SRC_ROUTE;
            case FRAGMENTED, INNER_FRAGMENT -> ipv6 ? Stat.XLAT64_FRAGMENTED_ICMP : Stat.XLAT46_FRAGMENTED_ICMP;
            case UNSUPPORTED_L4_PROTOCOL -> Stat.UNKNOWN_L4_PROTO;
            case UNSUPPORTED_ICMP_TYPE, UNSUPPORTED_ICMP_CODE ->
                ipv6 ? Stat.UNKNOWN_ICMP6_TYPE : Stat.UNKNOWN_ICMP4_TYPE;
            case UNTRANSLATABLE_POINTER ->
                ipv6 ? Stat.XLAT64_UNTRANSLATABLE_PARAM_PROB_PTR : Stat.XLAT46_UNTRANSLATABLE_PARAM_PROBLEM_PTR;
            case BAD_ICMP_CHECKSUM -> ipv6 ? Stat.XLAT64_ICMP_CSUM : Stat.XLAT46_ICMP_CSUM;
            case INNER_UNSUPPORTED_PROTOCOL -> Stat.UNKNOWN_PROTO_INNER;
            case INNER_ICMP_ERROR -> ipv6 ? Stat.DOUBLE_ICMP6_ERROR : Stat.DOUBLE_ICMP4_ERROR;
            case TTL_EXPIRED -> ipv6 ? Stat.XLAT64_TTL : Stat.XLAT46_TTL;
            case ICMPV6_INFO_DROPPED -> Stat.ICMP6_FILTER;
            case TOO_BIG -> Stat.PKT_TOO_BIG;
            case OUTPUT_TOO_SMALL, NOT_PARSED, ICMP_ERROR_SUPPRESSED -> Stat.UNKNOWN;
        };
    }
}
