package io.nat64.gateway.api;

/** The result of {@code session advertise}: how many sessions were queued for announcement. */
public record AdvertiseView(long sessions) {}
