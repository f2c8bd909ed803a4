package io.nat64.streams.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.config.GlobalKey;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.SessionMutation;
import io.nat64.streams.session.AdvertiseOptions;
import io.nat64.streams.session.SessionAdvertise;
import io.nat64.streams.sync.codec.SyncCodec;
import io.nat64.streams.sync.net.InMemoryTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Advertisements (Jool's {@code session advertise}) through {@code SessionAdvertise}, in virtual time. */
class AdvertiseTest {
    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final Instance a = Nodes.node(vts, 31, GlobalKey.SS_CAPACITY, "16");
    private final Instance b = Nodes.node(vts, 32);
    private final InMemoryTransport.Hub hub = InMemoryTransport.hub();
    private final InMemoryTransport ta = hub.join(100_000);
    private final InMemoryTransport tb = hub.join(100_000);
    private SessionReplication ra;
    private SessionReplication rb;

    @AfterEach
    void stop() {
        ra.dispose();
        rb.dispose();
        a.shutdown().subscribe();
        b.shutdown().subscribe();
        vts.advanceTime();
        vts.dispose();
    }

    private Flux<SessionMutation> tablesOfA() {
        return SessionAdvertise.of(a, AdvertiseOptions.defaults().withDeliverOn(vts))
                .replay();
    }

    @Test
    void aPeerThatJoinsLateReceivesTheWholeTableRegardlessOfCapacity() {
        Nodes.udpSessions(a, 1, 5000); // before replication: never sent live
        ra = SessionReplication.start(a, SyncCodec.nat64(1), ta);
        rb = SessionReplication.start(b, SyncCodec.nat64(2), tb);
        vts.advanceTimeBy(Duration.ofSeconds(3));
        assertThat(Nodes.sessions(b)).isEmpty();
        List<String> done = new CopyOnWriteArrayList<>();
        ra.advertise(tablesOfA()).subscribe(null, e -> done.add("error " + e.getMessage()), () -> done.add("done"));
        vts.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(done).containsExactly("done");
        assertThat(Nodes.sessions(b)).hasSize(5000);
        assertThat(Nodes.sessions(b)).isEqualTo(Nodes.sessions(a)); // expiry times included
        assertThat(ra.stats().get(SyncCounter.ADS)).isEqualTo(1);
        assertThat(ra.stats().get(SyncCounter.SSS_SENT)).isEqualTo(5000);
        assertThat(ra.stats().get(SyncCounter.PKT_SENT)).isEqualTo((5000 + 35) / 36);
        assertThat(ra.stats().get(SyncCounter.SSS_ENOSPC)).isZero();
        assertThat(rb.stats().get(SyncCounter.MERGE_ADDED)).isEqualTo(5000);
    }

    @Test
    void lifetimesAreTakenWhenTheCopiesAreBatched() {
        Nodes.udpSessions(a, 1, 3000);
        vts.advanceTimeBy(Duration.ofSeconds(100));
        ra = SessionReplication.start(a, SyncCodec.jool(), ta);
        rb = SessionReplication.start(b, SyncCodec.jool(), tb);
        List<String> done = new CopyOnWriteArrayList<>();
        ra.advertise(tablesOfA()).subscribe(null, e -> done.add("error " + e), () -> done.add("done"));
        vts.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(done).containsExactly("done");
        List<io.nat64.core.session.Session> onB = Nodes.sessions(b);
        assertThat(onB).isEqualTo(Nodes.sessions(a)).hasSize(3000);
        assertThat(onB.get(0).expiresAt()).isEqualTo(300_000);
    }

    @Test
    void oneAdvertisementAtATimeAndOnlyWithSsEnabled() {
        Nodes.udpSessions(a, 1, 100);
        ra = SessionReplication.start(a, SyncCodec.jool(), ta);
        rb = SessionReplication.start(b, SyncCodec.jool(), tb);
        List<String> events = new CopyOnWriteArrayList<>();
        Flux<SessionMutation> slow = tablesOfA().delayElements(Duration.ofMillis(1), vts);
        ra.advertise(slow).subscribe(null, e -> events.add(e.getMessage()), () -> events.add("first done"));
        ra.advertise(tablesOfA()).subscribe(null, e -> events.add(e.getMessage()), () -> events.add("second done"));
        vts.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(events).containsExactly("joold advertisement already in progress.", "first done");
        assertThat(b.sessions(io.nat64.core.addr.L4Protocol.UDP).block()).hasSize(100);
        ra.advertise(tablesOfA()).subscribe(null, e -> events.add(e.getMessage()), () -> events.add("third done"));
        vts.advanceTimeBy(Duration.ofSeconds(1));
        a.updateGlobal(GlobalKey.SS_ENABLED, "false").block();
        ra.advertise(tablesOfA()).subscribe(null, e -> events.add(e.getMessage()), () -> events.add("fourth done"));
        assertThat(events).endsWith("third done", "Session sync is disabled on this instance.");
    }
}
