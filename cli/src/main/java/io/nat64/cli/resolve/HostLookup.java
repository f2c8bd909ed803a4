package io.nat64.cli.resolve;

import java.net.InetAddress;

/** One reverse lookup, which may block for as long as the system's resolver takes. */
@FunctionalInterface
public interface HostLookup {
    /** The system's resolver ({@code /etc/hosts}, then DNS): the host name, or the address itself if none. */
    HostLookup SYSTEM = InetAddress::getHostName;

    /** The name of {@code address}, or its numeric form when it has none; may throw on failure. */
    String name(InetAddress address) throws Exception;
}
