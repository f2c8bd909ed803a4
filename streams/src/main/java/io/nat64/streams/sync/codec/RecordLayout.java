package io.nat64.streams.sync.codec;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.TcpState;
import io.nat64.core.session.TimerType;
import org.jspecify.annotations.Nullable;

/**
 * The 36-byte session record both formats share: Jool 4.1.13+'s attribute payload ({@code jnla_put_session_joold},
 * jool-session.md 6.4), every field big-endian.
 *
 * <pre>
 * offset size field
 *   0    16  src6 address
 *  16     4  src4 address (the mask)
 *  20     4  dst4 address (the IPv4 peer)
 *  24     4  remaining lifetime, ms (u32)
 *  28     2  src6 port / ICMPv6 identifier
 *  30     2  src4 port / ICMPv4 identifier
 *  32     2  dst4 port (ICMP: equal to the src4 identifier)
 *  34     2  (protocol &lt;&lt; 5) | (state &lt;&lt; 2) | timer; protocol 0 TCP, 1 UDP, 2 ICMP; state 0-6
 *            (ESTABLISHED .. TRANS); timer 0 EST, 1 TRANS, 2 SYN4; bits 7-15 zero
 * </pre>
 *
 * <p>A record is impossible, and refused, when a code is unknown, a reserved bit is set, a UDP or ICMP record is
 * not ESTABLISHED on EST, a TCP record's state cannot sit on its timer (EST: ESTABLISHED or a FIN_RCV state;
 * TRANS: any but ESTABLISHED; SYN4: V4_INIT only), or an ICMP record's two identifiers differ. These are the
 * rules the tables keep, so any record that passes is one a healthy peer could send.
 */
final class RecordLayout {
    static final int SIZE = 36;

    private static final L4Protocol[] PROTOCOLS = L4Protocol.values();
    private static final TcpState[] STATES = TcpState.values();
    private static final TimerType[] TIMERS = TimerType.values();

    private RecordLayout() {}

    static void write(byte[] b, int off, SyncRecord r) {
        putLong(b, off, r.src6().high());
        putLong(b, off + 8, r.src6().low());
        putInt(b, off + 16, r.src4().bits());
        putInt(b, off + 20, r.dst4().bits());
        putInt(b, off + 24, (int) r.remainingMillis());
        putShort(b, off + 28, r.src6Port());
        putShort(b, off + 30, r.src4Port());
        putShort(b, off + 32, r.dst4Port());
        putShort(b, off + 34, flags(r.protocol(), r.state(), r.timer()));
    }

    static int flags(L4Protocol protocol, TcpState state, TimerType timer) {
        return (protocol.code() << 5) | (state.code() << 2) | timer.code();
    }

    /** The record at {@code off}, or null if it is impossible (see the class comment). */
    static @Nullable SyncRecord read(byte[] b, int off) {
        int flags = getShort(b, off + 34);
        if (!possible(flags)) {
            return null;
        }
        L4Protocol protocol = PROTOCOLS[flags >>> 5];
        int src4Port = getShort(b, off + 30);
        int dst4Port = getShort(b, off + 32);
        if (protocol == L4Protocol.ICMP && src4Port != dst4Port) {
            return null;
        }
        return new SyncRecord(
                protocol,
                new Ipv6Address(getLong(b, off), getLong(b, off + 8)),
                getShort(b, off + 28),
                new Ipv4Address(getInt(b, off + 16)),
                src4Port,
                new Ipv4Address(getInt(b, off + 20)),
                dst4Port,
                STATES[(flags >>> 2) & 7],
                TIMERS[flags & 3],
                getInt(b, off + 24) & 0xffff_ffffL);
    }

    /** Whether the protocol/state/timer word is one a healthy peer could send. */
    static boolean possible(int flags) {
        if ((flags & ~0x7f) != 0) {
            return false;
        }
        int protocol = flags >>> 5;
        int state = (flags >>> 2) & 7;
        int timer = flags & 3;
        if (protocol >= PROTOCOLS.length || state >= STATES.length || timer >= TIMERS.length) {
            return false;
        }
        if (PROTOCOLS[protocol] != L4Protocol.TCP) {
            return state == TcpState.ESTABLISHED.code() && timer == TimerType.EST.code();
        }
        TcpState s = STATES[state];
        return switch (TIMERS[timer]) {
            case EST -> s == TcpState.ESTABLISHED || s == TcpState.V4_FIN_RCV || s == TcpState.V6_FIN_RCV;
            case TRANS -> s != TcpState.ESTABLISHED;
            case SYN4 -> s == TcpState.V4_INIT;
        };
    }

    static void putLong(byte[] b, int off, long v) {
        putInt(b, off, (int) (v >>> 32));
        putInt(b, off + 4, (int) v);
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static void putShort(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static long getLong(byte[] b, int off) {
        return ((long) getInt(b, off) << 32) | (getInt(b, off + 4) & 0xffff_ffffL);
    }

    static int getInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    static int getShort(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }
}
