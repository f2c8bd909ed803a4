package io.nat64.gateway.peer;

import static io.nat64.gateway.peer.PeerFixture.TIMEOUT;
import static io.nat64.gateway.peer.PeerFixture.await;
import static io.nat64.gateway.peer.PeerFixture.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.exceptions.RejectedSetupException;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.util.ByteBufPayload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replication writes into a NAT64's tables, so a peer link is never open: a subscriber without the shared
 * secret, with a wrong one, or (with TLS) without a certificate of the CA is refused, counted, and nothing is
 * served or merged.
 */
class PeerAuthIT {
    @TempDir
    Path dir;

    @Test
    void aSubscriberWithAWrongSecretIsRefusedCountedAndMergesNothing() throws Exception {
        try (PeerFixture f = new PeerFixture(dir)) {
            PeerFixture.udpSessions(f.a, 1, 100);
            AtomicInteger opened = new AtomicInteger();
            PeerFeed feed = name -> {
                opened.incrementAndGet();
                return f.feedA().open(name);
            };
            PeerStats statsA = PeerStats.create();
            PeerStats statsB = PeerStats.create();
            PeerServer server =
                    PeerServer.start(f.serverOptions(), feed, statsA).block(TIMEOUT);
            PeerClient link = PeerClient.connect(
                    f.clientOptions(server.address()).withSecret(PeerSecret.of("test", "not-the-shared-secret-at-all")),
                    f.mergeIntoB(),
                    statsB);
            try {
                await(TIMEOUT, "two refusals", () -> statsA.setupsRejected() >= 2);
                PeerSnapshot in = statsB.snapshot().get(0);
                assertThat(in.setupsRejected()).as(in.toString()).isPositive();
                assertThat(in.lastError()).contains("wrong secret");
                assertThat(in.batches()).isZero();
                assertThat(in.catchUps()).isZero();
                assertThat(statsA.lastRejection())
                        .contains("authentication failed")
                        .contains("node-b");
                assertThat(statsA.snapshot()).isEmpty(); // no served link was ever opened
                assertThat(opened).hasValue(0);
                assertThat(PeerFixture.size(f.b)).isZero();
            } finally {
                link.dispose();
                server.dispose();
            }
        }
    }

    @Test
    void aSubscriberWithoutASecretIsRefusedWithAClearError() throws Exception {
        try (PeerFixture f = new PeerFixture(dir)) {
            AtomicInteger opened = new AtomicInteger();
            PeerStats statsA = PeerStats.create();
            PeerServer server = PeerServer.start(
                            f.serverOptions(),
                            name -> {
                                opened.incrementAndGet();
                                return f.feedA().open(name);
                            },
                            statsA)
                    .block(TIMEOUT);
            RSocket raw = RSocketConnector.create()
                    .metadataMimeType(PeerProtocol.COMPOSITE)
                    .dataMimeType(PeerProtocol.DATA_MIME)
                    .connect(TcpClientTransport.create(server.address()))
                    .block(TIMEOUT);
            try {
                assertThatThrownBy(() -> raw.requestStream(ByteBufPayload.create(
                                        Unpooled.EMPTY_BUFFER, PeerProtocol.requestMetadata(ByteBufAllocator.DEFAULT)))
                                .blockLast(TIMEOUT))
                        .isInstanceOf(RejectedSetupException.class)
                        .hasMessageContaining("authentication required")
                        .hasMessageContaining("presented no secret");
                assertThat(statsA.setupsRejected()).isEqualTo(1);
                assertThat(opened).hasValue(0);
            } finally {
                raw.dispose();
                server.dispose();
            }
        }
    }

    @Test
    void anRSocketClientOfAnotherProtocolIsToldWhereItIs() throws Exception {
        try (PeerFixture f = new PeerFixture(dir)) {
            PeerServer server = PeerServer.start(f.serverOptions(), f.feedA(), PeerStats.create())
                    .block(TIMEOUT);
            RSocket json = RSocketConnector.create()
                    .dataMimeType("application/json")
                    .connect(TcpClientTransport.create(server.address()))
                    .block(TIMEOUT);
            try {
                assertThatThrownBy(() ->
                                json.requestStream(ByteBufPayload.create("{}")).blockLast(TIMEOUT))
                        .isInstanceOf(RejectedSetupException.class)
                        .hasMessageContaining("this is a nat64 peer replication port");
            } finally {
                json.dispose();
                server.dispose();
            }
        }
    }

    @Test
    void withTlsAPeerWithACertificateOfTheCaReplicatesAndOneWithoutIsRefused() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        TestCerts.ca(certs, "ca");
        TestCerts.ca(certs, "rogue-ca");
        PeerTls serverTls = TestCerts.issue(certs, "ca", "node-a");
        PeerTls clientTls = TestCerts.issue(certs, "ca", "node-b");
        PeerTls rogue = TestCerts.issue(certs, "rogue-ca", "intruder");
        PeerTls rogueTrustingCa = new PeerTls(rogue.cert(), rogue.key(), serverTls.ca());
        try (PeerFixture f = new PeerFixture(dir)) {
            PeerFixture.udpSessions(f.a, 1, 100);
            AtomicInteger opened = new AtomicInteger();
            PeerFeed feed = name -> {
                opened.incrementAndGet();
                return f.feedA().open(name);
            };
            PeerServerOptions tlsServer = new PeerServerOptions(
                    f.serverOptions().listen(),
                    f.secret(),
                    serverTls,
                    PeerServerOptions.DEFAULT_RESUME_SESSION,
                    PeerServerOptions.DEFAULT_RESUME_CACHE,
                    java.time.Duration.ofSeconds(10));
            PeerServer server =
                    PeerServer.start(tlsServer, feed, PeerStats.create()).block(TIMEOUT);
            PeerStats statsIntruder = PeerStats.create();
            PeerClient intruder = PeerClient.connect(
                    PeerClientOptions.of(server.address(), f.secret(), rogueTrustingCa, 0x1234, "intruder")
                            .withReconnect(java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(200))
                            // a TLS refusal looks like a cut to a resuming client: it tries to resume first
                            .withResumeSession(java.time.Duration.ofSeconds(1)),
                    datagram -> {
                        throw new AssertionError("nothing may reach the intruder");
                    },
                    statsIntruder);
            PeerClient link = PeerClient.connect(
                    PeerClientOptions.of(server.address(), f.secret(), clientTls, PeerFixture.NODE_B, "node-b")
                            .withReconnect(java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(500)),
                    f.mergeIntoB(),
                    PeerStats.create());
            try {
                await(TIMEOUT, "B to hold A's sessions over TLS", () -> table(f.b)
                        .equals(table(f.a)));
                await(
                        TIMEOUT,
                        "the intruder's failures",
                        () -> statsIntruder.snapshot().get(0).lastError() != null);
                assertThat(opened).hasValue(1); // only node-b's stream
                assertThat(statsIntruder.snapshot().get(0).batches()).isZero();
            } finally {
                intruder.dispose();
                link.dispose();
                server.dispose();
            }
        }
    }
}
