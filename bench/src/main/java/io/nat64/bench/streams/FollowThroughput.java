package io.nat64.bench.streams;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.BibTable;
import io.nat64.core.session.Mapping;
import io.nat64.core.session.SessionDb;
import io.nat64.core.session.TcpSegment;
import io.nat64.streams.session.FollowOptions;
import io.nat64.streams.session.FollowStats;
import io.nat64.streams.session.SessionFollow;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Mutations per second delivered to in-process follow subscribers. The owner toggles {@code FLOWS}
 * established TCP sessions between ESTABLISHED and TRANS (an IPv6 RST, then a bare segment), so every
 * table operation publishes exactly one UPDATED mutation; subscribers count what they receive.
 */
final class FollowThroughput {
    private static final int FLOWS = 4096;
    /** Mutations per owner task, as a packet batch of the data plane would make at most. */
    private static final int BATCH = 256;

    private final Instance nat;
    private final boolean[] established = new boolean[FLOWS];
    private final int[] port4 = new int[FLOWS];
    private final Mapping out = new Mapping();
    private int next;

    private FollowThroughput(Scheduler owner) {
        this.nat = Bench.instance(owner, L4Protocol.TCP, "198.51.100.1/32");
        nat.call(this::open).block();
    }

    private boolean open(SessionDb db) {
        BibTable t = db.table(L4Protocol.TCP);
        for (int f = 0; f < FLOWS; f++) {
            syn6(t, f, TcpSegment.SYN);
            port4[f] = out.src4Port();
            t.tcp4(
                    out.src4Addr(),
                    port4[f],
                    Bench.SERVER,
                    80,
                    TcpSegment.fromIpv4(TcpSegment.SYN),
                    new byte[0],
                    0,
                    0,
                    nat.now(),
                    out);
            established[f] = true;
        }
        return true;
    }

    private void syn6(BibTable t, int flow, int flags) {
        t.tcp6(
                Bench.CLIENT_HIGH,
                1,
                1024 + flow,
                Bench.POOL6.address().high(),
                Bench.embedLow(Bench.SERVER),
                Bench.SERVER,
                80,
                TcpSegment.fromIpv6(flags),
                nat.now(),
                out);
    }

    /** One owner task: {@code n} segments, each an ESTABLISHED/TRANS flip, so one mutation each. */
    private int toggle(SessionDb db, int n) {
        BibTable t = db.table(L4Protocol.TCP);
        for (int i = 0; i < n; i++) {
            int f = next;
            next = (next + 1) % FLOWS;
            syn6(t, f, established[f] ? TcpSegment.RST : 0);
            established[f] = !established[f];
        }
        return n;
    }

    /** {@code total} mutations on the owner, a batch per task, all queued at once; returns the elapsed ns. */
    private long produce(int total) {
        long t0 = System.nanoTime();
        for (int i = 0; i < total / BATCH; i++) {
            nat.call(db -> toggle(db, BATCH)).subscribe();
        }
        nat.call(db -> 0).block(); // the owner runs its tasks in order: this one comes last
        return System.nanoTime() - t0;
    }

    static void run(int total, PrintStream out) {
        Scheduler owner = Schedulers.newSingle("bench-owner");
        try {
            FollowThroughput b = new FollowThroughput(owner);
            total = total / BATCH * BATCH;
            b.produce(total); // warm-up, nobody listening
            long none = b.produce(total);
            out.printf("follow: table alone (no subscriber): %,.0f mutations/s produced%n", total * 1e9 / none);
            for (int subscribers : new int[] {1, 8}) {
                b.measure(subscribers, total, FollowOptions.DEFAULT_BUFFER, out);
                b.measure(subscribers, total, 65_536, out);
            }
        } finally {
            owner.dispose();
        }
    }

    private void measure(int subscribers, int total, int buffer, PrintStream out) {
        List<SessionFollow> follows = new ArrayList<>();
        List<Disposable> subscriptions = new ArrayList<>();
        long[] sink = new long[subscribers]; // one slot per subscriber: each is written by one worker at a time
        for (int s = 0; s < subscribers; s++) {
            int slot = s;
            SessionFollow f = SessionFollow.of(
                    nat, FollowOptions.defaults().withBufferSize(buffer).withDeliverOn(Schedulers.parallel()));
            follows.add(f);
            subscriptions.add(f.mutations().subscribe(m -> sink[slot] += m.at()));
        }
        produce(total); // warm-up with these subscribers
        Bench.await(() -> follows.stream().allMatch(f -> seen(f.stats()) >= total), Duration.ofSeconds(60));
        long[] before = follows.stream().mapToLong(f -> f.stats().delivered()).toArray();
        long[] droppedBefore =
                follows.stream().mapToLong(f -> f.stats().dropped()).toArray();
        long t0 = System.nanoTime();
        long produced = produce(total);
        Bench.await(() -> follows.stream().allMatch(f -> seen(f.stats()) >= 2L * total), Duration.ofSeconds(60));
        long elapsed = System.nanoTime() - t0;
        long delivered = 0;
        long dropped = 0;
        for (int s = 0; s < subscribers; s++) {
            delivered += follows.get(s).stats().delivered() - before[s];
            dropped += follows.get(s).stats().dropped() - droppedBefore[s];
        }
        subscriptions.forEach(Disposable::dispose);
        out.printf(
                "follow: %d subscriber(s), buffer %,d: produced %,.0f/s; delivered %,.0f/s per subscriber"
                        + " (%,.0f/s in all), %.2f%% dropped  [%s]%n",
                subscribers,
                buffer,
                total * 1e9 / produced,
                delivered * 1e9 / elapsed / subscribers,
                delivered * 1e9 / elapsed,
                100.0 * dropped / ((long) total * subscribers),
                Bench.load());
    }

    private static long seen(FollowStats s) {
        return s.delivered() + s.dropped();
    }
}
