package io.nat64.core.tun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Brings a fresh TUN interface up with an IPv6 address, quietly: the platform notes' recipe in one call. */
final class TunSetup {

    private TunSetup() {}

    /**
     * Silences Router Solicitations and DAD on {@code device}, sets it up and adds {@code cidr} with {@code nodad},
     * so the reader sees almost only the traffic a test sends (MLD reports may still come).
     */
    static void up(String device, String cidr) {
        sysctl(device, "router_solicitations", "0");
        sysctl(device, "accept_dad", "0");
        Netns.run(Netns.COMMAND_TIMEOUT, "ip", "link", "set", "dev", device, "up")
                .check();
        Netns.run(Netns.COMMAND_TIMEOUT, "ip", "-6", "addr", "add", cidr, "dev", device, "nodad")
                .check();
    }

    private static void sysctl(String device, String key, String value) {
        try {
            Files.writeString(Path.of("/proc/sys/net/ipv6/conf", device, key), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set net.ipv6.conf." + device + "." + key, e);
        }
    }
}
