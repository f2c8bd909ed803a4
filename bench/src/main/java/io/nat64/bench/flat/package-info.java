/**
 * The flows and packet keys of the flat-table benchmarks ({@code io.nat64.core.session.FlowTableBenchmark}), drawn
 * as core's lookup benchmarks draw theirs.
 */
@NullMarked
package io.nat64.bench.flat;

import org.jspecify.annotations.NullMarked;
