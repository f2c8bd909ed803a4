package io.nat64.gateway;

import io.nat64.gateway.api.Route;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A blocking RSocket client of the gateway for short-lived processes such as the CLI: one TCP socket, the
 * calling thread reads and writes it, and no event loop, Reactor or Netty is started, so a command starts
 * in a fraction of the time {@link GatewayClient} needs. It speaks standard RSocket 1.0 (see
 * {@link Frames}): routing in composite metadata, JSON data, request(n) flow control, keepalives.
 *
 * <p>Threading: one caller thread at a time, one request at a time; a daemon thread of its own sends the
 * keepalives. Errors of the daemon arrive as
 * {@link io.rsocket.exceptions.ApplicationErrorException}s; a broken connection as an {@link IOException}.
 *
 * <pre>{@code
 * try (BlockingGatewayClient c = BlockingGatewayClient.connect(address, Duration.ofSeconds(3))) {
 *     Pool6View v = c.call(Route.POOL6_DISPLAY, new InstanceRequest("default"), Pool6View.class, timeout);
 * }
 * }</pre>
 */
public final class BlockingGatewayClient implements AutoCloseable {
    /** How often an idle client tells the daemon it is alive. */
    static final Duration KEEPALIVE = Duration.ofSeconds(20);
    /** How long the daemon waits for a keepalive before it drops the connection. */
    static final Duration MAX_LIFETIME = Duration.ofSeconds(90);

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final long keepAliveMillis;
    private int nextStreamId = 1;
    private boolean busy;
    /** Whether the payload {@link #awaitPayload} returned last also completed its stream. */
    private boolean completedWithLast;

