package io.nat64.cli.daemon;

/** The configuration file cannot be used; the message is one line naming the file, the place and the problem. */
final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
        super(message);
    }

    ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
