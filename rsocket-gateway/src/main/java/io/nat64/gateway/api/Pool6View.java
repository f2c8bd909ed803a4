package io.nat64.gateway.api;

/** An instance's pool6 prefix: {@code {"prefix":"64:ff9b::/96"}}. */
public record Pool6View(String prefix) {}
