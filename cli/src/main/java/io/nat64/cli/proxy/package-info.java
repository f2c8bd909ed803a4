/**
 * {@code nat64 session proxy}: a long-running process (like the daemon, it may start an event loop) that moves
 * sessions between the daemon's gateway and a multicast group ({@link io.nat64.gateway.SessionProxy}).
 */
@NullMarked
package io.nat64.cli.proxy;

import org.jspecify.annotations.NullMarked;
