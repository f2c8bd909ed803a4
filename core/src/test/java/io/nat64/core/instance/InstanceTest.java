package io.nat64.core.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.Ipv6Prefix;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.GlobalKey;
import io.nat64.core.config.Globals;
import io.nat64.core.pool.Pool4Entry;
import io.nat64.core.session.BibTable;
import io.nat64.core.session.Mapping;
import io.nat64.core.session.SessionMutation;
import io.nat64.core.session.SessionMutation.Kind;
import io.nat64.core.session.SessionMutation.RemovalReason;
import io.nat64.core.session.Verdict;
import io.nat64.core.stats.Stat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class InstanceTest {
    static final Ipv6Address CLIENT = Ipv6Address.parse("2001:db8::8");
    static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.8");

    private static Instance newInstance(VirtualTimeScheduler vts) {
        Instance i = Instance.create(
                new InstanceConfig("default", Ipv6Prefix.parse("64:ff9b::/96"), null, Globals.defaults()), vts, 7);
        i.addPool4(Pool4Entry.of(L4Protocol.UDP, Ipv4Prefix.parse("192.0.2.1"))).block();
        return i;
    }

    /** A UDP packet from the client, as the packet path would apply it (on the owner). */
    private static Mono<Verdict> udpFromClient(Instance i, int port) {
        return i.call(db -> {
            BibTable t = db.table(L4Protocol.UDP);
            return t.udpIcmp6(CLIENT.high(), CLIENT.low(), port, 0, 0, SERVER.bits(), 53, i.now(), new Mapping());
        });
    }

    @Test
    void udpSessionIsPublishedThenExpiresWithinOneSecondOfItsDeadlineInVirtualTime() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance i = newInstance(vts);
        StepVerifier.withVirtualTime(() -> i.mutations().take(2), () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .then(() -> udpFromClient(i, 5000).subscribe())
                .assertNext(m -> {
                    assertThat(m.kind()).isEqualTo(Kind.ADDED);
                    assertThat(m.session().expiresAt() - m.at()).isEqualTo(300_000);
                })
                .thenAwait(Duration.ofSeconds(299))
                .expectNoEvent(Duration.ofMillis(900))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(m -> {
                    assertThat(m.kind()).isEqualTo(Kind.REMOVED);
                    assertThat(m.reason()).isEqualTo(RemovalReason.EXPIRED);
                    assertThat(m.at() - m.session().expiresAt()).isBetween(0L, 999L);
                })
                .verifyComplete();
    }

    @Test
    void everyTimeoutGlobalDrivesExpiryInVirtualTime() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance i = newInstance(vts);
        i.updateGlobal(GlobalKey.UDP_TIMEOUT, "2:00").block();
        udpFromClient(i, 1).block();
        vts.advanceTimeBy(Duration.ofSeconds(119));
        assertThat(i.sessions(L4Protocol.UDP).block()).hasSize(1);
        vts.advanceTimeBy(Duration.ofSeconds(2));
        assertThat(i.sessions(L4Protocol.UDP).block()).isEmpty();
        assertThat(i.stats().block()).containsEntry(Stat.SESSIONS, 0L).containsEntry(Stat.BIB_ENTRIES, 0L);
    }

    @Test
    void expiringManySessionsRunsInSlicesAndRemovesThemAll() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance i = newInstance(vts);
        i.addPool4(Pool4Entry.of(L4Protocol.UDP, Ipv4Prefix.parse("192.0.2.0/28"), 1, 65535))
                .block();
        int n = 3 * Instance.EXPIRY_SLICE + 17;
        i.call(db -> {
                    Mapping out = new Mapping();
                    for (int p = 0; p < n; p++) {
                        db.table(L4Protocol.UDP)
                                .udpIcmp6(
                                        CLIENT.high(),
                                        CLIENT.low() + p / 60000,
                                        p % 60000 + 1,
                                        0,
                                        0,
                                        SERVER.bits(),
                                        53,
                                        i.now(),
                                        out);
                    }
                    return n;
                })
                .block();
        List<SessionMutation> removed = new ArrayList<>();
        i.mutations().filter(m -> m.kind() == Kind.REMOVED).subscribe(removed::add);
        vts.advanceTimeBy(Duration.ofSeconds(301));
        assertThat(removed).hasSize(n);
        assertThat(i.stats().block()).containsEntry(Stat.SESSIONS, 0L);
    }

    @Test
    void globalsUpdatesReplaysTheCurrentValueThenEveryChange() {
        Instance i = newInstance(VirtualTimeScheduler.create());
        StepVerifier.create(i.globalsUpdates().map(Globals::ssEnabled).take(2))
                .expectNext(false)
                .then(() -> i.updateGlobal(GlobalKey.SS_ENABLED, "true").block())
                .expectNext(true)
                .verifyComplete();
    }

    @Test
    void subscriberCountFollowsSubscribeAndCancel() {
        Instance i = newInstance(VirtualTimeScheduler.create());
        assertThat(i.mutationSubscriberCount()).isZero();
        reactor.core.Disposable d = i.mutations().subscribe();
        assertThat(i.mutationSubscriberCount()).isEqualTo(1);
        d.dispose();
        assertThat(i.mutationSubscriberCount()).isZero();
    }

    @Test
    void badGlobalValueIsRefusedWithAMessageNamingIt() {
        Instance i = newInstance(VirtualTimeScheduler.create());
        StepVerifier.create(i.updateGlobal(GlobalKey.UDP_TIMEOUT, "1:00"))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("udp-timeout must be at least 0:02:00"))
                .verify(Duration.ofSeconds(5));
        StepVerifier.create(i.updateGlobal(GlobalKey.SS_ENABLED, "maybe"))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("ss-enabled expects a boolean"))
                .verify(Duration.ofSeconds(5));
        assertThat(i.globals()).isEqualTo(Globals.defaults());
    }

    @Test
    void removingAPool4RangeEvictsTheBibEntriesThatUsedIt() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance i = newInstance(vts);
        udpFromClient(i, 1).block();
        List<SessionMutation> seen = new ArrayList<>();
        i.mutations().subscribe(seen::add);
        i.removePool4(Pool4Entry.of(L4Protocol.UDP, Ipv4Prefix.parse("192.0.2.1")))
                .block();
        assertThat(i.bib(L4Protocol.UDP).block()).isEmpty();
        assertThat(seen).singleElement().satisfies(m -> assertThat(m.reason()).isEqualTo(RemovalReason.EVICTED));
    }

    @Test
    void closingFlushesPublishesFlushedAndCompletesTheStream() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance i = newInstance(vts);
        udpFromClient(i, 1).block();
        StepVerifier.create(i.mutations())
                .then(i::close)
                .assertNext(m -> assertThat(m.reason()).isEqualTo(RemovalReason.FLUSHED))
                .verifyComplete();
    }

    @Test
    void instanceNamesFollowJoolsRules() {
        assertThatThrownBy(() -> InstanceConfig.validateName("")).hasMessageContaining("1 to 15");
        assertThatThrownBy(() -> InstanceConfig.validateName("a-name-that-is-long"))
                .hasMessageContaining("1 to 15");
        assertThatThrownBy(() -> InstanceConfig.validateName("two words")).hasMessageContaining("printable ASCII");
        InstanceConfig c = new InstanceConfig("blue", Ipv6Prefix.parse("64:ff9b::/96"), null, Globals.defaults());
        assertThat(c.tunName()).isEqualTo("nat64-blue");
    }

    @Test
    void registryRefusesDuplicatesAndExplainsUnknownInstances() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        try (InstanceRegistry r = new InstanceRegistry(c -> Instance.create(c, vts, 1))) {
            InstanceConfig c =
                    new InstanceConfig("default", Ipv6Prefix.parse("64:ff9b::/96"), null, Globals.defaults());
            r.add(c);
            assertThatThrownBy(() -> r.add(c)).hasMessage("instance 'default' already exists");
            assertThatThrownBy(() -> r.require("blue")).hasMessageContaining("instance 'blue' does not exist");
            r.remove("default").block();
            assertThat(r.all()).isEmpty();
        }
    }

    @Test
    void pool6OutsideJoolsLengthsIsRefused() {
        assertThatThrownBy(() -> Instance.create(
                        new InstanceConfig("x", Ipv6Prefix.parse("64:ff9b::/80"), null, Globals.defaults()),
                        VirtualTimeScheduler.create(),
                        1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("80");
    }
}
