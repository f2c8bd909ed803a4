package io.nat64.gateway.api;

/**
 * The first payload of {@code sync.merge}: which instance merges, and how to read the datagrams that follow.
 *
 * @param instance the instance
 * @param format the datagrams' wire format, {@code nat64} or {@code jool}
 * @param nodeId the sending proxy's own node id in hex ({@code nat64} format), so that its own datagrams, looped
 *     back, are refused; {@code 0} for {@code jool}
 * @param packing how the payloads carry datagrams: {@code frames} ({@link #FRAMES}: several per payload, as
 *     {@code io.nat64.streams.sync.codec.DatagramFrame} lays them out), or null / {@code datagram}: one per payload
 *     (proxies before frames)
 */
public record SyncMergeRequest(
        String instance, String format, String nodeId, @org.jspecify.annotations.Nullable String packing) {
    /** Several datagrams per payload. */
    public static final String FRAMES = "frames";

    /** One datagram per payload. */
    public SyncMergeRequest(String instance, String format, String nodeId) {
        this(instance, format, nodeId, null);
    }
}
