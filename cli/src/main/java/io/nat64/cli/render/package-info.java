/** Jool's output formats, console and CSV, byte for byte as {@code shared/spec/decisions.md} fixes them. */
@NullMarked
package io.nat64.cli.render;

import org.jspecify.annotations.NullMarked;
