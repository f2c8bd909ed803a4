package io.nat64.cli.daemon;

import io.nat64.cli.daemon.DaemonConfig.BibSpec;
import io.nat64.cli.daemon.DaemonConfig.InstanceSpec;
import io.nat64.cli.daemon.DaemonConfig.Pool4Spec;
import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.GlobalKey;
import io.nat64.core.config.Globals;
import io.nat64.core.instance.InstanceConfig;
import io.nat64.core.pool.Pool4Entry;
import io.nat64.core.pool.Pool6;
import io.nat64.core.session.BibEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A configuration checked down to the core's own validators, before anything is created: every instance's config,
 * queue count, pool4 entries and static BIB entries. A problem is a {@link ConfigException} that names the file, the
 * key path and the value.
 */
record DaemonPlan(List<InstancePlan> instances) {
    /** The most TUN queues an instance may have (the kernel's limit is 256; two cores rarely want more than 4). */
    static final int MAX_QUEUES = 64;

    /** One instance, ready to create. */
    record InstancePlan(InstanceConfig config, int queues, List<Pool4Entry> pool4, List<BibEntry> bib) {}

    /** Validates {@code config}, read from {@code source}. */
    static DaemonPlan of(DaemonConfig config, String source) {
        List<InstancePlan> plans = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> tuns = new HashSet<>();
        List<InstanceSpec> specs = config.instanceList();
        for (int i = 0; i < specs.size(); i++) {
            Checker c = new Checker(source, "instances[" + i + "]");
            InstancePlan plan = instance(specs.get(i), c);
            if (!names.add(plan.config().name())) {
                throw c.fail("name", "instance name '" + plan.config().name() + "' is used twice");
            }
            if (!tuns.add(plan.config().tunName())) {
                throw c.fail("tun", "TUN device '" + plan.config().tunName() + "' is used by two instances");
            }
            plans.add(plan);
        }
        return new DaemonPlan(List.copyOf(plans));
    }

    private static InstancePlan instance(InstanceSpec s, Checker c) {
        String name = c.required("name", s.name());
        c.check("name", () -> {
            InstanceConfig.validateName(name);
            return name;
        });
        Ipv6Prefix pool6 = c.check("pool6", () -> {
            Ipv6Prefix p = Ipv6Prefix.parse(c.required("pool6", s.pool6()));
            Pool6.of(p);
            return p;
        });
        Globals globals = globals(s.globals(), c);
        InstanceConfig config = c.check("tun", () -> new InstanceConfig(name, pool6, s.tun(), globals));
        int queues = s.queues() == null ? 1 : s.queues();
        if (queues < 1 || queues > MAX_QUEUES) {
            throw c.fail("queues", "must be 1 to " + MAX_QUEUES + ", not " + queues);
        }
        List<Pool4Entry> pool4 = new ArrayList<>();
        List<Pool4Spec> rows = s.pool4() == null ? List.of() : s.pool4();
        for (int j = 0; j < rows.size(); j++) {
            pool4.addAll(pool4(rows.get(j), c.at("pool4[" + j + "]")));
        }
        List<BibEntry> bib = new ArrayList<>();
        List<BibSpec> entries = s.bib() == null ? List.of() : s.bib();
        for (int j = 0; j < entries.size(); j++) {
            bib.add(bib(entries.get(j), c.at("bib[" + j + "]")));
        }
        return new InstancePlan(config, queues, List.copyOf(pool4), List.copyOf(bib));
    }

    private static Globals globals(@Nullable Map<String, String> given, Checker c) {
        Globals g = Globals.defaults();
        if (given == null) {
            return g;
        }
        for (Map.Entry<String, String> e : given.entrySet()) {
            String key = e.getKey();
            GlobalKey k = GlobalKey.byName(key)
                    .orElseThrow(() -> c.fail(
                            "globals." + key,
                            "unknown global (known: "
                                    + Arrays.stream(GlobalKey.values())
                                            .map(GlobalKey::jsonName)
                                            .collect(Collectors.joining(", "))
                                    + ")"));
            String value = c.required("globals." + key, e.getValue());
            Globals before = g;
            g = c.check("globals." + key, () -> before.with(k, value));
        }
        return g;
    }

    private static List<Pool4Entry> pool4(Pool4Spec s, Checker c) {
        Ipv4Prefix prefix = c.check("prefix", () -> Ipv4Prefix.parse(c.required("prefix", s.prefix())));
        int[] range = s.ports() == null
                ? new int[] {Pool4Entry.DEFAULT_MIN_PORT, Pool4Entry.DEFAULT_MAX_PORT}
                : c.check("ports", () -> portRange(s.ports()));
        List<L4Protocol> protocols =
                s.protocol() == null ? List.of(L4Protocol.values()) : List.of(protocol(s.protocol(), c));
        List<Pool4Entry> out = new ArrayList<>();
        for (L4Protocol p : protocols) {
            // The prefix alone first (with the default range), so its problems are blamed on it.
            c.check("prefix", () -> Pool4Entry.of(p, prefix));
            out.add(c.check("ports", () -> Pool4Entry.of(p, prefix, range[0], range[1])));
        }
        return out;
    }

    private static BibEntry bib(BibSpec s, Checker c) {
        L4Protocol protocol = protocol(c.required("protocol", s.protocol()), c);
        String six = c.required("ipv6", s.ipv6());
        String four = c.required("ipv4", s.ipv4());
        Ipv6Address src6 = c.check("ipv6", () -> Ipv6Address.parse(address(six)));
        int src6Port = c.check("ipv6", () -> port(six));
        Ipv4Address src4 = c.check("ipv4", () -> Ipv4Address.parse(address(four)));
        int src4Port = c.check("ipv4", () -> port(four));
        return c.check("ipv4", () -> new BibEntry(protocol, src6, src6Port, src4, src4Port, true));
    }

    private static L4Protocol protocol(String text, Checker c) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "tcp" -> L4Protocol.TCP;
            case "udp" -> L4Protocol.UDP;
            case "icmp" -> L4Protocol.ICMP;
            default -> throw c.fail("protocol", "'" + text + "' is not tcp, udp or icmp");
        };
    }

    /** {@code MIN-MAX} or a single port. */
    static int[] portRange(String text) {
        String t = text.trim();
        int dash = t.indexOf('-');
        int min = Integer.parseInt(dash < 0 ? t : t.substring(0, dash).trim());
        int max = dash < 0 ? min : Integer.parseInt(t.substring(dash + 1).trim());
        return new int[] {min, max};
    }

    /** The address part of {@code ADDRESS#PORT}. */
    private static String address(String transport) {
        int hash = transport.lastIndexOf('#');
        if (hash < 0) {
            throw new IllegalArgumentException("expected ADDRESS#PORT");
        }
        return transport.substring(0, hash).trim();
    }

    private static int port(String transport) {
        return Integer.parseInt(
                transport.substring(transport.lastIndexOf('#') + 1).trim());
    }

    /** Builds the one-line messages for one place in the file. */
    private record Checker(String source, String path) {
        Checker at(String child) {
            return new Checker(source, path + "." + child);
        }

        ConfigException fail(String key, String message) {
            return new ConfigException(source + ": " + path + "." + key + ": " + message);
        }

        String required(String key, @Nullable String value) {
            if (value == null || value.isBlank()) {
                throw fail(key, "missing (required)");
            }
            return value;
        }

        /** Runs a core validator; its {@code IllegalArgumentException} becomes a {@link ConfigException}. */
        <T> T check(String key, Supplier<T> validator) {
            try {
                return validator.get();
            } catch (ConfigException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw fail(key, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
    }
}
