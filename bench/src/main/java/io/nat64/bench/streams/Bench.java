package io.nat64.bench.streams;

import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.GlobalKey;
import io.nat64.core.config.Globals;
import io.nat64.core.instance.Instance;
import io.nat64.core.instance.InstanceConfig;
import io.nat64.core.pool.Pool4Entry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import reactor.core.scheduler.Scheduler;

/** Shared set-up of the stream measurements. */
final class Bench {
    static final Ipv6Prefix POOL6 = Ipv6Prefix.parse("64:ff9b::/96");
    /** 2001:db8::/32, the IPv6 clients. */
    static final long CLIENT_HIGH = 0x20010db800000000L;
    /** 192.0.2.8, the IPv4 server. */
    static final int SERVER = 0xc0000208;

    private Bench() {}

    /** An ss-enabled instance on {@code owner} with pool4 {@code prefix} (every port) for {@code protocol}. */
    static Instance instance(Scheduler owner, L4Protocol protocol, String prefix) {
        Globals g = Globals.defaults().with(GlobalKey.SS_ENABLED, "true");
        Instance nat = Instance.create(new InstanceConfig("bench", POOL6, null, g), owner, 42);
        nat.addPool4(Pool4Entry.allPorts(protocol, Ipv4Prefix.parse(prefix))).block();
        return nat;
    }

    /** Makes {@code nat} discard what it translates; returns its owner thread's id (to read that thread's CPU time). */
    static long discardOutput(Instance nat) {
        return nat.call(db -> {
                    nat.packets().setOutput((buf, off, len) -> {});
                    return Thread.currentThread().getId();
                })
                .block();
    }

    /** The IPv6 address embedding {@code ipv4} in pool6, low half. */
    static long embedLow(int ipv4) {
        return POOL6.address().low() | (ipv4 & 0xffffffffL);
    }

    /** Waits (spinning politely) until {@code done}, at most {@code limit}; whether it happened. */
    static boolean await(BooleanSupplier done, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        return true;
    }

    /** The median of {@code values}. */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The smallest and largest of {@code values}, in thousands, as {@code "min-max k"}. */
    static String spread(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return String.format("%,.0f-%,.0f k", v[0] / 1000, v[v.length - 1] / 1000);
    }

    /** The one-minute load average and the processor count, to print beside each figure. */
    static String load() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return String.format("load %.2f on %d cpus", os.getSystemLoadAverage(), os.getAvailableProcessors());
    }
}
