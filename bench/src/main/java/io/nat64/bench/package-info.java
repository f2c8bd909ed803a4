/**
 * JMH benchmarks and measuring mains for the translation core's session tables; {@code bench/run.sh} runs
 * them and {@code docs/benchmarks.md} records the figures. Each benchmark builds its own tables and runs on
 * the JMH thread, which plays the tables' owner thread.
 */
@NullMarked
package io.nat64.bench;

import org.jspecify.annotations.NullMarked;
