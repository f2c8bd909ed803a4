/** Addresses, prefixes and protocol identifiers shared by every part of the core. */
@NullMarked
package io.nat64.core.addr;

import org.jspecify.annotations.NullMarked;
