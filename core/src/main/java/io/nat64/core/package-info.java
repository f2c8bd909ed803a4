/** The NAT64 translation core. */
@NullMarked
package io.nat64.core;

import org.jspecify.annotations.NullMarked;
