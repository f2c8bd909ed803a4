package io.nat64.gateway.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.rsocket.frame.SetupFrameCodec;
import io.rsocket.transport.netty.server.TcpServerTransport;
import io.rsocket.util.ByteBufPayload;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** What the server says to each kind of SETUP frame, without a network: refusals name their reason. */
class SetupGuardTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private final PeerStats stats = PeerStats.create();
    private final SetupGuard guard = new SetupGuard(TcpServerTransport.create(0), PeerSecret.of("test", SECRET), stats);

    private @Nullable String refusal(String metadataMime, String dataMime, @Nullable ByteBuf metadata) {
        ByteBuf data = Unpooled.copiedBuffer("node-b", StandardCharsets.UTF_8);
        ByteBuf frame = SetupFrameCodec.encode(
                ByteBufAllocator.DEFAULT,
                false,
                1000,
                10_000,
                metadataMime,
                dataMime,
                metadata == null ? ByteBufPayload.create(data) : ByteBufPayload.create(data, metadata));
        try {
            return guard.refusal(frame);
        } finally {
            frame.release();
        }
    }

    private static ByteBuf bearer(String token) {
        return PeerProtocol.setupMetadata(ByteBufAllocator.DEFAULT, token.toCharArray());
    }

    @Test
    void theRightSecretPasses() {
        assertThat(refusal(PeerProtocol.COMPOSITE, PeerProtocol.DATA_MIME, bearer(SECRET)))
                .isNull();
    }

    @Test
    void aWrongOrMissingSecretIsRefusedWithItsReason() {
        assertThat(refusal(PeerProtocol.COMPOSITE, PeerProtocol.DATA_MIME, bearer(SECRET + "x")))
                .startsWith("authentication failed: subscriber 'node-b' presented a wrong secret");
        assertThat(refusal(PeerProtocol.COMPOSITE, PeerProtocol.DATA_MIME, null))
                .startsWith("authentication required: subscriber 'node-b' presented no secret");
    }

    @Test
    void anotherProtocolIsToldWhereItIs() {
        assertThat(refusal(PeerProtocol.COMPOSITE, "application/json", bearer(SECRET)))
                .startsWith("this is a nat64 peer replication port");
        assertThat(refusal("message/x.rsocket.routing.v0", PeerProtocol.DATA_MIME, bearer(SECRET)))
                .startsWith("the metadata MIME type must be");
    }

    @Test
    void malformedMetadataOfAnySizeIsRefusedAsNoSecretAndNeverThrows() {
        Random random = new Random(8);
        Function<Integer, ByteBuf> noise = n -> {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return Unpooled.wrappedBuffer(b);
        };
        for (int i = 0; i < 2000; i++) {
            String r = refusal(PeerProtocol.COMPOSITE, PeerProtocol.DATA_MIME, noise.apply(random.nextInt(64)));
            assertThat(r).as("seed 8, round " + i).isNotNull();
        }
        // a valid composite with a truncated bearer entry
        ByteBuf ok = bearer(SECRET);
        ByteBuf truncated = ok.copy(0, ok.readableBytes() - 20);
        ok.release();
        assertThat(refusal(PeerProtocol.COMPOSITE, PeerProtocol.DATA_MIME, truncated))
                .isNotNull();
    }
}
