package io.nat64.bench;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.Globals;
import io.nat64.core.pool.Pool4;
import io.nat64.core.pool.Pool4Entry;
import io.nat64.core.pool.Pool6;
import io.nat64.core.session.BibTable;
import io.nat64.core.session.Mapping;
import io.nat64.core.session.SessionDb;
import io.nat64.core.session.SessionListener;
import io.nat64.core.session.TcpSegment;
import io.nat64.core.session.Verdict;

/**
 * The synthetic flows of every benchmark, a pure function of (BIB entry index, peer index), on documentation
 * addresses only: BIB entry {@code b} is {@code [2001:db8::(b / 16 + 1)]:(32768 + b % 16)} (16 ports per IPv6
 * client), and its {@code p}-th session talks to {@code 198.51.100.(1 + (b + p) % servers)} port 443 (254 servers
 * unless a benchmark says otherwise) through pool6
 * {@code 64:ff9b::/96}. pool4 is {@code 203.0.113.0/26}, ports 1-65535, for TCP and UDP (4.2 million transport
 * addresses, so 1,000,000 BIB entries fill a quarter of it). Not thread-safe: the {@link Mapping} is the
 * caller's.
 */
final class Flows {
    /** The /64 of every IPv6 client. */
    static final long SRC6_HIGH = 0x20010db8_00000000L;
    /** The servers' port. */
    static final int SERVER_PORT = 443;
    /** When the benchmark tables are filled (ms, an arbitrary origin). */
    static final long START = 1_000_000L;

    static final Pool6 POOL6 = Pool6.of(Ipv6Prefix.parse("64:ff9b::/96"));
    /** The high half of every server's IPv6 representation (pool6 is a /96). */
    static final long DST6_HIGH = POOL6.embedHigh(0);

    static final int SYN6 = TcpSegment.fromIpv6(TcpSegment.SYN);
    static final int SYN4 = TcpSegment.fromIpv4(TcpSegment.SYN);
    static final int ACK6 = TcpSegment.fromIpv6(0);
    static final int ACK4 = TcpSegment.fromIpv4(0);

    /** How many servers there are at most: 198.51.100.1 to 198.51.100.254. */
    static final int MAX_SERVERS = 254;

    private static final int PORTS_PER_CLIENT = 16;
    private static final int SERVER_NET = Ipv4Address.parseBits("198.51.100.0");
    private static final Ipv4Prefix POOL4_PREFIX = Ipv4Prefix.parse("203.0.113.0/26");
    private static final byte[] NO_PACKET = new byte[0];

    private Flows() {}

    /** Empty tables over a fixed pool4 secret and hash seed, so that runs are repeatable. */
    static SessionDb newDb(SessionListener listener) {
        Pool4 pool4 = new Pool4(0x0123456789abcdefL, 0x0fedcba987654321L);
        pool4.add(Pool4Entry.of(L4Protocol.TCP, POOL4_PREFIX, 1, 65535));
        pool4.add(Pool4Entry.of(L4Protocol.UDP, POOL4_PREFIX, 1, 65535));
        return new SessionDb(POOL6, pool4, Globals.defaults(), listener, 0x6e61743634L);
    }

    static long src6Low(int bib) {
        return bib / PORTS_PER_CLIENT + 1L;
    }

    static int src6Port(int bib) {
        return 32768 + bib % PORTS_PER_CLIENT;
    }

    static int dst4(int bib, int peer) {
        return dst4(bib, peer, MAX_SERVERS);
    }

    /** The server of session {@code peer} of entry {@code bib} when there are only {@code servers} of them. */
    static int dst4(int bib, int peer, int servers) {
        return SERVER_NET | (1 + (bib + peer) % servers);
    }

    static long dst6Low(int dst4) {
        return POOL6.embedLow(dst4);
    }

    /** An IPv6 SYN of BIB entry {@code bib} to server {@code dst4}; {@code m} gets the mask. */
    static Verdict syn6(BibTable t, int bib, int dst4, long now, Mapping m) {
        return t.tcp6(
                SRC6_HIGH, src6Low(bib), src6Port(bib), DST6_HIGH, dst6Low(dst4), dst4, SERVER_PORT, SYN6, now, m);
    }

    /** Opens an ESTABLISHED TCP session (IPv6 SYN, then the server's SYN+ACK); {@code m} gets the mask. */
    static void openTcp(BibTable t, int bib, int dst4, long now, Mapping m) {
        expect(syn6(t, bib, dst4, now, m));
        expect(t.tcp4(m.src4Addr(), m.src4Port(), dst4, SERVER_PORT, SYN4, NO_PACKET, 0, 0, now, m));
    }

    /** Opens a UDP session of BIB entry {@code bib} to server {@code dst4}; {@code m} gets the mask. */
    static void openUdp(BibTable t, int bib, int dst4, long now, Mapping m) {
        expect(t.udpIcmp6(SRC6_HIGH, src6Low(bib), src6Port(bib), DST6_HIGH, dst6Low(dst4), dst4, SERVER_PORT, now, m));
    }

    /** Fills {@code t} ({@code protocol} TCP or UDP) with {@code sessions} sessions, {@code perBib} per entry. */
    static void fill(BibTable t, int sessions, int perBib, long now) {
        Mapping m = new Mapping();
        for (int i = 0; i < sessions; i++) {
            int dst4 = dst4(i / perBib, i % perBib);
            if (t.protocol() == L4Protocol.TCP) {
                openTcp(t, i / perBib, dst4, now, m);
            } else {
                openUdp(t, i / perBib, dst4, now, m);
            }
        }
        expectCounts(t, sessions, (sessions + perBib - 1) / perBib);
    }

    static void expect(Verdict v) {
        if (v != Verdict.TRANSLATE) {
            throw new IllegalStateException("expected TRANSLATE, got " + v);
        }
    }

    static void expectCounts(BibTable t, int sessions, int bibs) {
        if (t.sessionCount() != sessions || t.bibCount() != bibs) {
            throw new IllegalStateException("expected " + sessions + " sessions and " + bibs + " BIB entries, found "
                    + t.sessionCount() + " and " + t.bibCount());
        }
    }
}
