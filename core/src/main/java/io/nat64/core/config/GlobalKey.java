package io.nat64.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every global that {@code global update KEY VALUE} accepts, with Jool's name and text syntax.
 *
 * <p>{@code GlobalKey.byName("udp-timeout").orElseThrow().format(globals)} is {@code "0:05:00"}.
 */
public enum GlobalKey {
    UDP_TIMEOUT("udp-timeout", Type.TIMEOUT, g -> g.udpTimeout(), (b, v) -> b.udpTimeout = (long) v),
    TCP_EST_TIMEOUT("tcp-est-timeout", Type.TIMEOUT, g -> g.tcpEstTimeout(), (b, v) -> b.tcpEstTimeout = (long) v),
    TCP_TRANS_TIMEOUT(
            "tcp-trans-timeout", Type.TIMEOUT, g -> g.tcpTransTimeout(), (b, v) -> b.tcpTransTimeout = (long) v),
    ICMP_TIMEOUT("icmp-timeout", Type.TIMEOUT, g -> g.icmpTimeout(), (b, v) -> b.icmpTimeout = (long) v),
    MAXIMUM_SIMULTANEOUS_OPENS(
            "maximum-simultaneous-opens",
            Type.U32,
            g -> (long) g.maximumSimultaneousOpens(),
            (b, v) -> b.maximumSimultaneousOpens = (int) (long) v),
    HANDLE_RST_DURING_FIN_RCV(
            "handle-rst-during-fin-rcv",
            Type.BOOL,
            g -> g.handleRstDuringFinRcv(),
            (b, v) -> b.handleRstDuringFinRcv = (boolean) v),
    DROP_EXTERNALLY_INITIATED_TCP(
            "drop-externally-initiated-tcp",
            Type.BOOL,
            g -> g.dropExternallyInitiatedTcp(),
            (b, v) -> b.dropExternallyInitiatedTcp = (boolean) v),
    ADDRESS_DEPENDENT_FILTERING(
            "address-dependent-filtering",
            Type.BOOL,
            g -> g.addressDependentFiltering(),
            (b, v) -> b.addressDependentFiltering = (boolean) v),
    DROP_ICMPV6_INFO("drop-icmpv6-info", Type.BOOL, g -> g.dropIcmpv6Info(), (b, v) -> b.dropIcmpv6Info = (boolean) v),
    LOGGING_BIB("logging-bib", Type.BOOL, g -> g.loggingBib(), (b, v) -> b.loggingBib = (boolean) v),
    LOGGING_SESSION("logging-session", Type.BOOL, g -> g.loggingSession(), (b, v) -> b.loggingSession = (boolean) v),
    F_ARGS("f-args", Type.U32, g -> (long) g.fArgs(), (b, v) -> b.fArgs = (int) (long) v),
    SS_ENABLED("ss-enabled", Type.BOOL, g -> g.ssEnabled(), (b, v) -> b.ssEnabled = (boolean) v),
    SS_FLUSH_ASAP("ss-flush-asap", Type.BOOL, g -> g.ssFlushAsap(), (b, v) -> b.ssFlushAsap = (boolean) v),
    SS_FLUSH_DEADLINE("ss-flush-deadline", Type.U32, g -> g.ssFlushDeadline(), (b, v) -> b.ssFlushDeadline = (long) v),
    SS_CAPACITY("ss-capacity", Type.U32, g -> (long) g.ssCapacity(), (b, v) -> b.ssCapacity = (int) (long) v),
    SS_MAX_PAYLOAD("ss-max-payload", Type.U32, g -> (long) g.ssMaxPayload(), (b, v) -> b.ssMaxPayload = (int) (long) v),
    SS_MAX_SESSIONS_PER_PACKET(
            "ss-max-sessions-per-packet",
            Type.U32,
            g -> (long) g.ssMaxSessionsPerPacket(),
            (b, v) -> b.ssMaxSessionsPerPacket = (int) (long) v),
    ZEROIZE_TRAFFIC_CLASS(
            "zeroize-traffic-class",
            Type.BOOL,
            g -> g.zeroizeTrafficClass(),
            (b, v) -> b.zeroizeTrafficClass = (boolean) v),
    OVERRIDE_TOS("override-tos", Type.BOOL, g -> g.overrideTos(), (b, v) -> b.overrideTos = (boolean) v),
    TOS("tos", Type.U32, g -> (long) g.tos(), (b, v) -> b.tos = (int) (long) v),
    LOWEST_IPV6_MTU(
            "lowest-ipv6-mtu", Type.U32, g -> (long) g.lowestIpv6Mtu(), (b, v) -> b.lowestIpv6Mtu = (int) (long) v),
    SOURCE_ICMPV6_ERRORS_BETTER(
            "source-icmpv6-errors-better",
            Type.BOOL,
            g -> g.sourceIcmpv6ErrorsBetter(),
            (b, v) -> b.sourceIcmpv6ErrorsBetter = (boolean) v);

    /** The text syntax of a global's value. */
    public enum Type {
        /** true/false/1/0/yes/no/on/off, any case. */
        BOOL,
        /** An unsigned 32-bit integer. */
        U32,
        /** {@code [HH:[MM:]]SS[.mmm]}. */
        TIMEOUT
    }

