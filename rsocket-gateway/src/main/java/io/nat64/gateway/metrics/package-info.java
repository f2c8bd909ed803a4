/**
 * The Prometheus endpoint of a nat64 process: Micrometer meters over the instances' counters (read from periodic
 * snapshots taken on their owner threads), the gateway's followers and session synchronisation, served over Reactor
 * Netty HTTP. Entry point: {@link io.nat64.gateway.metrics.MetricsEndpoint}.
 */
@NullMarked
package io.nat64.gateway.metrics;

import org.jspecify.annotations.NullMarked;
