package io.nat64.cli;

import io.nat64.gateway.BlockingGatewayClient;
import io.nat64.gateway.api.Route;
import io.rsocket.exceptions.ApplicationErrorException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The CLI's connection to the daemon's gateway, opened on first use; every failure becomes a
 * {@link CliException} with its exit code and a one-line message that names the address tried. It uses
 * the {@link BlockingGatewayClient}, so a command starts no event loop (start-up time, docs/benchmarks.md).
 *
 * <p>Threading: the command's thread only.
 */
public final class GatewayLink implements AutoCloseable {
    /** How long connecting may take before the daemon counts as not running. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** How long a request, or the gap between two elements of a display, may take. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final InetSocketAddress address;
    private @Nullable BlockingGatewayClient client;

    /** A link to the gateway at {@code address}; nothing is opened yet. */
    public GatewayLink(InetSocketAddress address) {
        this.address = address;
    }

    /** The gateway address, as the user gave it. */
    public InetSocketAddress address() {
        return address;
    }

    private BlockingGatewayClient client() {
        if (client == null) {
            try {
                client = BlockingGatewayClient.connect(address, CONNECT_TIMEOUT);
            } catch (IOException | RuntimeException e) {
                throw noDaemon(e);
            }
        }
        return client;
    }

    /** Calls a request-response route and waits for its answer. */
    public <T extends Record> T call(Route route, Record request, Class<T> type) {
        BlockingGatewayClient c = client();
        try {
            return c.call(route, request, type, ANSWER_TIMEOUT);
        } catch (IOException | TimeoutException | RuntimeException e) {
            throw failure(e);
        }
    }

    /** Every element of a request-stream route, read {@code 256} at a time. */
    public <T extends Record> List<T> list(Route route, Record request, Class<T> type) {
        List<T> all = new ArrayList<>();
        try (Cursor<T> cursor = stream(route, request, type, 256, ANSWER_TIMEOUT)) {
            for (T e; (e = cursor.next()) != null; ) {
                all.add(e);
            }
        }
        return all;
    }

    /**
     * A request-stream route read element by element, {@code batch} requested at a time; {@code idle} bounds
     * the wait for each element (null: for ever, for {@code follow}).
     */
    public <T extends Record> Cursor<T> stream(
            Route route, Record request, Class<T> type, int batch, @Nullable Duration idle) {
        BlockingGatewayClient c = client();
        try {
            return new Cursor<>(c.stream(route, request, type, batch, idle));
        } catch (IOException | RuntimeException e) {
            throw failure(e);
        }
    }

    /** The elements of one stream; failures are {@link CliException}s. */
    public final class Cursor<T> implements AutoCloseable {
        private final BlockingGatewayClient.Elements<T> elements;

        private Cursor(BlockingGatewayClient.Elements<T> elements) {
            this.elements = elements;
        }

        /** The next element, or null at the end. */
        public @Nullable T next() {
            try {
                return elements.next();
            } catch (IOException | TimeoutException | RuntimeException e) {
                throw failure(e);
            }
        }

        /** Cancels the stream if it still runs. */
        @Override
        public void close() {
            try {
                elements.close();
            } catch (IOException e) {
                // the connection is gone: nothing left to cancel
            }
        }
    }

    /** {@code t} as the {@link CliException} the user sees. */
    CliException failure(Throwable t) {
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
        if (t instanceof IOException || t.getClass().getName().startsWith("io.rsocket.exceptions.")) {
            return new CliException(
                    ExitCode.CONNECTION_LOST, "the connection to the nat64 daemon at " + where() + " was lost");
        }
        return new CliException(ExitCode.INTERNAL, "unexpected failure (please report it): " + t);
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
                        : t instanceof SocketTimeoutException
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
            try {
                client.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
