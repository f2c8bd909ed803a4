package io.nat64.gateway.api;

/**
 * One global: Jool's name, its value in Jool's text syntax ({@code true}, {@code 0:05:00}, {@code 11},
 * {@code 64:ff9b::/96}) and its type ({@code BOOL}, {@code U32}, {@code TIMEOUT}, {@code PREFIX6}).
 */
public record GlobalView(String name, String value, String type) {}
