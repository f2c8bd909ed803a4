package io.nat64.gateway.api;

/** One counter: Jool's name ({@code JSTAT_SESSIONS}), its value and what it counts. */
public record StatView(String name, long value, String description) {}