    private final String jsonName;
    private final Type type;
    private final Function<Globals, Object> getter;
    private final BiConsumer<Builder, Object> setter;

    GlobalKey(String name, Type type, Function<Globals, Object> getter, BiConsumer<Builder, Object> setter) {
        this.jsonName = name;
        this.type = type;
        this.getter = getter;
        this.setter = setter;
    }

    /** Jool's name of this global, e.g. {@code ss-enabled}. */
    public String jsonName() {
        return jsonName;
    }

    /** The syntax of this global's value. */
    public Type type() {
        return type;
    }

    /** The global named {@code name} (case-insensitive), if there is one. */
    public static Optional<GlobalKey> byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.jsonName.equals(n)).findFirst();
    }

    /** This global's value in {@code g}, formatted as {@code global display} shows it. */
    public String format(Globals g) {
        Object v = getter.apply(g);
        return type == Type.TIMEOUT ? Timeouts.format((Long) v) : v.toString();
    }

    /** {@code g} with this global parsed from {@code text}; an {@link IllegalArgumentException} names the global. */
    public Globals apply(Globals g, String text) {
        Object value = parse(text);
        Builder b = new Builder(g);
        setter.accept(b, value);
        return b.build();
    }

    private Object parse(String text) {
        String t = text.trim();
        switch (type) {
            case BOOL:
                switch (t.toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes", "on":
                        return Boolean.TRUE;
                    case "false", "0", "no", "off":
                        return Boolean.FALSE;
                    default:
                        throw new IllegalArgumentException(
                                jsonName + " expects a boolean (true/false/1/0/yes/no/on/off), not '" + text + "'");
                }
            case U32:
                try {
                    long v = Long.parseLong(t);
                    if (v < 0 || v > 0xffffffffL) {
                        throw new NumberFormatException();
                    }
                    if (v > Integer.MAX_VALUE && this != SS_FLUSH_DEADLINE) {
                        throw new IllegalArgumentException(jsonName + " is too large: " + text);
                    }
                    return v;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            jsonName + " expects an unsigned 32-bit integer, not '" + text + "'", e);
                }
            case TIMEOUT:
            default:
                try {
                    return Timeouts.parse(t);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(jsonName + ": " + e.getMessage(), e);
                }
        }
    }

    /** A mutable copy used only to rebuild the record with one field changed. */
    static final class Builder {
        long udpTimeout;
        long tcpEstTimeout;
        long tcpTransTimeout;
        long icmpTimeout;
        int maximumSimultaneousOpens;
        boolean handleRstDuringFinRcv;
        boolean dropExternallyInitiatedTcp;
        boolean addressDependentFiltering;
        boolean dropIcmpv6Info;
        boolean loggingBib;
        boolean loggingSession;
        int fArgs;
        boolean ssEnabled;
        boolean ssFlushAsap;
        long ssFlushDeadline;
        int ssCapacity;
        int ssMaxPayload;
        int ssMaxSessionsPerPacket;
        boolean zeroizeTrafficClass;
        boolean overrideTos;
        int tos;
        int lowestIpv6Mtu;
        boolean sourceIcmpv6ErrorsBetter;

        Builder(Globals g) {
            udpTimeout = g.udpTimeout();
            tcpEstTimeout = g.tcpEstTimeout();
            tcpTransTimeout = g.tcpTransTimeout();
            icmpTimeout = g.icmpTimeout();
            maximumSimultaneousOpens = g.maximumSimultaneousOpens();
            handleRstDuringFinRcv = g.handleRstDuringFinRcv();
            dropExternallyInitiatedTcp = g.dropExternallyInitiatedTcp();
            addressDependentFiltering = g.addressDependentFiltering();
            dropIcmpv6Info = g.dropIcmpv6Info();
            loggingBib = g.loggingBib();
            loggingSession = g.loggingSession();
            fArgs = g.fArgs();
            ssEnabled = g.ssEnabled();
            ssFlushAsap = g.ssFlushAsap();
            ssFlushDeadline = g.ssFlushDeadline();
            ssCapacity = g.ssCapacity();
            ssMaxPayload = g.ssMaxPayload();
            ssMaxSessionsPerPacket = g.ssMaxSessionsPerPacket();
            zeroizeTrafficClass = g.zeroizeTrafficClass();
            overrideTos = g.overrideTos();
            tos = g.tos();
            lowestIpv6Mtu = g.lowestIpv6Mtu();
            sourceIcmpv6ErrorsBetter = g.sourceIcmpv6ErrorsBetter();
        }

        Globals build() {
            return new Globals(
                    udpTimeout,
                    tcpEstTimeout,
                    tcpTransTimeout,
                    icmpTimeout,
                    maximumSimultaneousOpens,
                    handleRstDuringFinRcv,
                    dropExternallyInitiatedTcp,
                    addressDependentFiltering,
                    dropIcmpv6Info,
                    loggingBib,
                    loggingSession,
                    fArgs,
                    ssEnabled,
                    ssFlushAsap,
                    ssFlushDeadline,
                    ssCapacity,
                    ssMaxPayload,
                    ssMaxSessionsPerPacket,
                    zeroizeTrafficClass,
                    overrideTos,
                    tos,
                    lowestIpv6Mtu,
                    sourceIcmpv6ErrorsBetter);
        }
    }
}
