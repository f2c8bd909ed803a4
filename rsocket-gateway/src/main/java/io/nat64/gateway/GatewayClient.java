package io.nat64.gateway;

import io.nat64.gateway.api.Route;
import io.netty.buffer.ByteBufUtil;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.frame.decoder.PayloadDecoder;
import io.rsocket.transport.ClientTransport;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.transport.netty.client.WebsocketClientTransport;
import io.rsocket.util.DefaultPayload;
import java.net.InetSocketAddress;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A connection to a gateway, with typed calls of its routes. Errors of the daemon arrive as
 * {@link io.rsocket.exceptions.ApplicationErrorException}s whose message is meant for a person.
 *
 * <p>Threading: thread-safe; results are delivered on the connection's event loop.
 *
 * <pre>{@code
 * GatewayClient c = GatewayClient.connect(new InetSocketAddress("127.0.0.1", 6410)).block();
 * c.stream(Route.SESSION_DISPLAY, new ProtocolRequest("default", "TCP"), SessionView.class)...
 * }</pre>
 */
public final class GatewayClient implements Disposable {
    private final RSocket rsocket;

    private GatewayClient(RSocket rsocket) {
        this.rsocket = rsocket;
    }

    /** Connects over TCP to {@code address} (an unresolved address is resolved when connecting). */
    public static Mono<GatewayClient> connect(InetSocketAddress address) {
        return connect(TcpClientTransport.create(address.getHostString(), address.getPort()));
    }

    /** Connects over WebSocket to {@code address}. */
    public static Mono<GatewayClient> connectWebSocket(InetSocketAddress address) {
        return connect(WebsocketClientTransport.create(address.getHostString(), address.getPort()));
    }

    private static Mono<GatewayClient> connect(ClientTransport transport) {
        return RSocketConnector.create()
                .metadataMimeType(RouteMetadata.COMPOSITE)
                .dataMimeType("application/json")
                .payloadDecoder(PayloadDecoder.DEFAULT)
                .connect(transport)
                .map(GatewayClient::new);
    }

    /** Calls the request-response {@code route} with {@code request}; emits its response as a {@code type}. */
    public <T> Mono<T> call(Route route, Object request, Class<T> type) {
        return Mono.defer(() -> rsocket.requestResponse(payload(route, request, type)))
                .map(p -> decode(p, type));
    }

    /** Calls the request-stream {@code route} with {@code request}; emits each element as a {@code type}. */
    public <T> Flux<T> stream(Route route, Object request, Class<T> type) {
        return Flux.defer(() -> rsocket.requestStream(payload(route, request, type)))
                .map(p -> decode(p, type));
    }

    /** Calls the binary request-stream {@code route} (e.g. {@code sync.live}); emits each payload's data. */
    public Flux<byte[]> streamBytes(Route route, Object request) {
        return Flux.defer(() -> rsocket.requestStream(payload(route, request, byte[].class)))
                .map(GatewayClient::bytes);
    }

    /**
     * Opens the request-channel {@code route} (e.g. {@code sync.merge}) with {@code request}, then sends each of
     * {@code data} as one binary payload, as fast as the daemon asks; completes when the daemon's side completes.
     */
    public Mono<Void> channel(Route route, Object request, Publisher<byte[]> data) {
        return Flux.defer(() -> {
                    if (route.interaction() != Route.Interaction.CHANNEL) {
                        throw new IllegalArgumentException("route " + route.path() + " is not a request-channel");
                    }
                    Payload head = payload(route, request, Void.class);
                    return rsocket.requestChannel(
                            Flux.concat(Mono.just(head), Flux.from(data).map(DefaultPayload::create)));
                })
                .doOnNext(Payload::release)
                .then();
    }

    private static byte[] bytes(Payload p) {
        try {
            return ByteBufUtil.getBytes(p.sliceData());
        } finally {
            p.release();
        }
    }

    private static Payload payload(Route route, Object request, Class<?> type) {
        if (!route.requestType().isInstance(request) || !type.isAssignableFrom(route.responseType())) {
            throw new IllegalArgumentException(
                    "route " + route.path() + " takes " + route.requestType().getSimpleName() + " and returns "
                            + route.responseType().getSimpleName());
        }
        return DefaultPayload.create(Json.write((Record) request), RouteMetadata.composite(route.path()));
    }

    private static <T> T decode(Payload p, Class<T> type) {
        try {
            return Json.read(ByteBufUtil.getBytes(p.sliceData()), type);
        } finally {
            p.release();
        }
    }

    /** The underlying requester, for tests that send raw payloads. */
    RSocket rsocket() {
        return rsocket;
    }

    /** Completes when the connection closes. */
    public Mono<Void> onClose() {
        return rsocket.onClose();
    }

    /** Closes the connection, cancelling its streams. */
    @Override
    public void dispose() {
        rsocket.dispose();
    }

    @Override
    public boolean isDisposed() {
        return rsocket.isDisposed();
    }
}
