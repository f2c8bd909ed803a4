package io.nat64.cli;

import io.nat64.gateway.GatewayClient;
import io.nat64.gateway.api.Route;
import io.rsocket.exceptions.ApplicationErrorException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;

/**
 * The CLI's connection to the daemon's gateway, opened on first use; every failure becomes a
 * {@link CliException} with its exit code and a one-line message that names the address tried.
 *
 * <p>Threading: used from the command's thread, which may block (it is never a Reactor thread).
 */
public final class GatewayLink implements AutoCloseable {
    /** How long connecting may take before the daemon counts as not running. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** How long a request, or the gap between two elements of a display, may take. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final InetSocketAddress address;
    private @Nullable GatewayClient client;

    /** A link to the gateway at {@code address}; nothing is opened yet. */
    public GatewayLink(InetSocketAddress address) {
        this.address = address;
    }

    /** The gateway address, as the user gave it. */
    public InetSocketAddress address() {
        return address;
    }

    private GatewayClient client() {
        if (client == null) {
            try {
                client = GatewayClient.connect(address).timeout(CONNECT_TIMEOUT).block();
            } catch (RuntimeException e) {
                throw noDaemon(Exceptions.unwrap(e));
            }
        }
        return client;
    }

    /** Calls a request-response route and waits for its answer. */
    public <T> T call(Route route, Object request, Class<T> type) {
        GatewayClient c = client();
        try {
            T answer = c.call(route, request, type).timeout(ANSWER_TIMEOUT).block();
            if (answer == null) {
                throw new CliException(ExitCode.INTERNAL, "the daemon answered " + route.path() + " with nothing");
            }
            return answer;
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    /** A request-stream route; {@code idle} bounds the wait for each element (null: wait forever, for follow). */
    public <T> Flux<T> stream(Route route, Object request, Class<T> type, @Nullable Duration idle) {
        Flux<T> flux = client().stream(route, request, type);
        return (idle == null ? flux : flux.timeout(idle)).onErrorMap(this::failure);
    }

    /** {@code e} (or what it wraps) as the {@link CliException} the user sees. */
    public CliException failure(Throwable e) {
        Throwable t = Exceptions.unwrap(e);
        if (t instanceof CliException c) {
            return c;
        }
        if (t instanceof ApplicationErrorException a) {
            return refused(String.valueOf(a.getMessage()));
        }
        if (t instanceof TimeoutException) {
            return new CliException(
                    ExitCode.CONNECTION_LOST,
                    "the nat64 daemon at " + where() + " did not answer within " + ANSWER_TIMEOUT.toSeconds()
                            + " seconds");
        }
        if (t instanceof ClosedChannelException
                || t instanceof IOException
                || t.getClass().getName().startsWith("io.rsocket.exceptions.Connection")) {
            return new CliException(
                    ExitCode.CONNECTION_LOST, "the connection to the nat64 daemon at " + where() + " was lost");
        }
        return new CliException(ExitCode.INTERNAL, "unexpected failure: " + t);
    }

    /** The daemon's refusal, with the exit code its message stands for. */
    static CliException refused(String message) {
        if (message.startsWith("instance '") && message.contains("' does not exist")) {
            return new CliException(ExitCode.UNKNOWN_INSTANCE, message);
        }
        if (message.startsWith("internal error")) {
            return new CliException(ExitCode.INTERNAL, message);
        }
        return new CliException(ExitCode.REFUSED, message);
    }

    private CliException noDaemon(Throwable t) {
        String why = t instanceof ConnectException
                ? "connection refused"
                : t instanceof UnknownHostException
                        ? "unknown host"
                        : t instanceof TimeoutException
                                ? "no answer within " + CONNECT_TIMEOUT.toSeconds() + " seconds"
                                : String.valueOf(t.getMessage());
        return new CliException(
                ExitCode.NO_DAEMON,
                "no nat64 daemon answers at " + where() + " (" + why
                        + "); start one with 'nat64 daemon', or point --gateway or NAT64_GATEWAY at a running one");
    }

    private String where() {
        String host = address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    @Override
    public void close() {
        if (client != null) {
            client.dispose();
        }
    }
}
