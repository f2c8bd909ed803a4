package io.nat64.gateway.peer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.rsocket.metadata.AuthMetadataCodec;
import io.rsocket.metadata.CompositeMetadata;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.RoutingMetadata;
import io.rsocket.metadata.TaggingMetadataCodec;
import io.rsocket.metadata.WellKnownAuthType;
import io.rsocket.metadata.WellKnownMimeType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a peer link says on the wire, beyond RSocket itself.
 *
 * <pre>
 * SETUP   metadata MIME  message/x.rsocket.composite-metadata.v0
 *         data MIME      application/x.nat64.sync.v1
 *         metadata       one entry message/x.rsocket.authentication.v0 (well-known 0x7C): bearer, the secret
 *         data           the subscriber's name, UTF-8 (for the server's stats and logs)
 * REQUEST_STREAM  metadata: routing (0x7E) tag "sync.peer"; data: empty
 * PAYLOAD         data: one nat64 sync datagram (docs/sync-protocol.md); no metadata
 * </pre>
 *
 * The stream carries a catch-up of the whole table then the live batches; its sequence numbers start at 0 with
 * each stream, so a fresh catch-up restarts them.
 */
final class PeerProtocol {
    static final String COMPOSITE = WellKnownMimeType.MESSAGE_RSOCKET_COMPOSITE_METADATA.getString();
    static final String DATA_MIME = "application/x.nat64.sync.v1";
    static final String ROUTE = "sync.peer";

    private PeerProtocol() {}

    /** SETUP metadata: composite, one bearer authentication entry. The caller releases it. */
    static ByteBuf setupMetadata(ByteBufAllocator alloc, char[] token) {
        CompositeByteBuf composite = alloc.compositeBuffer();
        ByteBuf auth = AuthMetadataCodec.encodeBearerMetadata(alloc, token);
        CompositeMetadataCodec.encodeAndAddMetadata(
                composite, alloc, WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION, auth);
        return composite;
    }

    /** Request metadata: composite, one routing entry {@link #ROUTE}. The caller releases it. */
    static ByteBuf requestMetadata(ByteBufAllocator alloc) {
        CompositeByteBuf composite = alloc.compositeBuffer();
        RoutingMetadata routing = TaggingMetadataCodec.createRoutingMetadata(alloc, List.of(ROUTE));
        CompositeMetadataCodec.encodeAndAddMetadata(
                composite, alloc, WellKnownMimeType.MESSAGE_RSOCKET_ROUTING, routing.getContent());
        return composite;
    }

    /** The bearer token in composite {@code metadata}, or null if there is none (or it cannot be read). */
    static char @Nullable [] bearer(ByteBuf metadata) {
        try {
            for (CompositeMetadata.Entry e : new CompositeMetadata(metadata, false)) {
                if (WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION.getString().equals(e.getMimeType())) {
                    ByteBuf content = e.getContent();
                    if (AuthMetadataCodec.isWellKnownAuthType(content)
                            && AuthMetadataCodec.readWellKnownAuthType(content) == WellKnownAuthType.BEARER) {
                        return AuthMetadataCodec.readBearerTokenAsCharArray(content);
                    }
                    return null;
                }
            }
        } catch (RuntimeException malformed) {
            return null;
        }
        return null;
    }

    /** The first routing tag in composite {@code metadata}, or null. */
    static @Nullable String route(ByteBuf metadata) {
        try {
            for (CompositeMetadata.Entry e : new CompositeMetadata(metadata, false)) {
                if (WellKnownMimeType.MESSAGE_RSOCKET_ROUTING.getString().equals(e.getMimeType())) {
                    for (String tag : new RoutingMetadata(e.getContent())) {
                        return tag;
                    }
                }
            }
        } catch (RuntimeException malformed) {
            return null;
        }
        return null;
    }

    /** The subscriber's name from SETUP data, made safe for logs: printable ASCII, at most 64 characters. */
    static String name(String data) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < data.length() && b.length() < 64; i++) {
            char c = data.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.length() == 0 ? "unnamed" : b.toString();
    }

    /** The number of sessions in a {@code nat64} datagram of {@code length} bytes (24 + 36 N). */
    static int sessions(int length) {
        return Math.max(0, (length - 24) / 36);
    }
}
