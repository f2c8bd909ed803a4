package io.nat64.streams.sync.net;

import java.util.concurrent.atomic.AtomicLongArray;

/** The mutable counters behind {@link ProxyStats}; written by a transport's sending and receiving threads. */
final class TransportCounters {
    private static final int KERNEL_SENT = 0;
    private static final int NET_RCVD = 2;
    private static final int NET_SENT = 4;
    private final AtomicLongArray values = new AtomicLongArray(6);

    void kernelSent(int bytes) {
        add(KERNEL_SENT, bytes);
    }

    void netReceived(int bytes) {
        add(NET_RCVD, bytes);
    }

    void netSent(int bytes) {
        add(NET_SENT, bytes);
    }

    private void add(int at, int bytes) {
        values.incrementAndGet(at);
        values.addAndGet(at + 1, bytes);
    }

    ProxyStats snapshot() {
        return new ProxyStats(values.get(0), values.get(1), values.get(2), values.get(3), values.get(4), values.get(5));
    }
}
