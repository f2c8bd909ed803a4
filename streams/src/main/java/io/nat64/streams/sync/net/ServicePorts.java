package io.nat64.streams.sync.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a UDP port given as a number or a service name, as Jool's {@code getaddrinfo} accepts it. */
public final class ServicePorts {
    private static final Path SERVICES = Path.of("/etc/services");

    private ServicePorts() {}

    /** {@code text} as a port: a number 0 to 65535, or a UDP service name of /etc/services. */
    public static int parse(String text) {
        String t = text.strip();
        if (!t.isEmpty() && t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int port = t.length() > 5 ? -1 : Integer.parseInt(t);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + text);
            }
            return port;
        }
        return lookup(t, SERVICES);
    }

    static int lookup(String name, Path services) {
        try {
            for (String line : Files.readAllLines(services, StandardCharsets.UTF_8)) {
                int hash = line.indexOf('#');
                String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
                if (f.length < 2 || !f[1].endsWith("/udp")) {
                    continue;
                }
                for (int i = 0; i < f.length; i++) {
                    if (i != 1 && f[i].equals(name)) {
                        return Integer.parseInt(f[1].substring(0, f[1].indexOf('/')));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unknown UDP service '" + name + "' (" + e.getMessage() + ")", e);
        }
        throw new IllegalArgumentException("unknown UDP service '" + name + "'");
    }
}
