package io.nat64.cli.proxy;

import io.nat64.gateway.peer.PeerSnapshot;
import io.nat64.gateway.peer.PeerStats;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;

/**
 * The proxy's per-peer figures on its standard output (beside its "Config:" block, so they show with the default
 * log level and land in the journal under systemd): a line for a link whenever it connects, disconnects, resumes, catches up
 * or is refused (checked every {@link #CHECK}), and every link's line each {@link #SUMMARY}.
 *
 * <p>Threading: one daemon thread ({@code nat64-proxy-peers}) reads the stats and prints; the writer is locked
 * while a batch of lines is printed.
 */
final class PeerLog implements Disposable {
    static final Duration CHECK = Duration.ofSeconds(1);
    static final Duration SUMMARY = Duration.ofSeconds(60);

    private final PeerStats stats;
    private final PrintWriter out;
    private final ScheduledExecutorService timer;
    private final Map<String, List<Object>> last = new HashMap<>();
    private long ticks;

    private PeerLog(PeerStats stats, PrintWriter out) {
        this.stats = stats;
        this.out = out;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nat64-proxy-peers");
            t.setDaemon(true);
            return t;
        });
    }

    static PeerLog start(PeerStats stats, PrintWriter out) {
        PeerLog l = new PeerLog(stats, out);
        l.timer.scheduleWithFixedDelay(l::check, CHECK.toMillis(), CHECK.toMillis(), TimeUnit.MILLISECONDS);
        return l;
    }

    /** Logs the links whose state changed (every link at each summary). */
    void check() {
        boolean summary = ++ticks % (SUMMARY.toMillis() / CHECK.toMillis()) == 0;
        for (PeerSnapshot s : stats.snapshot()) {
            List<Object> state =
                    List.of(s.connected(), s.connects(), s.catchUps(), s.resumptions(), s.setupsRejected());
            List<Object> before = last.put(s.direction() + " " + s.peer(), state);
            if (summary || !state.equals(before)) {
                synchronized (out) {
                    out.println(PeerFlags.line(s));
                    out.flush();
                }
            }
        }
    }

    @Override
    public void dispose() {
        timer.shutdownNow();
    }

    @Override
    public boolean isDisposed() {
        return timer.isShutdown();
    }
}
