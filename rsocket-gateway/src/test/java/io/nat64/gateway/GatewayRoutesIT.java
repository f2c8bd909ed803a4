package io.nat64.gateway;

import static io.nat64.gateway.GatewayFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nat64.core.instance.PacketPath;
import io.nat64.gateway.api.BibRequest;
import io.nat64.gateway.api.BibView;
import io.nat64.gateway.api.EmptyRequest;
import io.nat64.gateway.api.FollowView;
import io.nat64.gateway.api.GlobalUpdateRequest;
import io.nat64.gateway.api.GlobalView;
import io.nat64.gateway.api.InstanceAddRequest;
import io.nat64.gateway.api.InstanceRequest;
import io.nat64.gateway.api.InstanceView;
import io.nat64.gateway.api.Pool4ChangeView;
import io.nat64.gateway.api.Pool4Request;
import io.nat64.gateway.api.Pool4View;
import io.nat64.gateway.api.Pool6Request;
import io.nat64.gateway.api.Pool6View;
import io.nat64.gateway.api.ProtocolRequest;
import io.nat64.gateway.api.Route;
import io.nat64.gateway.api.SessionView;
import io.nat64.gateway.api.StatView;
import io.rsocket.exceptions.ApplicationErrorException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Every route over real TCP on loopback, with the errors a person sees. */
class GatewayRoutesIT {
    private final GatewayFixture f = new GatewayFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private <T> List<T> stream(Route route, Object request, Class<T> type) {
        return f.client.stream(route, request, type).collectList().block(TIMEOUT);
    }

    private <T> T call(Route route, Object request, Class<T> type) {
        return f.client.call(route, request, type).block(TIMEOUT);
    }

    @Test
    void instancesAreAddedDisplayedAndRemoved() {
        InstanceView added = call(
                Route.INSTANCE_ADD, new InstanceAddRequest("blue", "2001:db8:64::/96", "tun-blue"), InstanceView.class);
        assertThat(added).isEqualTo(new InstanceView("blue", "2001:db8:64::/96", "tun-blue"));
        assertThat(stream(Route.INSTANCE_DISPLAY, new EmptyRequest(), InstanceView.class))
                .containsExactly(added, new InstanceView("default", "64:ff9b::/96", "nat64-default"));
        assertThat(call(Route.INSTANCE_REMOVE, new InstanceRequest("blue"), InstanceView.class))
                .isEqualTo(added);
        assertThat(f.registry.get("blue")).isEmpty();
    }

    @Test
    void addingAnExistingInstanceOrABadPool6IsRefusedWithAReason() {
        assertThatThrownBy(() -> call(
                        Route.INSTANCE_ADD,
                        new InstanceAddRequest("default", "64:ff9b::/96", null),
                        InstanceView.class))
                .isInstanceOf(ApplicationErrorException.class)
                .hasMessage("instance 'default' already exists");
        assertThatThrownBy(() -> call(
                        Route.INSTANCE_ADD, new InstanceAddRequest("red", "64:ff9b::/80", null), InstanceView.class))
                .isInstanceOf(ApplicationErrorException.class)
                .hasMessageContaining("RFC 6052 allows only 32, 40, 48, 56, 64 and 96");
    }

    @Test
    void anUnknownInstanceIsAnApplicationErrorThatSaysHowToCreateIt() {
        assertThatThrownBy(() -> stream(Route.SESSION_DISPLAY, new ProtocolRequest("nope", null), SessionView.class))
                .isInstanceOf(ApplicationErrorException.class)
                .hasMessage("instance 'nope' does not exist (create it with: nat64 instance add nope --pool6 PREFIX)");
    }

    @Test
    void globalsComeInJoolsOrderAndUpdatesAreValidated() {
        List<GlobalView> globals = stream(Route.GLOBAL_DISPLAY, new InstanceRequest("default"), GlobalView.class);
        assertThat(globals.get(0)).isEqualTo(new GlobalView("pool6", "64:ff9b::/96", "PREFIX6"));
        assertThat(globals).contains(new GlobalView("udp-timeout", "0:05:00", "TIMEOUT"));
        assertThat(globals.get(globals.size() - 1).name()).isEqualTo("ss-max-sessions-per-packet");

        assertThat(call(
                        Route.GLOBAL_UPDATE,
                        new GlobalUpdateRequest("default", "udp-timeout", "2:30"),
                        GlobalView.class))
                .isEqualTo(new GlobalView("udp-timeout", "0:02:30", "TIMEOUT"));
        assertThatThrownBy(() -> call(
                        Route.GLOBAL_UPDATE,
                        new GlobalUpdateRequest("default", "ss-enabled", "maybe"),
                        GlobalView.class))
                .isInstanceOf(ApplicationErrorException.class)
                .hasMessageContaining("ss-enabled expects a boolean");
        assertThatThrownBy(() ->
                        call(Route.GLOBAL_UPDATE, new GlobalUpdateRequest("default", "no-such", "1"), GlobalView.class))
                .hasMessageContaining("unknown global 'no-such'");
        assertThatThrownBy(() -> call(
                        Route.GLOBAL_UPDATE,
                        new GlobalUpdateRequest("default", "pool6", "2001:db8::/96"),
                        GlobalView.class))
                .hasMessageContaining("cannot change after the instance is created");
    }

