package io.nat64.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * How {@code nat64} configures its one logging backend (SLF4J simple, on stderr): warnings and errors only unless
 * {@code NAT64_LOG} says otherwise, one line per event with an ISO time, the level, the thread (an owner thread is
 * named after its instance) and the short logger name; messages are {@code event=... key=value} pairs to grep.
 * {@code NAT64_LOG} is a level ({@code error}, {@code warn}, {@code info}, {@code debug}, {@code trace}, {@code off}),
 * optionally followed by {@code ,LOGGER=LEVEL} pairs: {@code NAT64_LOG=info,io.nat64.core=debug}. A
 * {@code -Dorg.slf4j.simpleLogger.*} system property given to the JVM wins over both.
 *
 * <p>Threading: {@link #apply} runs once, on the main thread, before the first logger exists.
 */
public final class LogConfig {
    private static final String PREFIX = "org.slf4j.simpleLogger.";
    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

    private LogConfig() {}

    /** Sets the system properties {@link #properties} computes from the process's environment. */
    public static void apply(Map<String, String> environment) {
        properties(environment.get("NAT64_LOG"), System::getProperty).forEach(System::setProperty);
    }

    /**
     * The SLF4J simple properties for {@code nat64Log} (the value of {@code NAT64_LOG}, may be null), leaving out those
     * {@code existing} already has. Unknown levels fall back to {@code warn}.
     */
    static Map<String, String> properties(String nat64Log, UnaryOperator<String> existing) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("defaultLogLevel", "warn");
        p.put("logFile", "System.err");
        p.put("showDateTime", "true");
        p.put("dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        p.put("showThreadName", "true");
        p.put("showShortLogName", "true");
        p.put("levelInBrackets", "false");
        if (nat64Log != null) {
            for (String part : nat64Log.split(",")) {
                String item = part.trim().toLowerCase(Locale.ROOT);
                int eq = item.indexOf('=');
                if (eq < 0 && LEVELS.contains(item)) {
                    p.put("defaultLogLevel", item);
                } else if (eq > 0 && LEVELS.contains(item.substring(eq + 1))) {
                    p.put("log." + part.trim().substring(0, eq), item.substring(eq + 1));
                }
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.forEach((k, v) -> {
            if (existing.apply(PREFIX + k) == null) {
                out.put(PREFIX + k, v);
            }
        });
        return out;
    }
}
