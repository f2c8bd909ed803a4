package io.nat64.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One lab of {@code deploy/lab/lab.sh}, under a random namespace prefix and its own state directory: {@link #up},
 * commands run in its namespaces with a timeout each, the daemon's stats file, and {@link #close()} ({@code lab.sh
 * down}).
 *
 * <p>Threading: the test thread.
 */
final class Lab implements AutoCloseable {
    static final Duration SHORT = Duration.ofSeconds(20);

    private final Path script;
    private final Path state;
    private final Map<String, String> env = new HashMap<>();
    private @Nullable Path launcher;
    private boolean up;

    private Lab(Path script, Path state, String prefix) {
        this.script = script;
        this.state = state;
        env.put("LAB_PREFIX", prefix);
        env.put("LAB_STATE", state.toString());
        env.put("LAB_TTL", "600");
    }

    /** A lab with a fresh prefix ({@code n64it} + 4 hex digits) and state directory; not up yet. */
    static Lab create() throws IOException {
        return create("lab.sh", "n64it");
    }

    /**
     * A lab of {@code deploy/lab/SCRIPT} (e.g. {@code sync-lab.sh}), prefix {@code stem} + 4 hex digits; not up
     * yet.
     */
    static Lab create(String script, String stem) throws IOException {
        String prefix =
                String.format("%s%04x", stem, ThreadLocalRandom.current().nextInt(0x10000));
        Path state = Files.createTempDirectory("nat64-lab-" + prefix);
        Lab lab = new Lab(Path.of("lab", script).toAbsolutePath(), state, prefix);
        lab.env.put("NAT64_LIB", Path.of("target", "lib").toAbsolutePath().toString());
        return lab;
    }

