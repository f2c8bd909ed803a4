/**
 * Peer replication over RSocket (issue 8): a node serves its replication stream (a catch-up of the whole
 * session table, then live batches) to peer nodes, and subscribes to theirs, for networks without multicast.
 * {@link io.nat64.gateway.peer.PeerServer} and {@link io.nat64.gateway.peer.PeerClient} are the two network
 * sides; the {@code session proxy} process wires them to the daemon's {@code sync.catchup} and {@code sync.merge}
 * routes.
 */
@NullMarked
package io.nat64.gateway.peer;

import org.jspecify.annotations.NullMarked;
