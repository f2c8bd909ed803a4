package io.nat64.streams.sync.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Multicast on one host for tests: two sockets joined to the same group and port, loopback on so each sees the
 * other's datagrams. IPv4 runs on {@code lo}; IPv6 needs an interface with a multicast route (lo has none), so it
 * takes the first that is up, multicast-capable and has an IPv6 address, and the test is skipped without one.
 * Groups and ports are random, so runs of other worktrees on the same host do not meet.
 */
public final class McastFixture {
    private McastFixture() {}

    /** A random administratively scoped IPv4 group (239.255.0.0/16) and port, on lo. */
    public static MulticastConfig ipv4() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        try {
            InetAddress g = InetAddress.getByName("239.255." + r.nextInt(1, 255) + "." + r.nextInt(1, 255));
            return MulticastConfig.of(g, r.nextInt(20_000, 60_000))
                    .withDevices("127.0.0.1", "127.0.0.1")
                    .withLoopback(true);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A random link-scope IPv6 group (ff02::db8:64:x) on a usable interface, if the host has one. */
    public static Optional<MulticastConfig> ipv6() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return ipv6Interface().map(ni -> {
            try {
                InetAddress g = InetAddress.getByName("ff02::db8:64:" + Integer.toHexString(r.nextInt(1, 0xffff)));
                return MulticastConfig.of(g, r.nextInt(20_000, 60_000))
                        .withDevices(ni.getName(), ni.getName())
                        .withLoopback(true);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Optional<NetworkInterface> ipv6Interface() {
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (ni.isUp()
                        && !ni.isLoopback()
                        && ni.supportsMulticast()
                        && Collections.list(ni.getInetAddresses()).stream().anyMatch(a -> a instanceof Inet6Address)) {
                    return Optional.of(ni);
                }
            }
        } catch (SocketException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
