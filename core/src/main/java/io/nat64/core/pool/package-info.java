/**
 * pool6 (the RFC 6052 prefix that maps IPv4 addresses into IPv6) and pool4 (the IPv4 transport addresses
 * a NAT64 masks IPv6 clients behind, with Jool's RFC 6056 allocation).
 *
 * <p>Nothing here owns a thread or reads a clock. {@link io.nat64.core.pool.Pool6} is immutable;
 * {@link io.nat64.core.pool.Pool4} is mutated and queried by the instance's owner thread only.
 */
@NullMarked
package io.nat64.core.pool;

import org.jspecify.annotations.NullMarked;
