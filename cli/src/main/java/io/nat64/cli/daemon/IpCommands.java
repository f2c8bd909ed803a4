package io.nat64.cli.daemon;

import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.pool.Pool4Entry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The commands an operator runs after the daemon created a TUN device: bring it up and route pool6 and every pool4
 * prefix into it, with forwarding on. The daemon prints them and never runs them (routing is the operator's).
 */
final class IpCommands {
    private IpCommands() {}

    /** The commands for {@code plan}, whose device the kernel named {@code device}. */
    static List<String> of(DaemonPlan.InstancePlan plan, String device) {
        List<String> out = new ArrayList<>();
        out.add("ip link set dev " + device + " up");
        out.add("ip -6 route add " + plan.config().pool6() + " dev " + device);
        Set<Ipv4Prefix> prefixes = new LinkedHashSet<>();
        for (Pool4Entry e : plan.pool4()) {
            prefixes.add(e.prefix());
        }
        for (Ipv4Prefix p : prefixes) {
            out.add("ip -4 route add " + p + " dev " + device);
        }
        out.add("sysctl -w net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1");
        return out;
    }
}
