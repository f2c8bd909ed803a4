package io.nat64.core.pool;

import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.L4Protocol;

/**
 * A pool4 row as the user adds, removes and displays it: the addresses of a prefix, each with a port range
 * (ICMP identifiers for ICMP), for one protocol.
 *
 * <p>{@code Pool4Entry.of(L4Protocol.TCP, Ipv4Prefix.parse("192.0.2.0/30"))} covers ports 61001-65535 of
 * four addresses.
 */
public record Pool4Entry(L4Protocol protocol, Ipv4Prefix prefix, int minPort, int maxPort) {

    /** First port of the range used when none is given (Jool's documented default for {@code pool4 add}). */
    public static final int DEFAULT_MIN_PORT = 61001;
    /** Last port of the range used when none is given. */
    public static final int DEFAULT_MAX_PORT = 65535;
    /** The most addresses one entry may hold: pool4 keeps one row per address, so a /16 is the limit. */
    public static final long MAX_ADDRESSES = 65536;

    private static final Ipv4Prefix[] REFUSED = {
        Ipv4Prefix.parse("0.0.0.0/8"),
        Ipv4Prefix.parse("127.0.0.0/8"),
        Ipv4Prefix.parse("224.0.0.0/4"),
        Ipv4Prefix.parse("255.255.255.255/32"),
    };
    private static final String[] REFUSED_WHY = {
        "'this network' addresses (0.0.0.0/8)",
        "loopback addresses (127.0.0.0/8)",
        "multicast addresses (224.0.0.0/4)",
        "the broadcast address 255.255.255.255",
    };

    /** Validates the port range, the size of the prefix and that it holds only usable unicast addresses. */
    public Pool4Entry {
        if (minPort < 0 || minPort > 65535 || maxPort < 0 || maxPort > 65535) {
            throw new IllegalArgumentException("pool4 ports must be 0 to 65535, not " + minPort + "-" + maxPort);
        }
        if (minPort > maxPort) {
            throw new IllegalArgumentException(
                    "pool4 port range " + minPort + "-" + maxPort + " is empty: its first port exceeds its last");
        }
        if (minPort == 0 && protocol != L4Protocol.ICMP) {
            throw new IllegalArgumentException(
                    protocol + " cannot use port 0 (Pool4Entry.of moves a range's start from 0 to 1)");
        }
        if (prefix.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("pool4 prefix " + prefix + " holds " + prefix.size()
                    + " addresses; the limit is " + MAX_ADDRESSES
                    + " (a /16), because pool4 keeps a row per address and a shorter prefix is most likely a typo");
        }
        for (int i = 0; i < REFUSED.length; i++) {
            if (overlaps(prefix, REFUSED[i])) {
                throw new IllegalArgumentException(
                        "pool4 prefix " + prefix + " contains " + REFUSED_WHY[i] + ", which cannot be pool4 masks");
            }
        }
    }

    /** An entry whose TCP or UDP range starting at port 0 starts at 1 instead, as Jool does. */
    public static Pool4Entry of(L4Protocol protocol, Ipv4Prefix prefix, int minPort, int maxPort) {
        if (protocol != L4Protocol.ICMP && minPort == 0) {
            if (maxPort == 0) {
                throw new IllegalArgumentException(
                        protocol + " port range 0-0 holds no usable port (port 0 is never a " + protocol + " port)");
            }
            minPort = 1;
        }
        return new Pool4Entry(protocol, prefix, minPort, maxPort);
    }

    /** An entry with the default port range, {@value #DEFAULT_MIN_PORT}-{@value #DEFAULT_MAX_PORT}. */
    public static Pool4Entry of(L4Protocol protocol, Ipv4Prefix prefix) {
        return new Pool4Entry(protocol, prefix, DEFAULT_MIN_PORT, DEFAULT_MAX_PORT);
    }

    /** An entry with every port (1-65535 for TCP and UDP, 0-65535 for ICMP): the default of {@code remove}. */
    public static Pool4Entry allPorts(L4Protocol protocol, Ipv4Prefix prefix) {
        return of(protocol, prefix, 0, 65535);
    }

    /** The number of transport addresses this entry covers. */
    public long transportAddressCount() {
        return prefix.size() * (maxPort - minPort + 1);
    }

    private static boolean overlaps(Ipv4Prefix a, Ipv4Prefix b) {
        return a.length() <= b.length() ? a.contains(b.first()) : b.contains(a.first());
    }

    @Override
    public String toString() {
        return protocol + " " + prefix + " " + minPort + "-" + maxPort;
    }
}
