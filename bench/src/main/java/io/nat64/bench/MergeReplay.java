package io.nat64.bench;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.Globals;
import io.nat64.core.session.BibTable;
import io.nat64.core.session.MergeResult;
import io.nat64.core.session.Session;
import io.nat64.core.session.SessionListener;
import io.nat64.core.session.TcpState;
import io.nat64.core.session.TimerType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Random;

/**
 * A peer's replay merged into the table (session synchronisation: a node joining, or catching up after a
 * partition): {@code sessions} UDP copies with remaining lifetimes drawn at random, so they arrive in no
 * order of expiry, merged into an empty table (every one ADDED), then the same copies again with fresh
 * lifetimes (every one UPDATED or KEPT_LOCAL). Each pass is timed on wall clock and thread CPU; the slowest
 * single merge is printed too. Then the table is expired to the end, checking that nothing is left.
 *
 * <p>Usage: {@code MergeReplay [sessions] [rounds]}; defaults 1,000,000 and 3.
 */
public final class MergeReplay {
    private static final int POOL4_BASE = Ipv4Address.parseBits("203.0.113.0");

    private MergeReplay() {}

    public static void main(String[] args) {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long timeout = Globals.defaults().timeout(L4Protocol.UDP, TimerType.EST);
        Session[] copies = new Session[sessions];
        for (int b = 0; b < sessions; b++) {
            int dst4 = Flows.dst4(b, 0);
            copies[b] = new Session(
                    L4Protocol.UDP,
                    new Ipv6Address(Flows.SRC6_HIGH, Flows.src6Low(b)),
                    Flows.src6Port(b),
                    new Ipv6Address(Flows.DST6_HIGH, Flows.dst6Low(dst4)),
                    Flows.SERVER_PORT,
                    new Ipv4Address(POOL4_BASE | b / 65535),
                    1 + b % 65535,
                    new Ipv4Address(dst4),
                    Flows.SERVER_PORT,
                    TcpState.ESTABLISHED,
                    TimerType.EST,
                    0,
                    0);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int r = 1; r <= rounds; r++) {
            Random random = new Random(r);
            BibTable table = Flows.newDb(SessionListener.NONE).table(L4Protocol.UDP);
            long now = Flows.START;
            for (int pass = 0; pass < 2; pass++) {
                System.gc();
                long worst = 0;
                int[] results = new int[MergeResult.values().length];
                long cpu0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                for (Session copy : copies) {
                    long t0 = System.nanoTime();
                    MergeResult m = table.merge(copy, 1 + random.nextInt((int) timeout), now);
                    long t = System.nanoTime() - t0;
                    worst = Math.max(worst, t);
                    results[m.ordinal()]++;
                }
                long wall = System.nanoTime() - wall0;
                long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                System.out.printf(
                        Locale.ROOT,
                        "merge: round %d, %s pass, %,d copies in random order of expiry: wall %,d ms (%,d ns/merge),"
                                + " thread CPU %,d ms (%,d ns/merge), slowest merge %.3f ms; %s%n",
                        r,
                        pass == 0 ? "empty-table" : "full-table",
                        sessions,
                        wall / 1_000_000,
                        wall / sessions,
                        cpu / 1_000_000,
                        cpu / sessions,
                        worst / 1e6,
                        describe(results));
                now += 1_000;
            }
            Flows.expectCounts(table, sessions, sessions);
            long end = now + 2 * timeout;
            while (table.expire(end, ExpiryLatency.BUDGET) == ExpiryLatency.BUDGET) {
                // drain
            }
            Flows.expectCounts(table, 0, 0);
        }
    }

    private static String describe(int[] results) {
        StringBuilder b = new StringBuilder();
        for (MergeResult m : MergeResult.values()) {
            if (results[m.ordinal()] > 0) {
                b.append(b.length() == 0 ? "" : ", ").append(m).append(' ').append(results[m.ordinal()]);
            }
        }
        return b.toString();
    }
}
