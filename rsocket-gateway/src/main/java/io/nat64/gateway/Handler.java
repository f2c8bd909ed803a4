package io.nat64.gateway;

import org.reactivestreams.Publisher;

/** What a route does with its decoded request: a Mono for request-response, a Flux for request-stream. */
@FunctionalInterface
interface Handler {
    /** Handles {@code request} (an instance of the route's request type); errors travel in the publisher. */
    Publisher<?> handle(Object request);
}