    @Test
    void pool4WithoutProtocolOrRangeCoversAllThreeWithTheDefaultRange() {
        Pool4ChangeView added = call(
                Route.POOL4_ADD,
                new Pool4Request("default", null, "203.0.113.8/30", null, null),
                Pool4ChangeView.class);
        assertThat(added.changed()).isTrue();
        assertThat(added.entries()).extracting(Pool4View::protocol).containsExactly("TCP", "UDP", "ICMP");
        assertThat(added.entries()).allSatisfy(e -> {
            assertThat(e.minPort()).isEqualTo(61001);
            assertThat(e.maxPort()).isEqualTo(65535);
        });
        List<Pool4View> udp = stream(Route.POOL4_DISPLAY, new ProtocolRequest("default", "UDP"), Pool4View.class);
        assertThat(udp) // one row per address, as Jool's pool4 keeps them
                .extracting(Pool4View::prefix)
                .containsExactly("192.0.2.1", "203.0.113.8", "203.0.113.9", "203.0.113.10", "203.0.113.11");
        assertThat(udp.get(0).maxIterations()).isEqualTo(1024);

        Pool4ChangeView removed = call(
                Route.POOL4_REMOVE,
                new Pool4Request("default", "UDP", "203.0.113.8/30", null, null),
                Pool4ChangeView.class);
        assertThat(removed.changed()).isTrue();
        assertThat(stream(Route.POOL4_DISPLAY, new ProtocolRequest("default", "UDP"), Pool4View.class))
                .extracting(Pool4View::prefix)
                .containsExactly("192.0.2.1");
        assertThat(stream(Route.POOL4_DISPLAY, new ProtocolRequest("default", "TCP"), Pool4View.class))
                .hasSize(5);
    }

    @Test
    void pool4RefusesLoopbackWithAReason() {
        assertThatThrownBy(() -> call(
                        Route.POOL4_ADD, new Pool4Request("default", "TCP", "127.0.0.1", 1, 2), Pool4ChangeView.class))
                .isInstanceOf(ApplicationErrorException.class)
                .hasMessageContaining("loopback");
    }

    @Test
    void pool6IsDisplayedAndCanOnlyBeGivenAtCreation() {
        assertThat(call(Route.POOL6_DISPLAY, new InstanceRequest("default"), Pool6View.class))
                .isEqualTo(new Pool6View("64:ff9b::/96"));
        assertThat(call(Route.POOL6_ADD, new Pool6Request("default", "64:ff9b::/96"), Pool6View.class))
                .isEqualTo(new Pool6View("64:ff9b::/96"));
        assertThatThrownBy(() -> call(Route.POOL6_ADD, new Pool6Request("default", "2001:db8::/96"), Pool6View.class))
                .isInstanceOf(ApplicationErrorException.class)
                .hasMessage("instance 'default' has pool6 64:ff9b::/96, which cannot change after the instance is"
                        + " created (as in Jool); remove the instance and add it again with the new --pool6");
        assertThatThrownBy(() -> call(Route.POOL6_ADD, new Pool6Request("green", "2001:db8::/96"), Pool6View.class))
                .hasMessageContaining("nat64 instance add green --pool6 2001:db8::/96");
    }

