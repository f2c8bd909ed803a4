package io.nat64.gateway.api;

/** A request that names only the instance: {@code {"instance":"default"}}. */
public record InstanceRequest(String instance) {}
