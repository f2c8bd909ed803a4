package io.nat64.core.session;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;

/** An immutable copy of one BIB entry: the IPv6 transport address, its IPv4 mask, and whether it is static. */
public record BibEntry(
        L4Protocol protocol, Ipv6Address src6, int src6Port, Ipv4Address src4, int src4Port, boolean isStatic) {

    /** Validates the ports. */
    public BibEntry {
        if (src6Port < 0 || src6Port > 65535 || src4Port < 0 || src4Port > 65535) {
            throw new IllegalArgumentException("ports must be 0 to 65535");
        }
    }
}
