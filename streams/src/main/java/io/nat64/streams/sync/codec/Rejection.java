package io.nat64.streams.sync.codec;

/**
 * Why a datagram was refused as a whole; nothing of it may be merged.
 *
 * @param reason the counted reason
 * @param offset the offset in the datagram where the problem was found (for logs)
 */
public record Rejection(RejectReason reason, int offset) implements Decoded {}
