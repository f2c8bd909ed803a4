/** One picocli command class per mode (instance, global, pool4, pool6, bib, session, stats), each operation a method. */
@NullMarked
package io.nat64.cli.command;

import org.jspecify.annotations.NullMarked;
