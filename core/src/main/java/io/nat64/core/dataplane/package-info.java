/**
 * The data plane: reader threads that move packets from a TUN device to an instance's owner thread in bounded
 * batches, and the owner-side writer that puts translated packets back into the device.
 *
 * <p>{@link io.nat64.core.dataplane.TunDataPlane} is the entry point. This package uses only the public API of
 * {@link io.nat64.core.tun.TunDevice}; it never touches JNA.
 */
@NullMarked
package io.nat64.core.dataplane;

import org.jspecify.annotations.NullMarked;