    @Test
    void staticBibEntriesAreAddedDisplayedAndRemoved() {
        BibView added = call(
                Route.BIB_ADD,
                new BibRequest("default", "UDP", "2001:db8::5", 2000, "192.0.2.1", 61001),
                BibView.class);
        assertThat(added).isEqualTo(new BibView("UDP", "2001:db8::5", 2000, "192.0.2.1", 61001, true));
        assertThat(stream(Route.BIB_DISPLAY, new ProtocolRequest("default", "UDP"), BibView.class))
                .containsExactly(added);
        assertThatThrownBy(() -> call(
                        Route.BIB_REMOVE,
                        new BibRequest("default", "UDP", "2001:db8::5", 2000, "192.0.2.1", 61002),
                        BibView.class))
                .hasMessageContaining("is mapped to '192.0.2.1#61001'");
        assertThat(call(
                        Route.BIB_REMOVE,
                        new BibRequest("default", "UDP", null, null, "192.0.2.1", 61001),
                        BibView.class))
                .isEqualTo(added);
        assertThat(stream(Route.BIB_DISPLAY, new ProtocolRequest("default", "UDP"), BibView.class))
                .isEmpty();
        assertThatThrownBy(() -> call(
                        Route.BIB_ADD,
                        new BibRequest("default", "TCP", "2001:db8::5", 2000, "198.51.100.1", 5),
                        BibView.class))
                .hasMessageContaining("does not belong to pool4");
    }

    @Test
    void statsCountTranslatedPacketsWithJoolsNames() {
        assertThat(f.udp(1, 5000)).isEqualTo(PacketPath.Result.TRANSLATED);
        List<StatView> stats = stream(Route.STATS_DISPLAY, new InstanceRequest("default"), StatView.class);
        assertThat(stats).contains(new StatView("JSTAT_RECEIVED6", 1, "IPv6 packets received."));
        assertThat(stats).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("JSTAT_SESSIONS");
            assertThat(s.value()).isEqualTo(1);
        });
    }

    @Test
    void sessionDisplayStreamsTheTableInJoolsOrderHonouringRequestN() {
        f.udpSessions(20);
        StepVerifier.create(
                        f.client.stream(
                                Route.SESSION_DISPLAY, new ProtocolRequest("default", "UDP"), SessionView.class),
                        3)
                .expectNextMatches(s -> s.protocol().equals("UDP") && s.src6().equals("2001:db8::1"))
                .expectNextCount(2)
                .thenAwait(java.time.Duration.ofMillis(100))
                .expectNoEvent(java.time.Duration.ofMillis(100))
                .thenRequest(17)
                .expectNextCount(17)
                .verifyComplete();
        List<SessionView> all = stream(Route.SESSION_DISPLAY, new ProtocolRequest("default", "UDP"), SessionView.class);
        assertThat(all).extracting(SessionView::src4Port).isSorted();
        assertThat(all.get(0).state()).isNull();
        assertThat(all.get(0).expiresIn()).isBetween(290_000L, 300_000L);
        assertThat(all.get(0).dst6()).isEqualTo("64:ff9b::c633:6407");
    }

    @Test
    void followAndAdvertiseNeedSessionSynchronisation() {
        assertThatThrownBy(() -> stream(Route.SESSION_FOLLOW, new InstanceRequest("default"), FollowView.class))
                .isInstanceOf(ApplicationErrorException.class)
                .hasMessage("session follow needs session synchronisation, and ss-enabled is false on instance"
                        + " 'default' (turn it on with: nat64 -i default global update ss-enabled true)");
    }

    @Test
    void aRequestWithoutARouteOrWithAnUnknownOneIsExplained() {
        assertThatThrownBy(() -> f.client
                        .rsocket()
                        .requestResponse(io.rsocket.util.DefaultPayload.create("{}"))
                        .block(TIMEOUT))
                .isInstanceOf(ApplicationErrorException.class)
                .hasMessageContaining("carries no route");
        assertThatThrownBy(() -> f.client
                        .rsocket()
                        .requestResponse(io.rsocket.util.DefaultPayload.create(
                                "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                RouteMetadata.composite("nope")))
                        .block(TIMEOUT))
                .hasMessageContaining("unknown route 'nope'");
    }

    @Test
    void aMisspeltFieldIsRefused() {
        assertThatThrownBy(() -> f.client
                        .rsocket()
                        .requestResponse(io.rsocket.util.DefaultPayload.create(
                                "{\"instanse\":\"default\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                RouteMetadata.composite("pool6.display")))
                        .block(TIMEOUT))
                .isInstanceOf(ApplicationErrorException.class)
                .hasMessageContaining("not a valid InstanceRequest")
                .hasMessageContaining("instanse");
    }

    @Test
    void webSocketServesTheSameRoutes() {
        GatewayClient ws =
                GatewayClient.connectWebSocket(f.gateway.webSocketAddress()).block(TIMEOUT);
        try {
            assertThat(ws.call(Route.POOL6_DISPLAY, new InstanceRequest("default"), Pool6View.class)
                            .block(TIMEOUT))
                    .isEqualTo(new Pool6View("64:ff9b::/96"));
        } finally {
            ws.dispose();
        }
    }
}
