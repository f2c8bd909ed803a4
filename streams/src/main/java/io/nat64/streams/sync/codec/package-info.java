/**
 * The two wire formats of sync datagrams, {@code nat64} (ours, with a header and a CRC32C) and {@code jool}
 * (Jool 4.1.13+'s 40-byte records), as pure functions from records to bytes and back; no I/O, no clock.
 */
@NullMarked
package io.nat64.streams.sync.codec;

import org.jspecify.annotations.NullMarked;
