/** Counters with Jool's JSTAT names. */
@NullMarked
package io.nat64.core.stats;

import org.jspecify.annotations.NullMarked;
