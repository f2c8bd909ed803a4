package io.nat64.streams.sync.codec;

/** What {@link SyncCodec#decode} made of a datagram: a {@link SyncBatch} or a {@link Rejection}. */
public sealed interface Decoded permits SyncBatch, Rejection {}
