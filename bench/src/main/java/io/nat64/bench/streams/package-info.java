/**
 * Scripted measurements of the session streams (follow, display, advertise) for {@code docs/benchmarks.md},
 * section "Session streams": run {@link io.nat64.bench.streams.SessionStreamsBench}.
 */
@NullMarked
package io.nat64.bench.streams;

import org.jspecify.annotations.NullMarked;
