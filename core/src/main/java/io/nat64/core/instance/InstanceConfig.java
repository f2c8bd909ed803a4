package io.nat64.core.instance;

import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.config.Globals;
import org.jspecify.annotations.Nullable;

/**
 * What {@code instance add} creates: a name (printable ASCII, at most 15 characters, as Jool), a pool6
 * prefix, the TUN device to use (null: derived from the name), and the initial globals.
 *
 * <p>{@code new InstanceConfig("default", Ipv6Prefix.parse("64:ff9b::/96"), null, Globals.defaults())}
 */
public record InstanceConfig(String name, Ipv6Prefix pool6, @Nullable String tun, Globals globals) {
    /** The instance every command uses when {@code -i} is not given. */
    public static final String DEFAULT_NAME = "default";

    /** Validates the name and the TUN device name. */
    public InstanceConfig {
        validateName(name);
        if (tun != null && (tun.isEmpty() || tun.length() > 15 || tun.contains("/") || tun.contains(" "))) {
            throw new IllegalArgumentException(
                    "invalid TUN device name '" + tun + "': 1 to 15 characters, no '/' or space");
        }
    }

    /** The TUN device name: the one given, or {@code nat64-} plus the name, cut to 15 characters. */
    public String tunName() {
        if (tun != null) {
            return tun;
        }
        String derived = "nat64-" + name.replaceAll("[^A-Za-z0-9_.-]", "_");
        return derived.length() > 15 ? derived.substring(0, 15) : derived;
    }

    /** Throws an {@link IllegalArgumentException} that says what is wrong with {@code name}, if anything. */
    public static void validateName(String name) {
        if (name.isEmpty() || name.length() > 15) {
            throw new IllegalArgumentException("instance name '" + name + "' must have 1 to 15 characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException(
                        "instance name '" + name + "' must be printable ASCII without spaces");
            }
        }
    }
}
