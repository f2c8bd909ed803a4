package io.nat64.gateway.api;

/** The request of a route that needs nothing, such as {@code instance.display}: {@code {}}. */
public record EmptyRequest() {}
