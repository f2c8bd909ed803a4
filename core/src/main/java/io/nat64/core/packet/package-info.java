/**
 * Parsing of IPv4 and IPv6 packets into a reusable {@link io.nat64.core.packet.PacketInfo}, and the byte and
 * checksum helpers the translator shares. Nothing here allocates per packet or throws on bad input.
 */
@NullMarked
package io.nat64.core.packet;

import org.jspecify.annotations.NullMarked;
