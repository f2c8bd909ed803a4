package io.nat64.gateway.api;

/**
 * The first payload of {@code sync.merge}: which instance merges, and how to read the datagrams that follow.
 *
 * @param instance the instance
 * @param format the datagrams' wire format, {@code nat64} or {@code jool}
 * @param nodeId the sending proxy's own node id in hex ({@code nat64} format), so that its own datagrams, looped
 *     back, are refused; {@code 0} for {@code jool}
 */
public record SyncMergeRequest(String instance, String format, String nodeId) {}
