/**
 * RFC 7915 header translation between IPv6 and IPv4 as Jool's NAT64 does it, the ICMP errors the translator
 * sends itself, and the TCP probe of RFC 6146 section 3.5.2.2. Allocation-free on the per-packet path.
 */
@NullMarked
package io.nat64.core.translate;

import org.jspecify.annotations.NullMarked;
