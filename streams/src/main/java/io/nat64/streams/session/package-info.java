/**
 * The consumers of an instance's session stream behind {@code nat64 session}: {@link
 * io.nat64.streams.session.SessionFollow} (follow), {@link io.nat64.streams.session.SessionSnapshot}
 * (display) and {@link io.nat64.streams.session.SessionAdvertise} (advertise, and catch-up then live for
 * replication).
 *
 * <p>Threading: every table read and every filter runs on the instance's owner thread, in small pieces;
 * every subscriber is served on its own worker of a delivery scheduler, through a bounded buffer, so no
 * subscriber ever runs code on, or holds up, the owner thread.
 */
@NullMarked
package io.nat64.streams.session;

import org.jspecify.annotations.NullMarked;
