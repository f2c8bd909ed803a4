/**
 * The Linux TUN device through JNA: the only package of the project that touches native code.
 *
 * <p>{@link io.nat64.core.tun.TunDevice} is the public entry point; the libc declarations stay package-private
 * so no other package can depend on JNA.
 */
@NullMarked
package io.nat64.core.tun;

import org.jspecify.annotations.NullMarked;
