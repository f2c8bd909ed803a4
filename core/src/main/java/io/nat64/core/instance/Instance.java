package io.nat64.core.instance;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.GlobalKey;
import io.nat64.core.config.Globals;
import io.nat64.core.pool.Pool4;
import io.nat64.core.pool.Pool4Entry;
import io.nat64.core.pool.Pool6;
import io.nat64.core.session.BibEntry;
import io.nat64.core.session.Session;
import io.nat64.core.session.SessionDb;
import io.nat64.core.session.SessionListener;
import io.nat64.core.session.SessionMutation;
import io.nat64.core.stats.Counters;
import io.nat64.core.stats.Stat;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One NAT64 instance: its pool6, pool4, globals, tables and counters, all owned by one thread, the
 * {@code owner} scheduler. Packets, timer ticks and commands run there, one at a time, so the tables need
 * no lock; every session change is published on {@link #mutations()}.
 *
 * <p>Threading: public methods may be called from any thread; those returning {@code Mono} run their work
 * on the owner when subscribed; {@link #packets()} is for code already running there. Time is the
 * owner scheduler's clock, so a {@code VirtualTimeScheduler} runs every timer in virtual time.
 *
 * <pre>{@code
 * Instance nat = Instance.create(new InstanceConfig("default", Ipv6Prefix.parse("64:ff9b::/96"), null,
 *         Globals.defaults()));
 * nat.mutations().subscribe(m -> System.out.println(m));
 * nat.addPool4(Pool4Entry.of(L4Protocol.UDP, Ipv4Prefix.parse("192.0.2.1"), 61001, 65535)).block();
 * }</pre>
 */
public final class Instance implements AutoCloseable {
    /** How often expiry runs (ms): sessions leave within this much (plus a slice) of their deadline. */
    public static final long TICK_MILLIS = 250;
    /** Work units (expiries or announcements) per slice of the owner thread, before other work may run. */
    public static final int EXPIRY_SLICE = 8192;

    private final InstanceConfig config;
    private final Pool6 pool6;
    private final Pool4 pool4;
    private final SessionDb db;
    private final Counters counters = new Counters();
    private final Scheduler owner;
    private final boolean ownsScheduler;
    /**
     * Only the owner thread emits, so the sink need not serialise emissions: the serialised sink took two atomic
     * operations per mutation on the packet path.
     */
    private final Sinks.Many<SessionMutation> sink =
            Sinks.unsafe().many().multicast().directBestEffort();

    private final Sinks.Many<Globals> globalsSink = Sinks.many().replay().latest();
    private final PacketPath packets;
    private final Disposable ticker;
    private volatile Globals globals;
    /** Owner thread: whether an expiry slice is already queued behind other work. */
    private boolean sliceQueued;

    private Instance(InstanceConfig config, Scheduler owner, boolean ownsScheduler, long seed) {
        this.config = config;
        this.owner = owner;
        this.ownsScheduler = ownsScheduler;
        this.globals = config.globals();
        this.globalsSink.tryEmitNext(globals);
        this.pool6 = Pool6.of(config.pool6());
        this.pool4 = new Pool4(seed, seed * 0x9e3779b97f4a7c15L);
        this.pool4.setFArgs(globals.fArgs());
        this.db = new SessionDb(pool6, pool4, globals, new Listener(), seed);
        this.packets = new PacketPath(pool6, pool4, db, counters, globals);
        this.ticker = owner.schedulePeriodically(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** An instance on its own new owner thread, named after it. */
    public static Instance create(InstanceConfig config) {
        SecureRandom random = new SecureRandom();
        return new Instance(config, Schedulers.newSingle("nat64-" + config.name(), true), true, random.nextLong());
    }

    /** An instance on {@code owner} (one thread, or a virtual-time scheduler in tests), hashes salted by {@code seed}. */
    public static Instance create(InstanceConfig config, Scheduler owner, long seed) {
        return new Instance(config, owner, false, seed);
    }

    /** The instance's name. */
    public String name() {
        return config.name();
    }

    /** The configuration it was created with (its globals may have changed since; see {@link #globals()}). */
    public InstanceConfig config() {
        return config;
    }

    /** Its pool6 (fixed for the instance's life, as in Jool). */
    public Pool6 pool6() {
        return pool6;
    }

    /** The current globals. */
    public Globals globals() {
        return globals;
    }

    /** The owner's clock (ms). */
    public long now() {
        return owner.now(TimeUnit.MILLISECONDS);
    }

    /** The owner scheduler. */
    public Scheduler owner() {
        return owner;
    }

    /**
     * Every session change, hot and unbuffered: a mutation reaches the subscribers that have demand at
     * that moment and is never queued here, so a slow subscriber cannot hold the owner thread. Consumers
     * add their own bounded buffer (see the streams module).
     */
    public Flux<SessionMutation> mutations() {
        return sink.asFlux();
    }

    /** How many subscribers {@link #mutations()} has now (a follower that cancelled is gone at once). */
    public int mutationSubscriberCount() {
        return sink.currentSubscriberCount();
    }

    /** Runs {@code operation} on the owner with the tables; the tables must not escape it. */
    public <T> Mono<T> call(Function<SessionDb, T> operation) {
        return Mono.fromCallable(() -> operation.apply(db)).subscribeOn(owner);
    }

    /** The packet entry point, for code running on the owner thread (the data plane, tests). */
    public PacketPath packets() {
        return packets;
    }

    /** Processes one raw packet on the owner thread (for tests and tools; the data plane batches instead). */
    public Mono<PacketPath.Result> receive(byte[] packet) {
        return call(tables -> packets.process(packet, 0, packet.length, now()));
    }

    /** Sets one global from its text form; the error names the global and the bad value. */
    public Mono<Globals> updateGlobal(GlobalKey key, String value) {
        return call(tables -> {
            Globals updated = globals.with(key, value);
            globals = updated;
            tables.setGlobals(updated);
            packets.setGlobals(updated);
            pool4.setFArgs(updated.fArgs());
            globalsSink.tryEmitNext(updated);
            return updated;
        });
    }

    /** Adds {@code entry} to pool4; emits whether anything changed. */
    public Mono<Boolean> addPool4(Pool4Entry entry) {
        return call(tables -> pool4.add(entry));
    }

    /** Removes {@code entry} from pool4 and the BIB entries (with their sessions) that used it. */
    public Mono<Boolean> removePool4(Pool4Entry entry) {
        return call(tables -> {
            boolean changed = pool4.remove(entry);
            if (changed) {
                tables.evictOutsidePool4(now());
            }
            return changed;
        });
    }

    /** The pool4 entries of {@code protocol}, sorted. */
    public Mono<List<Pool4Entry>> pool4(L4Protocol protocol) {
        return call(tables -> pool4.entries(protocol));
    }

    /** Adds a static BIB entry ({@code bib add}). */
    public Mono<BibEntry> addStaticBib(BibEntry entry) {
        return call(tables -> tables.table(entry.protocol()).addStatic(entry));
    }

    /** Every session of {@code protocol} in Jool's order (the dump in pages is the streams module's). */
    public Mono<List<Session>> sessions(L4Protocol protocol) {
        return call(tables -> tables.table(protocol).sessions());
    }

    /** Every BIB entry of {@code protocol} in Jool's order. */
    public Mono<List<BibEntry>> bib(L4Protocol protocol) {
        return call(tables -> tables.table(protocol).bibEntries());
    }

    /** A copy of the counters, with the table gauges up to date. */
    public Mono<Map<Stat, Long>> stats() {
        return call(tables -> {
            counters.set(Stat.SESSIONS, tables.sessionCount());
            counters.set(Stat.BIB_ENTRIES, tables.bibCount());
            return counters.snapshot();
        });
    }

    /** The counters, for code running on the owner thread (e.g. session synchronisation adding JOOLD ones). */
    public Counters counters() {
        return counters;
    }

    /** The current globals, then every change, as they are applied on the owner thread. */
    public Flux<Globals> globalsUpdates() {
        return globalsSink.asFlux();
    }

    SessionDb db() {
        return db;
    }

    /**
     * Stops the timer, empties the tables (publishing FLUSHED removals) on the owner, completes the mutation
     * stream and releases the owner thread; never blocks the caller.
     */
    public Mono<Void> shutdown() {
        return Mono.defer(() -> {
                    ticker.dispose();
                    return call(tables -> {
                        tables.flush(now());
                        sink.tryEmitComplete();
                        globalsSink.tryEmitComplete();
                        return true;
                    });
                })
                .onErrorResume(e -> Mono.empty())
                .then()
                .doFinally(signal -> {
                    if (ownsScheduler) {
                        owner.dispose();
                    }
                });
    }

    /** {@link #shutdown()}, waiting up to 10 seconds; for blocking edges (main, tests), never a Reactor thread. */
    @Override
    public void close() {
        shutdown().block(java.time.Duration.ofSeconds(10));
    }

    /** One expiry slice; queues another behind pending work while the budget runs out. */
    private void tick() {
        int used = db.expire(now(), EXPIRY_SLICE);
        if (used >= EXPIRY_SLICE && !sliceQueued) {
            sliceQueued = true;
            owner.schedule(() -> {
                sliceQueued = false;
                tick();
            });
        }
    }

    /** Publishes table events; runs on the owner. */
    private final class Listener implements SessionListener {
        @Override
        public boolean isListening() {
            return sink.currentSubscriberCount() > 0;
        }

        @Override
        public void onMutation(SessionMutation mutation) {
            sink.tryEmitNext(mutation); // best effort by design: see mutations()
        }

        @Override
        public void onProbe(Session session) {
            packets.sendProbe(session);
        }

        @Override
        public void onSimultaneousOpenTimeout(byte[] storedIpv4Packet) {
            packets.sendPortUnreachable(storedIpv4Packet);
        }
    }
}
