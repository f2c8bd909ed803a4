package io.nat64.gateway;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.InstanceRegistry;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Turns request fields into core values, with errors that say what was wrong and how to fix it. */
final class Requests {
    private Requests() {}

    /** The instance named {@code name}; an error naming it, and how to create it, if there is none. */
    static Instance instance(InstanceRegistry registry, @Nullable String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("the request names no instance (field \"instance\")");
        }
        return registry.get(name).orElseThrow(() -> new IllegalArgumentException(unknownInstance(name)));
    }

    /** The message for an instance that does not exist; clients recognise its start. */
    static String unknownInstance(String name) {
        return "instance '" + name + "' does not exist (create it with: nat64 instance add " + name
                + " --pool6 PREFIX)";
    }

    /** {@code text} as a protocol (any case); null means {@code whenAbsent}. */
    static L4Protocol protocol(@Nullable String text, L4Protocol whenAbsent) {
        if (text == null) {
            return whenAbsent;
        }
        return switch (text.toUpperCase(Locale.ROOT)) {
            case "TCP" -> L4Protocol.TCP;
            case "UDP" -> L4Protocol.UDP;
            case "ICMP" -> L4Protocol.ICMP;
            default -> throw new IllegalArgumentException("protocol must be TCP, UDP or ICMP, not '" + text + "'");
        };
    }

    /** A port or ICMP identifier named {@code what}, checked to be 0 to 65535. */
    static int port(@Nullable Integer port, String what) {
        if (port == null) {
            throw new IllegalArgumentException("the request has no " + what);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " must be 0 to 65535, not " + port);
        }
        return port;
    }
}
