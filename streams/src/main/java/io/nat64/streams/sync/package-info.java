/**
 * Session synchronisation between NAT64 nodes (Jool's joold): the {@link io.nat64.streams.sync.ReplicationSink}
 * batches an instance's mutations into datagrams, the {@link io.nat64.streams.sync.ReplicationSource} validates
 * datagrams from peers and merges them into the local tables, {@link io.nat64.streams.sync.SessionReplication}
 * wires both to a transport. Wire formats are in {@code codec}, sockets in {@code net}.
 */
@NullMarked
package io.nat64.streams.sync;

import org.jspecify.annotations.NullMarked;
