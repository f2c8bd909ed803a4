/**
 * {@code nat64 daemon}: reads a YAML or JSON configuration, creates its instances and their TUN devices, and
 * translates real traffic until SIGTERM.
 *
 * <p>{@link io.nat64.cli.daemon.DaemonMain} is the launcher; {@link io.nat64.cli.daemon.DaemonCommand} the picocli
 * subcommand that the full {@code nat64} command tree will mount.
 */
@NullMarked
package io.nat64.cli.daemon;

import org.jspecify.annotations.NullMarked;
