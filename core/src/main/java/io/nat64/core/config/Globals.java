package io.nat64.core.config;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.TimerType;

/**
 * The per-instance globals that the tables and session synchronisation read, with Jool's names, defaults
 * and minimums ({@code jool-session.md} sections 2.5 and 6.1). Immutable; change one with {@link GlobalKey}.
 *
 * <p>{@code Globals.defaults().with(GlobalKey.SS_ENABLED, "true")}
 */
public record Globals(
        long udpTimeout,
        long tcpEstTimeout,
        long tcpTransTimeout,
        long icmpTimeout,
        int maximumSimultaneousOpens,
        boolean handleRstDuringFinRcv,
        boolean dropExternallyInitiatedTcp,
        boolean addressDependentFiltering,
        boolean dropIcmpv6Info,
        boolean loggingBib,
        boolean loggingSession,
        int fArgs,
        boolean ssEnabled,
        boolean ssFlushAsap,
        long ssFlushDeadline,
        int ssCapacity,
        int ssMaxPayload,
        int ssMaxSessionsPerPacket,
        boolean zeroizeTrafficClass,
        boolean overrideTos,
        int tos,
        int lowestIpv6Mtu,
        boolean sourceIcmpv6ErrorsBetter) {

    /** RFC 6146 UDP_MIN: 2 minutes. */
    public static final long UDP_MIN = 120_000;
    /** RFC 6146 TCP_EST: 2 hours, also the minimum. */
    public static final long TCP_EST_MIN = 7_200_000;
    /** RFC 6146 TCP_TRANS: 4 minutes, also the minimum. */
    public static final long TCP_TRANS_MIN = 240_000;
    /** The fixed simultaneous-open hold of an IPv4 SYN (RFC 6146 section 3.5.2.2): 6 seconds. */
    public static final long TCP_INCOMING_SYN = 6_000;

    /** Validates every field against Jool's limits; the message names the global. */
    public Globals {
        atLeast("udp-timeout", udpTimeout, UDP_MIN);
        atLeast("tcp-est-timeout", tcpEstTimeout, TCP_EST_MIN);
        atLeast("tcp-trans-timeout", tcpTransTimeout, TCP_TRANS_MIN);
        atLeast("icmp-timeout", icmpTimeout, 1);
        for (long t : new long[] {udpTimeout, tcpEstTimeout, tcpTransTimeout, icmpTimeout}) {
            if (t > 0xffffffffL) {
                throw new IllegalArgumentException("timeouts cannot exceed " + Timeouts.format(0xffffffffL));
            }
        }
        atLeast("maximum-simultaneous-opens", maximumSimultaneousOpens, 0);
        if (fArgs < 0 || fArgs > 15) {
            throw new IllegalArgumentException("f-args must be 0 to 15, not " + fArgs);
        }
        atLeast("ss-flush-deadline", ssFlushDeadline, 0);
        atLeast("ss-capacity", ssCapacity, 0);
        atLeast("ss-max-payload", ssMaxPayload, 0);
        atLeast("ss-max-sessions-per-packet", ssMaxSessionsPerPacket, 1);
        if (tos < 0 || tos > 255) {
            throw new IllegalArgumentException("tos must be 0 to 255, not " + tos);
        }
        atLeast("lowest-ipv6-mtu", lowestIpv6Mtu, 1280);
    }

    /** Jool's defaults. */
    public static Globals defaults() {
        return new Globals(
                300_000, 7_200_000, 240_000, 60_000, 10, false, false, false, false, false, false, 0b1011, false, false,
                2000, 512, 1452, 36, false, false, 0, 1280, true);
    }

    /** This configuration with {@code key} set from its text form (Jool's syntax for that type). */
    public Globals with(GlobalKey key, String value) {
        return key.apply(this, value);
    }

    /** The established timeout of {@code protocol}'s EST queue. */
    public long estTimeout(L4Protocol protocol) {
        return switch (protocol) {
            case TCP -> tcpEstTimeout;
            case UDP -> udpTimeout;
            case ICMP -> icmpTimeout;
        };
    }

    /** The lifetime of a session on {@code timer} of {@code protocol}, as Jool derives it from the globals. */
    public long timeout(L4Protocol protocol, TimerType timer) {
        return switch (timer) {
            case EST -> estTimeout(protocol);
            case TRANS -> tcpTransTimeout;
            case SYN4 -> TCP_INCOMING_SYN;
        };
    }

    private static void atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least "
                    + (name.endsWith("timeout") ? Timeouts.format(min) : Long.toString(min)) + ", not "
                    + (name.endsWith("timeout") ? Timeouts.format(value) : Long.toString(value)));
        }
    }
}
