/** Instance configuration: globals with Jool's names, defaults and limits. */
@NullMarked
package io.nat64.core.config;

import org.jspecify.annotations.NullMarked;
