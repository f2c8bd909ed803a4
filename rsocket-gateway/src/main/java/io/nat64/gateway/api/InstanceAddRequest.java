package io.nat64.gateway.api;

import org.jspecify.annotations.Nullable;

/**
 * {@code instance add}: the new instance's name, its pool6 prefix and, optionally, its TUN device.
 * {@code {"instance":"default","pool6":"64:ff9b::/96","tun":null}}
 */
public record InstanceAddRequest(String instance, String pool6, @Nullable String tun) {}