    private BlockingGatewayClient(Socket socket, Duration keepAlive) throws IOException {
        this.socket = socket;
        this.keepAliveMillis = keepAlive.toMillis();
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 12);
    }

    /** Connects to the gateway at {@code address} over TCP and sends the SETUP frame. */
    public static BlockingGatewayClient connect(InetSocketAddress address, Duration timeout) throws IOException {
        return connect(address, timeout, KEEPALIVE, MAX_LIFETIME);
    }

    /** As {@link #connect(InetSocketAddress, Duration)}, with other keepalive timings (tests). */
    static BlockingGatewayClient connect(
            InetSocketAddress address, Duration timeout, Duration keepAlive, Duration maxLifetime) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            InetSocketAddress target = address.isUnresolved()
                    ? new InetSocketAddress(address.getHostString(), address.getPort())
                    : address;
            socket.connect(target, (int) timeout.toMillis());
            BlockingGatewayClient c = new BlockingGatewayClient(socket, keepAlive);
            c.send(new Frames.Builder(0, Frames.SETUP, 0)
                    .u16(1)
                    .u16(0)
                    .u32(keepAlive.toMillis())
                    .u32(maxLifetime.toMillis())
                    .ascii(RouteMetadata.COMPOSITE)
                    .ascii("application/json")
                    .bytes());
            Thread keepAlives = new Thread(c::sendKeepAlives, "nat64-rsocket-keepalive");
            keepAlives.setDaemon(true);
            keepAlives.start();
            return c;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Calls a request-response route and waits up to {@code timeout} for its answer. */
    public <T extends Record> T call(Route route, Record request, Class<T> type, Duration timeout)
            throws IOException, TimeoutException {
        int id = begin(route, request, type);
        try {
            send(new Frames.Builder(id, Frames.REQUEST_RESPONSE, Frames.FLAG_METADATA)
                    .metadata(Frames.routing(route.path()))
                    .data(Json.write(request))
                    .bytes());
            byte[] data = awaitPayload(id, timeout);
            if (data == null) {
                throw new IOException("the daemon answered " + route.path() + " with nothing");
            }
            return Json.read(data, type);
        } finally {
            busy = false;
        }
    }

    /**
     * Calls a request-stream route; the elements are read as the caller asks for them, {@code batch} at a
     * time (request(n)); {@code idle} bounds the wait for each (null: wait for ever, as {@code follow} does).
     */
    public <T extends Record> Elements<T> stream(
            Route route, Record request, Class<T> type, int batch, @Nullable Duration idle) throws IOException {
        int id = begin(route, request, type);
        send(new Frames.Builder(id, Frames.REQUEST_STREAM, Frames.FLAG_METADATA)
                .u32(batch)
                .metadata(Frames.routing(route.path()))
                .data(Json.write(request))
                .bytes());
        return new Elements<>(id, type, batch, idle);
    }

    /** The elements of one stream, pulled one at a time by the caller. */
    public final class Elements<T> implements AutoCloseable {
        private final int id;
        private final Class<T> type;
        private final int batch;
        private final @Nullable Duration idle;
        private int consumed;
        private boolean done;

        private Elements(int id, Class<T> type, int batch, @Nullable Duration idle) {
            this.id = id;
            this.type = type;
            this.batch = batch;
            this.idle = idle;
        }

        /** The next element, or null when the stream is complete. */
        public @Nullable T next() throws IOException, TimeoutException {
            if (done) {
                return null;
            }
            byte[] data = awaitPayload(id, idle);
            if (data == null) {
                finish();
                return null;
            }
            if (completedWithLast) {
                finish();
            } else if (++consumed >= Math.max(1, batch / 2)) {
                send(new Frames.Builder(id, Frames.REQUEST_N, 0).u32(consumed).bytes());
                consumed = 0;
            }
            return Json.read(data, type);
        }

        private void finish() {
            done = true;
            busy = false;
        }

        /** Cancels the stream if it is still running. */
        @Override
        public void close() throws IOException {
            if (!done) {
                finish();
                send(new Frames.Builder(id, Frames.CANCEL, 0).bytes());
            }
        }
    }

    private int begin(Route route, Record request, Class<?> type) {
        if (busy) {
            throw new IllegalStateException("one request at a time on a BlockingGatewayClient");
        }
        if (!route.requestType().isInstance(request) || !type.isAssignableFrom(route.responseType())) {
            throw new IllegalArgumentException(
                    "route " + route.path() + " takes " + route.requestType().getSimpleName() + " and returns "
                            + route.responseType().getSimpleName());
        }
        busy = true;
        int id = nextStreamId;
        nextStreamId += 2;
        return id;
    }

    /**
     * Reads frames until a payload (or the end, or an error) of stream {@code id} arrives: the data of a
     * NEXT, or null on a COMPLETE without data. Answers keepalives and sends its own while waiting.
     */
    private byte @Nullable [] awaitPayload(int id, @Nullable Duration limit) throws IOException, TimeoutException {
        long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        byte[] fragments = null;
        while (true) {
            long left = deadline == Long.MAX_VALUE ? keepAliveMillis : (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new TimeoutException();
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(left, keepAliveMillis)));
            byte[] frame;
            try {
                frame = readFrame();
            } catch (SocketTimeoutException quiet) {
                send(new Frames.Builder(0, Frames.KEEPALIVE, Frames.FLAG_RESPOND)
                        .u32(0)
                        .u32(0)
                        .bytes());
                continue;
            }
            int stream = (frame[0] & 0x7f) << 24 | (frame[1] & 0xff) << 16 | (frame[2] & 0xff) << 8 | (frame[3] & 0xff);
            int typeAndFlags = (frame[4] & 0xff) << 8 | (frame[5] & 0xff);
            int type = typeAndFlags >>> 10;
            int flags = typeAndFlags & 0x3ff;
            if (type == Frames.KEEPALIVE) {
                if ((flags & Frames.FLAG_RESPOND) != 0) {
                    frame[5] &= (byte) ~Frames.FLAG_RESPOND;
                    send(Frames.prefixed(frame));
                }
                continue;
            }
            if (type == Frames.ERROR && (stream == 0 || stream == id)) {
                throw Frames.error(frame);
            }
            if (stream != id || type != Frames.PAYLOAD) {
                continue; // a late frame of a cancelled stream, a lease, a metadata push: nothing for us
            }
            int at = 6;
            if ((flags & Frames.FLAG_METADATA) != 0) {
                at += 3 + ((frame[at] & 0xff) << 16 | (frame[at + 1] & 0xff) << 8 | (frame[at + 2] & 0xff));
            }
            byte[] data = java.util.Arrays.copyOfRange(frame, at, frame.length);
            if ((flags & Frames.FLAG_FOLLOWS) != 0) {
                fragments = fragments == null ? data : Frames.concat(fragments, data);
                continue;
            }
            if (fragments != null) {
                data = Frames.concat(fragments, data);
                fragments = null;
            }
            if ((flags & Frames.FLAG_NEXT) != 0) {
                completedWithLast = (flags & Frames.FLAG_COMPLETE) != 0;
                return data;
            }
            if ((flags & Frames.FLAG_COMPLETE) != 0) {
                return null;
            }
        }
    }

    private byte[] readFrame() throws IOException {
        int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
        if (length < 6) {
            throw new IOException("malformed RSocket frame of " + length + " bytes");
        }
        byte[] frame = new byte[length];
        in.readFully(frame);
        return frame;
    }

    private void send(byte[] frame) throws IOException {
        synchronized (out) {
            out.write(frame);
            out.flush();
        }
    }

    /**
     * Keepalive thread: tells the daemon every interval that this client lives, whether or not the caller is
     * reading (a paused terminal must not cost the connection). Ends when the socket closes.
     */
    private void sendKeepAlives() {
        byte[] frame = new Frames.Builder(0, Frames.KEEPALIVE, Frames.FLAG_RESPOND)
                .u32(0)
                .u32(0)
                .bytes();
        try {
            while (!socket.isClosed()) {
                Thread.sleep(keepAliveMillis);
                send(frame);
            }
        } catch (IOException | InterruptedException e) {
            // the connection is closed: nothing to keep alive
        }
    }

    /** Closes the socket; the daemon cancels what was still running. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
