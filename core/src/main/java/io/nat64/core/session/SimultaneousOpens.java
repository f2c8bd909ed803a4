package io.nat64.core.session;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The store of "type 1" simultaneous-open packets (Jool's {@code pkt_queue}): IPv4 SYNs that arrived for a
 * pool4 transport address with no BIB entry, each kept 6 seconds for an IPv6 SYN that would match it, and
 * answered with ICMP port unreachable when none comes (RFC 6146 section 3.5.2.2). Small by design
 * (maximum-simultaneous-opens), so a list is enough. Owner thread only.
 */
final class SimultaneousOpens {
    /** One stored IPv4 SYN: its sender (dst4) and the pool4 address it was sent to (src4). */
    record Stored(int dst4Addr, int dst4Port, int src4Addr, int src4Port, byte[] packet, long storedAt) {}

    private final ArrayDeque<Stored> stored = new ArrayDeque<>();

    int size() {
        return stored.size();
    }

    boolean contains(int dst4Addr, int dst4Port) {
        for (Stored s : stored) {
            if (s.dst4Addr == dst4Addr && s.dst4Port == dst4Port) {
                return true;
            }
        }
        return false;
    }

    void add(Stored s) {
        stored.addLast(s);
    }

    /** Removes and returns the SYN sent by {@code dst4Addr#dst4Port}, if one is stored. */
    @Nullable
    Stored take(int dst4Addr, int dst4Port) {
        if (stored.isEmpty()) {
            return null; // every new IPv6 flow asks: no iterator then
        }
        for (Iterator<Stored> it = stored.iterator(); it.hasNext(); ) {
            Stored s = it.next();
            if (s.dst4Addr == dst4Addr && s.dst4Port == dst4Port) {
                it.remove();
                return s;
            }
        }
        return null;
    }

    /** Drops, without an answer, every SYN sent to {@code src4Addr#src4Port} (a static entry now owns it). */
    void discardFor(int src4Addr, int src4Port) {
        stored.removeIf(s -> s.src4Addr == src4Addr && s.src4Port == src4Port);
    }

    /** Hands every SYN stored for at least {@code hold} ms to {@code expired}, oldest first. */
    void expire(long now, long hold, Consumer<Stored> expired) {
        while (!stored.isEmpty() && stored.peekFirst().storedAt + hold <= now) {
            expired.accept(stored.pollFirst());
        }
    }

    void clear() {
        stored.clear();
    }
}
