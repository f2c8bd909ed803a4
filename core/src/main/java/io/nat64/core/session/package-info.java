/**
 * BIB and session tables (RFC 6146 section 3), their expiry queues, and the values they publish.
 *
 * <p>Nothing here owns a thread or reads a clock: every operation takes {@code now} in milliseconds and
 * is called by the instance's owner thread only.
 */
@NullMarked
package io.nat64.core.session;

import org.jspecify.annotations.NullMarked;
