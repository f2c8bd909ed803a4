package io.nat64.gateway;

import io.nat64.gateway.api.Route;
import io.netty.buffer.ByteBufUtil;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.exceptions.ApplicationErrorException;
import io.rsocket.util.DefaultPayload;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The responder of one connection: reads the route from the metadata, decodes the JSON request, calls the
 * route's {@link Handler} and encodes what it emits. Every failure reaches the client as an
 * {@link ApplicationErrorException} with a message meant for a person.
 *
 * <p>Threading: runs on the connection's event loop; handlers never block it. Streams pass the client's
 * request(n) straight to the handler's publisher (no prefetch is added here).
 */
final class Dispatcher implements RSocket {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Map<Route, Handler> routes;
    private final Map<Route, ChannelHandler> channels;
    private final String metadataMimeType;

    Dispatcher(Map<Route, Handler> routes, Map<Route, ChannelHandler> channels, String metadataMimeType) {
        this.routes = routes;
        this.channels = channels;
        this.metadataMimeType = metadataMimeType;
    }

    @Override
    public Mono<Payload> requestResponse(Payload payload) {
        return Mono.defer(() -> {
                    Call call = decode(payload);
                    if (call.route.interaction() != Route.Interaction.RESPONSE) {
                        throw wrongInteraction(call.route, "requestResponse");
                    }
                    return Mono.from(call.handle());
                })
                .map(Dispatcher::encode)
                .onErrorMap(Dispatcher::toClient);
    }

    @Override
    public Flux<Payload> requestStream(Payload payload) {
        return Flux.defer(() -> {
                    Call call = decode(payload);
                    if (call.route.interaction() == Route.Interaction.CHANNEL) {
                        throw wrongInteraction(call.route, "requestStream");
                    }
                    return Flux.from(call.handle());
                })
                .map(Dispatcher::encode)
                .onErrorMap(Dispatcher::toClient);
    }

    /**
     * A request-channel: the first payload names the route and carries the JSON request; the following payloads'
     * data is handed to the route's {@link ChannelHandler} as bytes, one element each, as the handler asks for
     * them (its demand becomes REQUEST_N frames to the client).
     */
    @Override
    public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
        return Flux.from(payloads)
                .switchOnFirst((first, all) -> {
                    Payload head = first.get();
                    if (head == null) {
                        return all.map(Dispatcher::bytes).thenMany(Flux.<Payload>empty());
                    }
                    Call call;
                    ChannelHandler handler;
                    try {
                        call = decode(head, false);
                        handler = channels.get(call.route);
                        if (call.route.interaction() != Route.Interaction.CHANNEL || handler == null) {
                            throw wrongInteraction(call.route, "requestChannel");
                        }
                    } catch (RuntimeException e) {
                        head.release(); // refused: nobody will read the payloads, the head included
                        throw e;
                    }
                    // The head is the first element of all: released by bytes(), then skipped.
                    Flux<byte[]> data = all.map(Dispatcher::bytes).skip(1);
                    return Flux.from(handler.handle(call.request, data)).map(Dispatcher::encode);
                })
                .onErrorMap(Dispatcher::toClient);
    }

    private static byte[] bytes(Payload p) {
        try {
            return ByteBufUtil.getBytes(p.sliceData());
        } finally {
            p.release();
        }
    }

    private static IllegalArgumentException wrongInteraction(Route route, String used) {
        String model =
                switch (route.interaction()) {
                    case RESPONSE -> "request-response: call it with requestResponse";
                    case STREAM -> "request-stream: call it with requestStream";
                    case CHANNEL -> "request-channel: call it with requestChannel";
                };
        return new IllegalArgumentException("route '" + route.path() + "' is a " + model + ", not " + used);
    }

    private record Call(Route route, @Nullable Handler handler, Object request) {
        Publisher<?> handle() {
            return java.util.Objects.requireNonNull(handler, route.path()).handle(request);
        }
    }

    private Call decode(Payload payload) {
        return decode(payload, true);
    }

    private Call decode(Payload payload, boolean release) {
        try {
            String path = RouteMetadata.route(payload.sliceMetadata(), metadataMimeType);
            if (path == null) {
                throw new IllegalArgumentException("the request carries no route: put one in the metadata with"
                        + " the routing extension (message/x.rsocket.routing.v0), inside composite metadata");
            }
            Route route = Route.byPath(path)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "unknown route '" + path + "' (docs/rsocket-api.md lists the routes)"));
            Handler handler = routes.get(route);
            if (handler == null && !channels.containsKey(route)) {
                throw new IllegalArgumentException("route '" + path + "' is not served by this daemon");
            }
            byte[] data = ByteBufUtil.getBytes(payload.sliceData());
            Object request = Json.read(
                    data.length == 0 ? "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8) : data,
                    route.requestType());
            return new Call(route, handler, request);
        } finally {
            if (release) {
                payload.release();
            }
        }
    }

    private static Payload encode(Object value) {
        if (value instanceof byte[] binary) {
            return DefaultPayload.create(binary);
        }
        return DefaultPayload.create(Json.write((Record) value));
    }

    /** The error a client sees: the message of a request error as it is; anything else marked internal. */
    static Throwable toClient(Throwable e) {
        if (e instanceof ApplicationErrorException) {
            return e;
        }
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            return new ApplicationErrorException(message(e));
        }
        LOG.warn("internal error while serving a gateway request", e);
        return new ApplicationErrorException("internal error in the nat64 daemon: " + e);
    }

    private static String message(Throwable e) {
        @Nullable String m = e.getMessage();
        return m == null || m.isEmpty() ? e.toString() : m;
    }
}
