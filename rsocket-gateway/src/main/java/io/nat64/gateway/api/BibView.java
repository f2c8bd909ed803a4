package io.nat64.gateway.api;

import io.nat64.core.session.BibEntry;

/** One BIB entry: protocol, IPv6 transport address, its IPv4 mask, and whether it is static. */
public record BibView(String protocol, String src6, int src6Port, String src4, int src4Port, boolean isStatic) {

    /** The view of {@code b}. */
    public static BibView of(BibEntry b) {
        return new BibView(
                b.protocol().name(),
                b.src6().toString(),
                b.src6Port(),
                b.src4().toString(),
                b.src4Port(),
                b.isStatic());
    }
}
