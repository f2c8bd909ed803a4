/**
 * A prototype of a flat flow table (one 64-byte slot of a {@code long[]} per flow) and its benchmarks, to
 * measure what such a layout would bring to core's lookups; core does not use it.
 */
@NullMarked
package io.nat64.bench.flat;

import org.jspecify.annotations.NullMarked;
