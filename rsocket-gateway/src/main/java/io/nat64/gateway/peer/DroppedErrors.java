package io.nat64.gateway.peer;

import io.rsocket.exceptions.RejectedResumeException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Hooks;

/**
 * Reactor's hook for errors that arrive after their subscriber is gone. RSocket's resuming client signals a peer's
 * "unknown resume token" (the peer restarted, or the session expired) that way once the link has moved on to a
 * fresh connection; Reactor's default logs it as an ERROR with a stack trace on every restart of a peer. Here that
 * case is one INFO line, as the link's reconnect already says what happens; any other dropped error is still an
 * ERROR with its stack trace. Installed once per JVM by the first {@link PeerClient}.
 */
final class DroppedErrors {
    private static final Logger log = LoggerFactory.getLogger(DroppedErrors.class);
    private static final AtomicBoolean installed = new AtomicBoolean();

    private DroppedErrors() {}

    /** Installs the hook unless it is there already (Reactor's hooks add up). */
    static void install() {
        if (installed.compareAndSet(false, true)) {
            Hooks.onErrorDropped(DroppedErrors::log);
        }
    }

    /** Whether {@code e}, wrapped or not, is a peer's refusal to resume a session it no longer knows. */
    static boolean isForgottenResume(@Nullable Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RejectedResumeException) {
                return true;
            }
        }
        return false;
    }

    private static void log(Throwable e) {
        if (isForgottenResume(e)) {
            log.info(
                    "peer replication: a peer no longer knows this link's resume token (it restarted, or the session"
                            + " expired): {}; the link reconnects with a fresh catch-up",
                    Exceptions.unwrap(e).getMessage());
        } else {
            log.error("an error arrived after its subscriber was gone (Reactor's onErrorDropped)", e);
        }
    }
}
