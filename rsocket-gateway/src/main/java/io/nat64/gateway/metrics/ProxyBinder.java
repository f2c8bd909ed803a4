package io.nat64.gateway.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.nat64.streams.sync.net.ProxyStats;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import reactor.core.Disposable;

/**
 * The meters of a session proxy's six counters, the ones its stats server answers with (Jool's {@code
 * statsocket}): packets and bytes the daemon handed it, and packets and bytes it received from and sent to the
 * network (multicast datagrams and peer batches alike).
 *
 * <p>Threading: {@code stats} is called by the scraping thread, once per meter; it must be thread-safe and cheap.
 */
final class ProxyBinder implements Disposable {
    private final MeterRegistry meters;
    /** Held here: Micrometer keeps only a weak reference to a function counter's object. */
    private final Supplier<ProxyStats> stats;

    private final MeterSet registered;

    private ProxyBinder(MeterRegistry meters, Supplier<ProxyStats> stats) {
        this.meters = meters;
        this.stats = stats;
        this.registered = new MeterSet(meters);
    }

    static ProxyBinder bind(MeterRegistry meters, String iname, Supplier<ProxyStats> stats) {
        ProxyBinder b = new ProxyBinder(meters, stats);
        Tags tags = Tags.of("iname", iname);
        b.counter(
                "nat64.proxy.kernel.sent.packets",
                "Batches the daemon sent the proxy (KERNEL_SENT_PKTS).",
                tags,
                ProxyStats::kernelSentPkts);
        b.counter(
                "nat64.proxy.kernel.sent.bytes",
                "Bytes of those batches (KERNEL_SENT_BYTES).",
                tags,
                ProxyStats::kernelSentBytes);
        b.counter(
                "nat64.proxy.net.received.packets",
                "Datagrams and peer batches received (NET_RCVD_PKTS).",
                tags,
                ProxyStats::netRcvdPkts);
        b.counter("nat64.proxy.net.received.bytes", "Bytes of those (NET_RCVD_BYTES).", tags, ProxyStats::netRcvdBytes);
        b.counter(
                "nat64.proxy.net.sent.packets",
                "Datagrams and peer batches sent (NET_SENT_PKTS).",
                tags,
                ProxyStats::netSentPkts);
        b.counter("nat64.proxy.net.sent.bytes", "Bytes of those (NET_SENT_BYTES).", tags, ProxyStats::netSentBytes);
        return b;
    }

    private void counter(String name, String help, Tags tags, ToLongFunction<ProxyStats> value) {
        registered.add(FunctionCounter.builder(name, stats, s -> value.applyAsLong(s.get()))
                .description(help)
                .tags(tags)
                .register(meters));
    }

    @Override
    public void dispose() {
        registered.dispose();
    }

    @Override
    public boolean isDisposed() {
        return registered.isDisposed();
    }
}
