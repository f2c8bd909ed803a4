package io.nat64.gateway.peer;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link PeerClient} subscribes to one peer.
 *
 * @param peer the peer's {@code --net.listen} address
 * @param secret what to present in SETUP
 * @param tls TLS with client certificates, or null for plain TCP
 * @param localNodeId this node's id (non-zero): batches carrying it are this node's own, come back through a
 *     loop, and are refused ({@code REJECTED_OWN_NODE})
 * @param name how the peer names this subscriber in its stats (sent in SETUP)
 * @param window batches requested and not yet merged, at most (the subscriber's {@code request(n)})
 * @param reconnectMin the first delay before subscribing again after a failure (then doubled each time)
 * @param reconnectMax the longest delay between two attempts
 * @param resumeSession how long to try to resume a cut connection before giving up and subscribing afresh
 * @param keepAlive the interval of KEEPALIVE frames (they also release the peer's resumption cache)
 * @param keepAliveTimeout silence after which the connection counts as cut (and resumption starts)
 */
public record PeerClientOptions(
        InetSocketAddress peer,
        PeerSecret secret,
        @Nullable PeerTls tls,
        long localNodeId,
        String name,
        int window,
        Duration reconnectMin,
        Duration reconnectMax,
        Duration resumeSession,
        Duration keepAlive,
        Duration keepAliveTimeout) {
    /** The default {@link #window}: 16 batches. */
    public static final int DEFAULT_WINDOW = 16;

    /** Validates every field; the message names it. */
    public PeerClientOptions {
        if (localNodeId == 0) {
            throw new IllegalArgumentException("the local node id cannot be 0");
        }
        if (name.isBlank() || name.length() > 255) {
            throw new IllegalArgumentException("a subscriber name has 1 to 255 characters, not '" + name + "'");
        }
        if (window < 1 || window > 1024) {
            throw new IllegalArgumentException("window must be 1 to 1024 batches, not " + window);
        }
        PeerServerOptions.positive("reconnect delay", reconnectMin);
        PeerServerOptions.positive("resume session", resumeSession);
        PeerServerOptions.positive("keepalive", keepAlive);
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("the longest reconnect delay (" + reconnectMax
                    + ") is shorter than the first (" + reconnectMin + ")");
        }
        if (keepAliveTimeout.compareTo(keepAlive) <= 0) {
            throw new IllegalArgumentException("keepalive timeout (" + keepAliveTimeout
                    + ") must be longer than the keepalive interval (" + keepAlive + ")");
        }
    }

    /**
     * Defaults: a window of 16 batches, reconnection after 1 s doubling up to 30 s, resumption tried for 30 s,
     * keepalive every second, a link silent for 10 s counts as cut.
     */
    public static PeerClientOptions of(
            InetSocketAddress peer, PeerSecret secret, @Nullable PeerTls tls, long localNodeId, String name) {
        return new PeerClientOptions(
                peer,
                secret,
                tls,
                localNodeId,
                name,
                DEFAULT_WINDOW,
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                PeerServerOptions.DEFAULT_RESUME_SESSION,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10));
    }

    /** These options with reconnection delays from {@code min} doubling up to {@code max}. */
    public PeerClientOptions withReconnect(Duration min, Duration max) {
        return new PeerClientOptions(
                peer, secret, tls, localNodeId, name, window, min, max, resumeSession, keepAlive, keepAliveTimeout);
    }

    /** These options trying to resume a cut connection for {@code d}. */
    public PeerClientOptions withResumeSession(Duration d) {
        return new PeerClientOptions(
                peer,
                secret,
                tls,
                localNodeId,
                name,
                window,
                reconnectMin,
                reconnectMax,
                d,
                keepAlive,
                keepAliveTimeout);
    }

    /** These options with {@code n} batches in flight. */
    public PeerClientOptions withWindow(int n) {
        return new PeerClientOptions(
                peer,
                secret,
                tls,
                localNodeId,
                name,
                n,
                reconnectMin,
                reconnectMax,
                resumeSession,
                keepAlive,
                keepAliveTimeout);
    }

    /** These options presenting {@code s}. */
    public PeerClientOptions withSecret(PeerSecret s) {
        return new PeerClientOptions(
                peer,
                s,
                tls,
                localNodeId,
                name,
                window,
                reconnectMin,
                reconnectMax,
                resumeSession,
                keepAlive,
                keepAliveTimeout);
    }
}
