package io.nat64.streams.sync.codec;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.TcpState;
import io.nat64.core.session.TimerType;
import java.util.HexFormat;
import java.util.List;

/** Sample records, one of each shape, and their bytes written out by hand from jool-session.md 6.4. */
final class Records {
    static final Ipv6Address CLIENT = Ipv6Address.parse("2001:db8::1");
    static final Ipv4Address MASK = Ipv4Address.parse("192.0.2.1");
    static final Ipv4Address SERVER = Ipv4Address.parse("198.51.100.7");

    /** TCP ESTABLISHED on EST, 2 h left. */
    static final SyncRecord TCP_EST = new SyncRecord(
            L4Protocol.TCP, CLIENT, 1234, MASK, 61001, SERVER, 80, TcpState.ESTABLISHED, TimerType.EST, 7_200_000);
    /** UDP, 5 min left. */
    static final SyncRecord UDP = new SyncRecord(
            L4Protocol.UDP, CLIENT, 5353, MASK, 61002, SERVER, 53, TcpState.ESTABLISHED, TimerType.EST, 300_000);
    /** ICMP echo: both IPv4 identifiers equal. */
    static final SyncRecord ICMP = new SyncRecord(
            L4Protocol.ICMP, CLIENT, 0x1234, MASK, 61003, SERVER, 61003, TcpState.ESTABLISHED, TimerType.EST, 60_000);
    /** TCP V4_INIT on SYN4, 6 s left. */
    static final SyncRecord TCP_SYN4 = new SyncRecord(
            L4Protocol.TCP, CLIENT, 1235, MASK, 61004, SERVER, 443, TcpState.V4_INIT, TimerType.SYN4, 6_000);
    /** TCP V4_FIN_V6_FIN_RCV on TRANS, 4 min left. */
    static final SyncRecord TCP_TRANS = new SyncRecord(
            L4Protocol.TCP,
            CLIENT,
            1236,
            MASK,
            61005,
            SERVER,
            8080,
            TcpState.V4_FIN_V6_FIN_RCV,
            TimerType.TRANS,
            240_000);

    static final List<SyncRecord> ALL = List.of(TCP_EST, UDP, ICMP, TCP_SYN4, TCP_TRANS);

    // nla_len=40 LE | nla_type=1 LE | src6 | src4 | dst4 | lifetime | src6 port | src4 port | dst4 port | flags
    static final String JOOL_TCP_EST = "2800" + "0100" + "20010db8000000000000000000000001" + "c0000201" + "c6336407"
            + "006ddd00" + "04d2" + "ee49" + "0050" + "0000";
    static final String JOOL_UDP = "2800" + "0100" + "20010db8000000000000000000000001" + "c0000201" + "c6336407"
            + "000493e0" + "14e9" + "ee4a" + "0035" + "0020";
    static final String JOOL_ICMP = "2800" + "0100" + "20010db8000000000000000000000001" + "c0000201" + "c6336407"
            + "0000ea60" + "1234" + "ee4b" + "ee4b" + "0040";
    static final String JOOL_TCP_SYN4 = "2800" + "0100" + "20010db8000000000000000000000001" + "c0000201" + "c6336407"
            + "00001770" + "04d3" + "ee4c" + "01bb" + "000a"; // state 2 << 2 | timer 2
    static final String JOOL_TCP_TRANS = "2800" + "0100" + "20010db8000000000000000000000001" + "c0000201" + "c6336407"
            + "0003a980" + "04d4" + "ee4d" + "1f90" + "0015"; // state 5 << 2 | timer 1

    static final String JOOL_ALL = JOOL_TCP_EST + JOOL_UDP + JOOL_ICMP + JOOL_TCP_SYN4 + JOOL_TCP_TRANS;

    private Records() {}

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
