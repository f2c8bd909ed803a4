package io.nat64.streams.sync.codec;

import java.util.Locale;

/** The wire formats {@code --net.format} selects. */
public enum SyncFormat {
    /** Ours (the default): a header with magic, version, node id and sequence, 36-byte records, a CRC32C. */
    NAT64,
    /** Jool 4.1.13+'s: no header, 40-byte Netlink attributes, for syncing with Jool nodes. */
    JOOL;

    /** The format named {@code text} ({@code nat64} or {@code jool}, any case). */
    public static SyncFormat parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "nat64" -> NAT64;
            case "jool" -> JOOL;
            default -> throw new IllegalArgumentException("unknown sync format '" + text + "' (nat64 or jool)");
        };
    }

    /** A codec of this format; {@code nodeId} is used only by {@link #NAT64}. */
    public SyncCodec codec(long nodeId) {
        return this == NAT64 ? SyncCodec.nat64(nodeId) : SyncCodec.jool();
    }

    /** The flag value, e.g. {@code nat64}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
