package io.nat64.gateway.metrics;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The HTTP side of {@link MetricsEndpoint}: {@code GET /metrics} answers the endpoint's scrape, rendered on a bounded
 * elastic worker rather than on the event loop; {@code GET /} a one-line pointer; anything else 404.
 */
final class MetricsHttp {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsHttp() {}

    static Mono<DisposableServer> serve(InetSocketAddress at, Supplier<String> scrape) {
        InetSocketAddress bind = at.isUnresolved() ? new InetSocketAddress(at.getHostString(), at.getPort()) : at;
        return HttpServer.create()
                .bindAddress(() -> bind)
                .route(routes -> routes.get("/metrics", (request, response) -> response.header(
                                        HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                                .sendString(Mono.fromSupplier(scrape).subscribeOn(Schedulers.boundedElastic())))
                        .get("/", (request, response) -> response.header(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                                .sendString(Mono.just("nat64 metrics: GET /metrics (Prometheus text format)\n"))))
                .bind()
                .map(s -> (DisposableServer) s);
    }
}
