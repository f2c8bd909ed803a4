package io.nat64.gateway.api;

/** {@code pool6 add}: {@code {"instance":"default","prefix":"64:ff9b::/96"}}. */
public record Pool6Request(String instance, String prefix) {}
