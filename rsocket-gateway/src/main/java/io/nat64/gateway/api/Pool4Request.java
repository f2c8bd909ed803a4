package io.nat64.gateway.api;

import org.jspecify.annotations.Nullable;

/**
 * {@code pool4 add|remove}: a prefix, an optional port range and an optional protocol. Absent protocol:
 * all three. Absent range: 61001-65535 for add, every port for remove.
 * {@code {"instance":"default","protocol":"TCP","prefix":"192.0.2.1/32","minPort":61001,"maxPort":65535}}
 */
public record Pool4Request(
        String instance,
        @Nullable String protocol,
        String prefix,
        @Nullable Integer minPort,
        @Nullable Integer maxPort) {}
