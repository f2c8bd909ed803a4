package io.nat64.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@code nat64d.service} gives the daemon, and nothing more, is enough: the unpacked distribution's {@code
 * nat64-daemon} run as an unprivileged user ({@code nobody}) with only CAP_NET_ADMIN and CAP_NET_RAW (ambient, bounding
 * set of those two, no new privileges, an empty environment but for PATH and XDG_CACHE_HOME, as the unit's
 * DynamicUser) creates its TUN device, runs the printed ip commands, serves its metrics and stops cleanly, in a network
 * namespace of its own. {@code /dev/net/tun} is seen with mode 0666 (Debian's udev default) through a private bind
 * mount, so the host's device node is left alone. Needs root, setpriv and unshare; skipped loudly otherwise.
 */
@Timeout(120)
class CapabilitiesNetnsIT {
    private static final String SCRIPT =
            """
            set -euo pipefail
            ns=$1 prefix=$2 work=$3
            ip netns add "$ns"
            trap 'ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL; ip netns del "$ns"' EXIT
            ip -n "$ns" link set lo up
            mknod -m 0666 "$work/tun" c 10 200
            mkdir -m 0777 "$work/cache"
            printf 'instances:\\n  - name: default\\n    pool6: "64:ff9b::/96"\\n    tun: nat64\\n    pool4:\\n      - prefix: 192.0.2.1\\n' >"$work/nat64.yaml"
            chmod 0755 "$work"
            chmod 0644 "$work/nat64.yaml"
            unshare -m sh -c "mount --bind '$work/tun' /dev/net/tun && exec ip netns exec '$ns' setpriv \\
                --reuid=65534 --regid=65534 --clear-groups --no-new-privs \\
                --inh-caps=-all,+net_admin,+net_raw --ambient-caps=-all,+net_admin,+net_raw \\
                --bounding-set=-all,+net_admin,+net_raw \\
                env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin XDG_CACHE_HOME='$work/cache' \\
                timeout -s TERM 90 '$prefix/bin/nat64-daemon' --config '$work/nat64.yaml'" >"$work/daemon.log" 2>&1 &
            pid=$!
            for _ in $(seq 600); do
              grep -q 'nat64-daemon: applied' "$work/daemon.log" && break
              kill -0 "$pid" 2>/dev/null || break
              sleep 0.1
            done
            java=
            for p in $(ip netns pids "$ns"); do
              if [ "$(cat /proc/"$p"/comm 2>/dev/null)" = java ]; then java=$p; fi
            done
            echo "java pid: $java"
            grep -E '^(Uid|CapEff|CapBnd|NoNewPrivs):' /proc/"$java"/status
            ip -n "$ns" -br link show dev nat64
            ip -n "$ns" -6 route show dev nat64
            ip netns exec "$ns" curl -sS --max-time 5 http://127.0.0.1:9464/metrics | grep '^nat64_sessions{' | head -1
            kill -TERM "$java"
            wait "$pid" || true
            echo "--- daemon log"
            cat "$work/daemon.log"
            """;

    @Test
    void theDaemonRunsAsNobodyWithOnlyNetAdminAndNetRaw() throws Exception {
        String why = Lab.whyNotRunnable();
        for (String tool : new String[] {"setpriv", "unshare", "mknod", "tar"}) {
            if (why == null
                    && !Files.isExecutable(Path.of("/usr/bin", tool))
                    && !Files.isExecutable(Path.of("/bin", tool))) {
                why = "no " + tool;
            }
        }
        String dist = System.getProperty("nat64.dist", "");
        if (why == null && !Files.isRegularFile(Path.of(dist))) {
            why = "no distribution tarball (mvn package builds it)";
        }
        if (why != null) {
            System.err.println(
                    "SKIPPED (" + why + "): CapabilitiesNetnsIT needs root, setpriv, unshare and the tarball");
            Assumptions.abort("SKIPPED (" + why + ")");
        }
        Path work = Files.createTempDirectory("nat64-caps");
        try {
            Path prefix = Files.createDirectory(work.resolve("prefix"));
            DistNetnsIT.run(
                    work, Duration.ofSeconds(60), "tar", "xzf", dist, "-C", prefix.toString(), "--strip-components=1");
            String ns = String.format("n64cap%04x", ThreadLocalRandom.current().nextInt(0x10000));
            Process p = new ProcessBuilder("bash", "-c", SCRIPT, "caps", ns, prefix.toString(), work.toString())
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(110, TimeUnit.SECONDS)).isTrue();
            System.out.println("CapabilitiesNetnsIT:\n" + out);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out)
                    .containsPattern("Uid:\\s+65534\\s+65534\\s+65534\\s+65534")
                    .containsPattern("CapEff:\\s+0000000000003000")
                    .containsPattern("CapBnd:\\s+0000000000003000")
                    .containsPattern("NoNewPrivs:\\s+1")
                    .containsPattern("nat64\\s+UNKNOWN|nat64\\s+UP")
                    .contains("64:ff9b::/96")
                    .contains("nat64_sessions{iname=\"default\"")
                    .contains("nat64-daemon: applied 4 commands, 0 failed")
                    .contains("nat64 daemon: stopped");
            assertThat(Lab.netnsList()).doesNotContain(ns);
        } finally {
            try (var files = Files.walk(work)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
