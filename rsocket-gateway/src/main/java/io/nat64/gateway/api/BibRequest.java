package io.nat64.gateway.api;

import org.jspecify.annotations.Nullable;

/**
 * {@code bib add|remove}: the IPv6 and IPv4 transport addresses of a static entry. Add needs both; remove
 * needs at least one (both must then name the same entry). Absent protocol: TCP.
 * {@code {"instance":"default","protocol":"TCP","src6":"2001:db8::5","src6Port":2000,"src4":"192.0.2.2","src4Port":2000}}
 */
public record BibRequest(
        String instance,
        @Nullable String protocol,
        @Nullable String src6,
        @Nullable Integer src6Port,
        @Nullable String src4,
        @Nullable Integer src4Port) {}
