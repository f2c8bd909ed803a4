package io.nat64.core.tun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A network namespace of our own, named with a random suffix and deleted by {@link #close()}; every command run
 * through it has a timeout and is killed when it overruns.
 *
 * <p>Threading: any thread; the class keeps no mutable state besides the deleted flag.
 */
final class Netns implements AutoCloseable {

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private volatile boolean deleted;

    private Netns(String name) {
        this.name = name;
    }

    /** Creates {@code prefix} + 4 hex digits, with {@code lo} up. */
    static Netns create(String prefix) {
        String name = prefix + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        run(COMMAND_TIMEOUT, "ip", "netns", "add", name).check();
        Netns ns = new Netns(name);
        try {
            run(COMMAND_TIMEOUT, "ip", "-n", name, "link", "set", "lo", "up").check();
        } catch (RuntimeException | Error e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    String name() {
        return name;
    }

    /** The command line that runs {@code command} inside this namespace. */
    List<String> inside(List<String> command) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
        all.addAll(command);
        return all;
    }

    /** Runs {@code command} inside this namespace and waits at most {@code timeout}. */
    Result exec(Duration timeout, String... command) {
        return run(timeout, inside(List.of(command)).toArray(String[]::new));
    }

    @Override
    public void close() {
        if (!deleted) {
            deleted = true;
            run(COMMAND_TIMEOUT, "ip", "netns", "del", name).check();
        }
    }

    /** Why the namespace tests cannot run here, or {@code null} when they can. */
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
        if (onPath("ip") == null) {
            return "no ip command (iproute2)";
        }
        return null;
    }

    /** The effective uid from {@code /proc/self/status}, or -1 if it cannot be read. */
    static int effectiveUid() {
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

    static @Nullable Path onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, command);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** Runs a command to completion, stdout and stderr merged, killing it if it outlives {@code timeout}. */
    static Result run(Duration timeout, String... command) {
        Path out = null;
        Process p = null;
        try {
            out = Files.createTempFile("n64-cmd", ".out");
            p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                        + "; killed. Output so far:\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(String.join(" ", command), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (p != null) {
                p.destroyForcibly();
            }
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
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
