/**
 * Datagram transports for session synchronisation (IPv4/IPv6 multicast, in-memory) and the proxy's stats
 * server. Sockets are plain JDK {@code DatagramChannel}s read and written on dedicated threads.
 */
@NullMarked
package io.nat64.streams.sync.net;

import org.jspecify.annotations.NullMarked;
