package io.nat64.gateway.peer;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link PeerServer} listens and keeps its subscribers' sessions for resumption.
 *
 * @param listen the address to bind (port 0: any free port)
 * @param secret what subscribers must present in SETUP
 * @param tls TLS with client certificates, or null for plain TCP
 * @param resumeSession how long a cut subscriber's stream is kept for it to resume (RSocket resumption); after
 *     that it must subscribe again and gets a fresh catch-up
 * @param resumeCacheBytes sent frames kept per subscriber for resumption (oldest dropped first); must exceed what
 *     a subscriber may have requested and not yet received, or a resumption fails and a fresh catch-up follows
 * @param setupTimeout how long a connection may stay without a SETUP frame before it is closed
 */
public record PeerServerOptions(
        InetSocketAddress listen,
        PeerSecret secret,
        @Nullable PeerTls tls,
        Duration resumeSession,
        int resumeCacheBytes,
        Duration setupTimeout) {
    /** Default {@link #resumeSession}: a cut of a few seconds resumes; a longer outage starts over. */
    public static final Duration DEFAULT_RESUME_SESSION = Duration.ofSeconds(30);
    /** Default {@link #resumeCacheBytes}: 8 MiB, room for 128 frames of the largest datagram. */
    public static final int DEFAULT_RESUME_CACHE = 8 << 20;

    /** Validates the durations and sizes. */
    public PeerServerOptions {
        positive("resume session", resumeSession);
        positive("setup timeout", setupTimeout);
        if (resumeCacheBytes < 1 << 16) {
            throw new IllegalArgumentException(
                    "resume cache must hold at least one datagram (65536 bytes), not " + resumeCacheBytes);
        }
    }

    /** Defaults for everything but the address, the secret and TLS. */
    public static PeerServerOptions of(InetSocketAddress listen, PeerSecret secret, @Nullable PeerTls tls) {
        return new PeerServerOptions(
                listen, secret, tls, DEFAULT_RESUME_SESSION, DEFAULT_RESUME_CACHE, Duration.ofSeconds(10));
    }

    /** These options keeping cut sessions for {@code d}. */
    public PeerServerOptions withResumeSession(Duration d) {
        return new PeerServerOptions(listen, secret, tls, d, resumeCacheBytes, setupTimeout);
    }

    static void positive(String what, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, not " + d);
        }
    }
}