    /** Sets the environment variable {@code name} for every later run of the script (e.g. {@code SYNC_MODE}). */
    Lab with(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Runs the lab script with {@code args} (e.g. {@code up}, {@code stop b}); {@code up} marks the lab up. */
    Result script(Duration timeout, String... args) {
        if (args.length > 0 && args[0].equals("up")) {
            up = true;
        }
        List<String> all = new ArrayList<>(List.of(script.toString()));
        all.addAll(List.of(args));
        return run(timeout, all);
    }

    /** The contents of {@code name} in the state directory, or a note saying why there is none. */
    String file(String name) {
        try {
            return Files.readString(state.resolve(name));
        } catch (IOException e) {
            return "(no " + name + ": " + e.getMessage() + ")";
        }
    }

    Path state() {
        return state;
    }

    String prefix() {
        return env.get("LAB_PREFIX");
    }

    /**
     * Runs the daemon through this {@code bin/nat64} launcher ({@code NAT64_BIN}: its {@code nat64-daemon}, which
     * applies the printed ip commands) instead of {@code java -cp target/lib/*}.
     */
    Lab withLauncher(Path binNat64) {
        this.launcher = binNat64;
        return this;
    }

    /** Brings the lab up with this daemon configuration and extra daemon flags. */
    void up(String configYaml, String daemonArgs) throws IOException {
        Path config = state.resolve("test-nat64.yaml");
        Files.writeString(config, configYaml);
        env.put("NAT64_CONFIG", config.toString());
        env.put("NAT64_ARGS", daemonArgs);
        if (launcher != null) {
            env.put("NAT64_BIN", launcher.toString());
        } else {
            env.put("NAT64_LIB", Path.of("target", "lib").toAbsolutePath().toString());
        }
        up = true;
        run(Duration.ofSeconds(90), List.of(script.toString(), "up")).check();
    }

    /** Runs {@code command} in the {@code role} namespace (client, nat or server). */
    Result exec(String role, Duration timeout, String... command) {
        List<String> all = new ArrayList<>(List.of(
                script.toString(),
                "exec",
                role,
                "timeout",
                "-k",
                "2",
                String.valueOf(Math.max(1, timeout.toSeconds()))));
        all.addAll(List.of(command));
        return run(timeout.plusSeconds(5), all);
    }

    /** Like {@link #exec} with {@code input} as the command's stdin. */
    Result exec(String role, Duration timeout, Path input, String... command) {
        List<String> all = new ArrayList<>(List.of(
                script.toString(),
                "exec",
                role,
                "timeout",
                "-k",
                "2",
                String.valueOf(Math.max(1, timeout.toSeconds()))));
        all.addAll(List.of(command));
        return run(timeout.plusSeconds(5), all, input);
    }

    /** The daemon's counters for instance {@code default}, from its stats file. */
    Map<String, Long> stats() throws IOException {
        Map<String, Long> out = new HashMap<>();
        for (String line : Files.readAllLines(state.resolve("stats.csv"))) {
            String[] f = line.split(",");
            if (f.length == 3 && f[0].equals("default")) {
                out.put(f[1], Long.parseLong(f[2]));
            }
        }
        return out;
    }

    /** One counter, 0 if absent. */
    long stat(String name) throws IOException {
        return stats().getOrDefault(name, 0L);
    }

    /** Waits until the stats satisfy {@code condition}; fails with the last stats and the daemon log. */
    Map<String, Long> awaitStats(String what, Duration timeout, Predicate<Map<String, Long>> condition)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> last = stats();
        while (!condition.test(last)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("stats never showed " + what + " within " + timeout + ": " + last
                        + "\ndaemon log:\n" + daemonLog());
            }
            Thread.sleep(100);
            last = stats();
        }
        return last;
    }

    String daemonLog() {
        try {
            return Files.readString(state.resolve("daemon.log"));
        } catch (IOException e) {
            return "(no daemon log: " + e.getMessage() + ")";
        }
    }

    /**
     * Takes the lab down ({@code lab.sh down}: SIGTERM to the daemon, SIGKILL after 10 s), prints the daemon's log,
     * and deletes the state directory.
     *
     * @return the daemon's log (empty if the lab was not up)
     */
    String down() {
        String log = "";
        if (up) {
            up = false;
            run(Duration.ofSeconds(60), List.of(script.toString(), "down")).check();
            log = daemonLog();
            if (Files.exists(state.resolve("daemon.log"))) {
                System.out.println("daemon log of lab " + prefix() + ":\n" + log);
            }
        }
        deleteState();
        return log;
    }

    /** Takes the lab down as {@link #down()} does and returns the named state files as they were left (logs). */
    Map<String, String> downWithFiles(String... names) {
        Map<String, String> out = new HashMap<>();
        if (up) {
            up = false;
            run(Duration.ofSeconds(60), List.of(script.toString(), "down")).check();
            for (String name : names) {
                out.put(name, file(name));
            }
        }
        deleteState();
        return out;
    }

    @Override
    public void close() {
        down();
    }

    private void deleteState() {
        try (var files = Files.walk(state)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("cannot delete " + state + ": " + e.getMessage());
        }
    }

    /** What {@code ip netns list} says. */
    static String netnsList() {
        try {
            Process p = new ProcessBuilder("ip", "netns", "list")
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("ip netns list did not finish in 10 s");
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot run ip netns list: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Why the lab cannot run here, or null when it can. */
    static @Nullable String whyNotRunnable() {
        if (!"Linux".equals(System.getProperty("os.name"))) {
            return "not Linux";
        }
        if (effectiveUid() != 0) {
            return "not root";
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            return "no /dev/net/tun";
        }
        for (String tool : List.of("ip", "curl", "ping", "socat", "python3", "timeout")) {
            if (onPath(tool) == null) {
                return "no " + tool + " on the PATH (.ci/run installs it)";
            }
        }
        if (!Files.isDirectory(Path.of("target", "lib"))) {
            return "no target/lib (run mvn package first)";
        }
        return null;
    }

    private static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static @Nullable Path onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return Path.of(dir, command);
            }
        }
        return null;
    }

    private Result run(Duration timeout, List<String> command) {
        return run(timeout, command, Path.of("/dev/null"));
    }

    /** Runs a command to completion, stdout and stderr merged, killing it if it outlives {@code timeout}. */
    private Result run(Duration timeout, List<String> command, Path input) {
        Path out = null;
        Process p = null;
        String shown = String.join(" ", command);
        try {
            out = Files.createTempFile(state, "cmd", ".out");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(input.toFile());
            pb.environment().putAll(env);
            p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError(shown + " did not finish within " + timeout + "; killed. Output:\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(shown, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + shown + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (p != null) {
                p.destroyForcibly();
            }
            throw new AssertionError("interrupted while running " + shown, e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    /** What a finished command said. */
    record Result(String command, int exit, String output) {
        Result check() {
            if (exit != 0) {
                throw new AssertionError(command + " exited with " + exit + ":\n" + output);
            }
            return this;
        }
    }
}
