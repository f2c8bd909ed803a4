/**
 * The gateway's routes and their JSON payloads (records), shared by the server and the client. Every
 * request names the instance; {@code docs/rsocket-api.md} shows one example of each.
 */
@NullMarked
package io.nat64.gateway.api;

import org.jspecify.annotations.NullMarked;
