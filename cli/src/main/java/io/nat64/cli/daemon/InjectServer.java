package io.nat64.cli.daemon;

import io.nat64.core.dataplane.PacketInjector;
import io.nat64.core.dataplane.TunDataPlane;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --inject-port}, a test and diagnostic hook: a TCP listener on 127.0.0.1 that feeds raw packets to one
 * instance's translator exactly as if they had come from its TUN device (the same batches, the same {@code
 * PacketPath.process}). A client sends frames of a 2-byte big-endian length (1 to 65535) and a packet, then closes
 * its sending side; once every packet has been processed the server answers {@code OK injected=N} and closes.
 * Injection waits for the translator rather than dropping, so every packet sent is processed. One client at a time.
 *
 * <p>Threading: its own thread, the only producer of its {@link PacketInjector}.
 */
final class InjectServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InjectServer.class);
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private final ServerSocket server;
    private final TunDataPlane plane;
    private final PacketInjector injector;
    private final Thread thread;
    private final byte[] packet = new byte[TunDataPlane.MAX_PACKET];

    private InjectServer(ServerSocket server, TunDataPlane plane) {
        this.server = server;
        this.plane = plane;
        this.injector = plane.newInjector();
        this.thread = new Thread(this::acceptLoop, "nat64-inject");
        thread.setDaemon(true);
    }

    /** Listens on 127.0.0.1:{@code port} for packets for {@code plane}'s instance. */
    static InjectServer start(int port, TunDataPlane plane) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            s.close();
            throw e;
        }
        InjectServer server = new InjectServer(s, plane);
        server.thread.start();
        return server;
    }

    /** The port it listens on. */
    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                client.setSoTimeout(READ_TIMEOUT_MILLIS);
                serve(client);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("injection connection failed: {}", e.toString());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void serve(Socket client) throws IOException, InterruptedException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream(), 1 << 16));
        OutputStream out = client.getOutputStream();
        long count = 0;
        String reply;
        try {
            while (true) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException end) {
                    break;
                }
                if (length == 0) {
                    throw new IOException("a frame of length 0 (a packet has 1 to 65535 bytes)");
                }
                in.readFully(packet, 0, length);
                if (!injector.inject(packet, 0, length)) {
                    throw new IOException("the data plane stopped");
                }
                count++;
                if (in.available() == 0) {
                    injector.flush();
                }
            }
            injector.flush();
            plane.drain();
            reply = "OK injected=" + count + "\n";
        } catch (SocketTimeoutException e) {
            injector.flush();
            reply = "ERROR no data for " + READ_TIMEOUT_MILLIS + " ms after " + count + " packets\n";
        } catch (IOException e) {
            injector.flush();
            reply = "ERROR after " + count + " packets: " + e.getMessage() + "\n";
        }
        out.write(reply.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Stops listening and waits for the thread (an open connection ends with the data plane). */
    @Override
    public void close() throws IOException {
        server.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
