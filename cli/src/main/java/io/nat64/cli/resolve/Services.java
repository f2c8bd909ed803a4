package io.nat64.cli.resolve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Port numbers to service names, from the services database ({@code /etc/services}, read once), as
 * {@code getnameinfo} names them: the first name listed for a port and protocol wins. Immutable.
 *
 * <p>{@code Services.system().name(80, "TCP")} is {@code "http"}.
 */
public final class Services {
    private static final Path SYSTEM = Path.of("/etc/services");

    private final Map<Integer, String> names;

    private Services(Map<Integer, String> names) {
        this.names = names;
    }

    /** The system's services database; empty (numbers only) when it does not exist. */
    public static Services system() {
        try {
            return parse(Files.readAllLines(SYSTEM, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return new Services(Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Services from lines in {@code /etc/services} syntax: {@code name port/protocol [aliases] [# comment]}. */
    public static Services parse(List<String> lines) {
        Map<Integer, String> names = new HashMap<>();
        for (String raw : lines) {
            int hash = raw.indexOf('#');
            String[] f = (hash < 0 ? raw : raw.substring(0, hash)).trim().split("\\s+");
            if (f.length < 2) {
                continue;
            }
            int slash = f[1].indexOf('/');
            if (slash < 0) {
                continue;
            }
            int proto = protocolKey(f[1].substring(slash + 1));
            try {
                int port = Integer.parseInt(f[1].substring(0, slash));
                if (proto >= 0 && port >= 0 && port <= 65535) {
                    names.putIfAbsent(port << 1 | proto, f[0]);
                }
            } catch (NumberFormatException e) {
                // not a service line
            }
        }
        return new Services(names);
    }

    /** The service name of {@code port} for {@code protocol} (TCP or UDP), or the number; ICMP: the number. */
    public String name(int port, String protocol) {
        int proto = protocolKey(protocol);
        String name = proto < 0 ? null : names.get(port << 1 | proto);
        return name == null ? Integer.toString(port) : name;
    }

    private static int protocolKey(String protocol) {
        if (protocol.equalsIgnoreCase("tcp")) {
            return 0;
        }
        if (protocol.equalsIgnoreCase("udp")) {
            return 1;
        }
        return -1;
    }
}
