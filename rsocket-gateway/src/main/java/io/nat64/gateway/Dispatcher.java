package io.nat64.gateway;

import io.nat64.gateway.api.Route;
import io.netty.buffer.ByteBufUtil;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.exceptions.ApplicationErrorException;
import io.rsocket.util.DefaultPayload;
import java.util.Map;
import org.jspecify.annotations.Nullable;
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
    private final String metadataMimeType;

    Dispatcher(Map<Route, Handler> routes, String metadataMimeType) {
        this.routes = routes;
        this.metadataMimeType = metadataMimeType;
    }

    @Override
    public Mono<Payload> requestResponse(Payload payload) {
        return Mono.defer(() -> {
                    Call call = decode(payload);
                    if (call.route.interaction() == Route.Interaction.STREAM) {
                        throw new IllegalArgumentException("route '" + call.route.path()
                                + "' is a request-stream: call it with requestStream, not requestResponse");
                    }
                    return Mono.from(call.handler.handle(call.request));
                })
                .map(Dispatcher::encode)
                .onErrorMap(Dispatcher::toClient);
    }

    @Override
    public Flux<Payload> requestStream(Payload payload) {
        return Flux.defer(() -> {
                    Call call = decode(payload);
                    return Flux.from(call.handler.handle(call.request));
                })
                .map(Dispatcher::encode)
                .onErrorMap(Dispatcher::toClient);
    }

    private record Call(Route route, Handler handler, Object request) {}

    private Call decode(Payload payload) {
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
            if (handler == null) {
                throw new IllegalArgumentException("route '" + path + "' is not served by this daemon");
            }
            byte[] data = ByteBufUtil.getBytes(payload.sliceData());
            Object request = Json.read(
                    data.length == 0 ? "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8) : data,
                    route.requestType());
            return new Call(route, handler, request);
        } finally {
            payload.release();
        }
    }

    private static Payload encode(Object value) {
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
