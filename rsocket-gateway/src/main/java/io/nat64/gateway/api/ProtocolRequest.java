package io.nat64.gateway.api;

import org.jspecify.annotations.Nullable;

/**
 * A table display request: the instance and the protocol ({@code TCP}, {@code UDP}, {@code ICMP}; absent
 * means TCP, Jool's default). {@code {"instance":"default","protocol":"UDP"}}
 */
public record ProtocolRequest(String instance, @Nullable String protocol) {}
