/** The {@code nat64} command: Jool's grammar ({@code nat64 [-i INAME] MODE OPERATION [flags]}) over the RSocket gateway. */
@NullMarked
package io.nat64.cli;

import org.jspecify.annotations.NullMarked;
