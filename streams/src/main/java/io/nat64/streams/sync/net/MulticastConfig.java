package io.nat64.streams.sync.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * The proxy's network options, with Jool's names and defaults (jool-session.md 6.7).
 *
 * @param group {@code NET_MCAST_ADDR}: the IPv4 or IPv6 multicast group sessions are sent to and read from
 * @param port {@code --net.mcast.port} (default 6400)
 * @param devIn {@code --net.dev.in}: the interface to join the group on; for an IPv4 group one of its IPv4
 *     addresses (Jool) or its name, for an IPv6 group its name; null lets the route to the group decide
 * @param devOut {@code --net.dev.out}: the interface to send on, same forms; null means {@code devIn}'s
 * @param ttl {@code --net.ttl}: IPv4 TTL or IPv6 hop limit of sent datagrams, 0 to 255 (default 1)
 * @param loopback whether our own datagrams come back to local sockets (Jool: never; tests on one host: yes)
 * @param receiveBuffer the socket receive buffer asked for, in bytes (default 16 MiB); Linux caps it at
 *     {@code net.core.rmem_max} (then doubles it for its bookkeeping), which unprivileged Java cannot exceed: raise
 *     that sysctl on the host to get more (docs/operations.md)
 */
public record MulticastConfig(
        InetAddress group,
        int port,
        @Nullable String devIn,
        @Nullable String devOut,
        int ttl,
        boolean loopback,
        int receiveBuffer) {

    public static final int DEFAULT_PORT = 6400;
    public static final int DEFAULT_TTL = 1;
    /** 16 MiB: about 7,000 datagrams of 36 sessions queued in the kernel (a 1,320-byte datagram costs ~2.3 KiB). */
    public static final int DEFAULT_RECEIVE_BUFFER = 16 << 20;

    /** Checks the group and the ranges. */
    public MulticastConfig {
        if (!group.isMulticastAddress()) {
            throw new IllegalArgumentException(group.getHostAddress() + " is not a multicast address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--net.mcast.port must be 1 to 65535, not " + port);
        }
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("--net.ttl must be 0 to 255, not " + ttl);
        }
        if (receiveBuffer < 1) {
            throw new IllegalArgumentException("receiveBuffer must be positive");
        }
    }

    /** The proxy's options from their text forms; null means the default. The port may be a service name. */
    public static MulticastConfig parse(
            String group,
            @Nullable String port,
            @Nullable String devIn,
            @Nullable String devOut,
            @Nullable Integer ttl) {
        InetAddress address;
        try {
            address = InetAddress.getByName(group.strip());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("NET_MCAST_ADDR: cannot resolve '" + group + "'", e);
        }
        return new MulticastConfig(
                address,
                port == null ? DEFAULT_PORT : ServicePorts.parse(port),
                devIn,
                devOut,
                ttl == null ? DEFAULT_TTL : ttl,
                false,
                DEFAULT_RECEIVE_BUFFER);
    }

    /** The group with the defaults for everything else. */
    public static MulticastConfig of(InetAddress group, int port) {
        return new MulticastConfig(group, port, null, null, DEFAULT_TTL, false, DEFAULT_RECEIVE_BUFFER);
    }

    /** This configuration on interface {@code device} both ways. */
    public MulticastConfig withDevices(@Nullable String in, @Nullable String out) {
        return new MulticastConfig(group, port, in, out, ttl, loopback, receiveBuffer);
    }

    /** This configuration with loopback on or off. */
    public MulticastConfig withLoopback(boolean on) {
        return new MulticastConfig(group, port, devIn, devOut, ttl, on, receiveBuffer);
    }

    /** Whether the group is IPv4. */
    public boolean ipv4() {
        return group instanceof Inet4Address;
    }

    /** Where datagrams are sent. */
    public InetSocketAddress target() {
        return new InetSocketAddress(group, port);
    }
}
