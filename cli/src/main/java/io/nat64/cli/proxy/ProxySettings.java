package io.nat64.cli.proxy;

import io.nat64.streams.sync.codec.SyncFormat;
import io.nat64.streams.sync.net.MulticastConfig;
import io.nat64.streams.sync.net.ServicePorts;
import io.nat64.streams.sync.net.StatsServer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The flags of {@code nat64 session proxy}, checked, with Jool's defaults (jool-session.md 6.7, 6.8) and
 * {@code --net.format} (decisions.md).
 *
 * @param network the multicast side: NET_MCAST_ADDR, --net.mcast.port (6400), --net.dev.in, --net.dev.out,
 *     --net.ttl (1); null without NET_MCAST_ADDR (RSocket peers only)
 * @param format --net.format, {@code nat64} (default) or {@code jool}
 * @param statsEnabled whether the stats server runs: only if --stats.address or --stats.port was given
 * @param statsAddress --stats.address (default {@code ::})
 * @param statsPort --stats.port (default 6401)
 */
public record ProxySettings(
        @Nullable MulticastConfig network,
        SyncFormat format,
        boolean statsEnabled,
        String statsAddress,
        int statsPort) {

    /** The settings from the flags' text (null: not given); throws {@link IllegalArgumentException} naming the flag. */
    public static ProxySettings parse(
            @Nullable String group,
            @Nullable String port,
            @Nullable String devIn,
            @Nullable String devOut,
            @Nullable String ttl,
            @Nullable String format,
            @Nullable String statsAddress,
            @Nullable String statsPort) {
        Integer t = null;
        if (ttl != null) {
            try {
                t = Integer.valueOf(ttl.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--net.ttl must be a number from 0 to 255, not '" + ttl + "'");
            }
        }
        @Nullable MulticastConfig network = group == null ? null : MulticastConfig.parse(group, port, devIn, devOut, t);
        int sp;
        try {
            sp = statsPort == null ? StatsServer.DEFAULT_PORT : ServicePorts.parse(statsPort);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--stats.port: " + e.getMessage(), e);
        }
        return new ProxySettings(
                network,
                format == null ? SyncFormat.NAT64 : SyncFormat.parse(format.strip()),
                StatsServer.enabled(statsAddress, statsPort),
                statsAddress == null ? StatsServer.DEFAULT_ADDRESS : statsAddress.strip(),
                sp);
    }

    /** An address as people write it (RFC 5952 for IPv6, where Java writes every group of zeros). */
    static String text(java.net.InetAddress a) {
        if (a instanceof java.net.Inet6Address) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(a.getAddress());
            return new io.nat64.core.addr.Ipv6Address(b.getLong(), b.getLong()).toString();
        }
        return a.getHostAddress();
    }

    /** Jool's "Config:" block, with an unset device as {@code (null)}, plus our format and node id. */
    public List<String> configLines(String instance, long nodeId) {
        List<String> lines = new ArrayList<>();
        lines.add("Config:");
        lines.add("  mod.instance: " + instance);
        MulticastConfig network = this.network;
        if (network != null) {
            lines.add("  net.mcast.addr: " + text(network.group()));
            lines.add("  net.mcast.port: " + network.port());
            lines.add("  net.dev.in: " + (network.devIn() == null ? "(null)" : network.devIn()));
            lines.add("  net.dev.out: " + (network.devOut() == null ? "(null)" : network.devOut()));
            lines.add("  net.ttl: " + network.ttl());
        }
        lines.add("  net.format: " + format);
        if (format == SyncFormat.NAT64) {
            lines.add("  net.node-id: " + Long.toHexString(nodeId));
        }
        if (statsEnabled) {
            lines.add("  stats.address: " + statsAddress);
            lines.add("  stats.port: " + statsPort);
        }
        return lines;
    }
}
