/**
 * The RSocket gateway: the server through which everything outside the daemon (the CLI, browsers, any
 * RSocket client) talks to it, and a client for it. Routes and payloads are in {@code api}.
 */
@NullMarked
package io.nat64.gateway;

import org.jspecify.annotations.NullMarked;
