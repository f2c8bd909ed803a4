/** Name resolution for {@code display} without {@code --numeric}: parallel, cached, bounded by a deadline. */
@NullMarked
package io.nat64.cli.resolve;

import org.jspecify.annotations.NullMarked;
