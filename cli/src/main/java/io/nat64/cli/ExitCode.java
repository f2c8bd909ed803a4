package io.nat64.cli;

/**
 * The exit codes of {@code nat64}, one per kind of failure, as {@code docs/cli.md} lists them.
 *
 * <p>Scripts may rely on them: {@code nat64 -i blue instance display || [ $? = 4 ] && ...}
 */
public enum ExitCode {
    /** The command did what it was asked. */
    OK(0),
    /** The daemon refused the request: a bad value, a conflict, ss-enabled off, ... (the message says which). */
    REFUSED(1),
    /** The command line is wrong: unknown mode or flag, missing argument (picocli's usage code). */
    USAGE(2),
    /** No daemon answers at the gateway address. */
    NO_DAEMON(3),
    /** The instance named with {@code -i} (or in the command) does not exist. */
    UNKNOWN_INSTANCE(4),
    /** The operation exists in Jool's grammar but not yet in this build ({@code session proxy}). */
    NOT_AVAILABLE(5),
    /** The connection to the daemon broke, or it did not answer in time. */
    CONNECTION_LOST(6),
    /** A bug: something failed that should not (the message says what; please report it). */
    INTERNAL(7);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }
}
