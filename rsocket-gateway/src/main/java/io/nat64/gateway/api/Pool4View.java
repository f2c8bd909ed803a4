package io.nat64.gateway.api;

/**
 * One pool4 row as Jool shows it: mark (always 0 here), protocol, the table's max-iterations (its value and
 * whether it was fixed or computed, {@code auto}), the prefix and the port range.
 */
public record Pool4View(
        long mark,
        String protocol,
        long maxIterations,
        boolean iterationsFixed,
        boolean iterationsInfinite,
        String prefix,
        int minPort,
        int maxPort) {}
