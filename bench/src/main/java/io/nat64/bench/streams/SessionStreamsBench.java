package io.nat64.bench.streams;

import java.io.PrintStream;

/**
 * The "Session streams" figures of {@code docs/benchmarks.md}: follow throughput, display footprint, the
 * translator's rate beside a follower, and what a peer's catch-up costs the owner thread.
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar io.nat64.bench.streams.SessionStreamsBench [follow|snapshot|translate|catchup|relay|all] [quick]
 * }</pre>
 */
public final class SessionStreamsBench {
    private SessionStreamsBench() {}

    /** Runs the measurements named by {@code args[0]} (default all); {@code quick} shortens them. */
    public static void main(String[] args) throws InterruptedException {
        String what = args.length > 0 ? args[0] : "all";
        boolean quick = args.length > 1 && args[1].equals("quick");
        PrintStream out = System.out;
        out.printf("session streams, %s, java %s%n", Bench.load(), Runtime.version());
        if (what.equals("follow") || what.equals("all")) {
            FollowThroughput.run(quick ? 2_000_000 : 10_000_000, out);
        }
        if (what.equals("snapshot") || what.equals("all")) {
            SnapshotFootprint.run(quick ? 200_000 : 1_000_000, out);
        }
        if (what.equals("translate") || what.equals("all")) {
            TranslateWithFollower.run(quick ? 3 : 10, out);
        }
        if (what.equals("catchup") || what.equals("all")) {
            CatchUpCost.run(quick ? 200_000 : 2_000_000, quick ? 3 : 6, out);
        }
        if (what.equals("relay")) { // not in "all": run it pinned to one CPU (taskset -c 1)
            LiveRelayCost.run(quick ? 200_000 : 2_200_000, quick ? 60_000 : 140_000, quick ? 1 : 3, out);
        }
        System.exit(0); // the schedulers' daemon threads aside, nothing is left to wait for
    }
}
