package io.nat64.cli;

/** A failure the command reports with one line on stderr and its own exit code. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    /** A failure with {@code message} (one line, for a person) ending the command with {@code exitCode}. */
    public CliException(ExitCode exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** How the process ends. */
    public ExitCode exitCode() {
        return exitCode;
    }
}
