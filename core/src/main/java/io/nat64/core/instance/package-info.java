/**
 * Instances: each owns one thread that applies packets, timer ticks and commands to its tables and
 * publishes every session change as a {@code Flux<SessionMutation>}.
 */
@NullMarked
package io.nat64.core.instance;

import org.jspecify.annotations.NullMarked;
