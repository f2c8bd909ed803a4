package io.nat64.gateway.api;

import java.util.List;

/** The result of {@code pool4 add|remove}: the rows the request covered and whether pool4 changed. */
public record Pool4ChangeView(List<Pool4View> entries, boolean changed) {}
