package io.nat64.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.rsocket.metadata.CompositeMetadata;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.RoutingMetadata;
import io.rsocket.metadata.TaggingMetadataCodec;
import io.rsocket.metadata.WellKnownMimeType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the route of a request: the standard routing extension
 * ({@code message/x.rsocket.routing.v0}), inside composite metadata
 * ({@code message/x.rsocket.composite-metadata.v0}, the default of Spring and rsc) or on its own (when the
 * connection's metadata MIME type is the routing type itself, as some rsocket-js set-ups use).
 */
final class RouteMetadata {
    static final String COMPOSITE = WellKnownMimeType.MESSAGE_RSOCKET_COMPOSITE_METADATA.getString();
    static final String ROUTING = WellKnownMimeType.MESSAGE_RSOCKET_ROUTING.getString();

    private RouteMetadata() {}

    /** The first routing tag in {@code metadata}, read according to {@code metadataMimeType}; null if none. */
    static @Nullable String route(ByteBuf metadata, String metadataMimeType) {
        if (!metadata.isReadable()) {
            return null;
        }
        if (ROUTING.equals(metadataMimeType)) {
            return firstTag(metadata);
        }
        for (CompositeMetadata.Entry entry : new CompositeMetadata(metadata, false)) {
            if (ROUTING.equals(entry.getMimeType())) {
                return firstTag(entry.getContent());
            }
        }
        return null;
    }

    private static @Nullable String firstTag(ByteBuf content) {
        for (String tag : new RoutingMetadata(content)) {
            return tag;
        }
        return null;
    }

    /** Composite metadata holding one routing entry with {@code route}, as bytes. */
    static byte[] composite(String route) {
        ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
        CompositeByteBuf composite = alloc.compositeBuffer();
        try {
            RoutingMetadata routing = TaggingMetadataCodec.createRoutingMetadata(alloc, List.of(route));
            CompositeMetadataCodec.encodeAndAddMetadata(
                    composite, alloc, WellKnownMimeType.MESSAGE_RSOCKET_ROUTING, routing.getContent());
            return ByteBufUtil.getBytes(composite);
        } finally {
            composite.release();
        }
    }
}
