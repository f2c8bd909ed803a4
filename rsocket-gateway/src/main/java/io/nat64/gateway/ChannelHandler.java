package io.nat64.gateway;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/** What a request-channel route does with its decoded request and the binary payloads that follow it. */
@FunctionalInterface
interface ChannelHandler {
    /** Handles {@code request} and consumes {@code data} as it needs it; what it emits goes back to the client. */
    Publisher<?> handle(Object request, Flux<byte[]> data);
}
