package io.nat64.cli.resolve;

/**
 * How the remote side of a session or a BIB entry is printed: host names and service names, or numbers.
 * Implementations answer from what is already resolved and never block.
 */
public interface Names {
    /** Numbers only ({@code --numeric}). */
    Names NUMERIC = new Names() {
        @Override
        public String host(String address) {
            return address;
        }

        @Override
        public String service(int port, String protocol) {
            return Integer.toString(port);
        }
    };

    /** The name to print for {@code address} (the address itself when it has none). */
    String host(String address);

    /** The service name of {@code port} for {@code protocol} (TCP, UDP), or the number; ICMP ids stay numbers. */
    String service(int port, String protocol);
}
