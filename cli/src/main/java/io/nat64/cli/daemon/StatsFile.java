package io.nat64.cli.daemon;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.dataplane.DataPlaneStat;
import io.nat64.core.dataplane.TunDataPlane;
import io.nat64.core.stats.Stat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The {@code --stats-file}: every instance's Jool counters ({@code JSTAT_*}), its session count per protocol
 * ({@code SESSIONS_TCP}, {@code SESSIONS_UDP}, {@code SESSIONS_ICMP}) and its data-plane counters ({@code DP_*}), one {@code INSTANCE,NAME,VALUE}
 * line each after a {@code #} comment line, rewritten whole (write then rename, so a reader never sees half a file).
 *
 * <p>Threading: the daemon's stats thread, and the shutdown hook for the final write.
 */
final class StatsFile {
    private static final Duration ASK = Duration.ofSeconds(5);

    private final Path file;

    StatsFile(Path file) {
        this.file = file;
    }

    /** Rewrites the file with the current counters of {@code planes}. */
    void write(List<TunDataPlane> planes) throws IOException {
        StringBuilder b = new StringBuilder(8192);
        b.append("# nat64 daemon stats at ").append(Instant.now()).append("; INSTANCE,COUNTER,VALUE\n");
        for (TunDataPlane plane : planes) {
            String name = plane.instance().name();
            Map<Stat, Long> jool = plane.instance().stats().block(ASK);
            if (jool != null) {
                jool.forEach((k, v) -> line(b, name, k.joolName(), v));
            }
            int[] sessions = plane.instance()
                    .call(db -> new int[] {
                        db.table(L4Protocol.TCP).sessionCount(),
                        db.table(L4Protocol.UDP).sessionCount(),
                        db.table(L4Protocol.ICMP).sessionCount()
                    })
                    .block(ASK);
            if (sessions != null) {
                line(b, name, "SESSIONS_TCP", sessions[0]);
                line(b, name, "SESSIONS_UDP", sessions[1]);
                line(b, name, "SESSIONS_ICMP", sessions[2]);
            }
            plane.stats().forEach((DataPlaneStat k, Long v) -> line(b, name, k.label(), v));
        }
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".nat64-stats", ".tmp");
        try {
            Files.writeString(tmp, b);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void line(StringBuilder b, String instance, String name, long value) {
        b.append(instance).append(',').append(name).append(',').append(value).append('\n');
    }
}
