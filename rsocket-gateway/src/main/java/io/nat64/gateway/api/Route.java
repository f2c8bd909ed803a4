package io.nat64.gateway.api;

import java.util.Optional;

/**
 * Every route of the gateway: its name (the routing metadata tag), its interaction model, and the JSON
 * records it takes and returns (one per payload; a stream carries one per element).
 *
 * <p>{@code client.stream(Route.SESSION_DISPLAY, new ProtocolRequest("default", "TCP"), SessionView.class)}
 */
public enum Route {
    SESSION_DISPLAY("session.display", Interaction.STREAM, ProtocolRequest.class, SessionView.class),
    SESSION_FOLLOW("session.follow", Interaction.STREAM, InstanceRequest.class, FollowView.class),
    SESSION_ADVERTISE("session.advertise", Interaction.RESPONSE, InstanceRequest.class, AdvertiseView.class),
    GLOBAL_DISPLAY("global.display", Interaction.STREAM, InstanceRequest.class, GlobalView.class),
    GLOBAL_UPDATE("global.update", Interaction.RESPONSE, GlobalUpdateRequest.class, GlobalView.class),
    INSTANCE_ADD("instance.add", Interaction.RESPONSE, InstanceAddRequest.class, InstanceView.class),
    INSTANCE_REMOVE("instance.remove", Interaction.RESPONSE, InstanceRequest.class, InstanceView.class),
    INSTANCE_DISPLAY("instance.display", Interaction.STREAM, EmptyRequest.class, InstanceView.class),
    POOL4_ADD("pool4.add", Interaction.RESPONSE, Pool4Request.class, Pool4ChangeView.class),
    POOL4_REMOVE("pool4.remove", Interaction.RESPONSE, Pool4Request.class, Pool4ChangeView.class),
    POOL4_DISPLAY("pool4.display", Interaction.STREAM, ProtocolRequest.class, Pool4View.class),
    POOL6_ADD("pool6.add", Interaction.RESPONSE, Pool6Request.class, Pool6View.class),
    POOL6_DISPLAY("pool6.display", Interaction.RESPONSE, InstanceRequest.class, Pool6View.class),
    BIB_DISPLAY("bib.display", Interaction.STREAM, ProtocolRequest.class, BibView.class),
    BIB_ADD("bib.add", Interaction.RESPONSE, BibRequest.class, BibView.class),
    BIB_REMOVE("bib.remove", Interaction.RESPONSE, BibRequest.class, BibView.class),
    STATS_DISPLAY("stats.display", Interaction.STREAM, InstanceRequest.class, StatView.class),
    /** The instance's live sync batches, binary ({@code RecordFrame}): for the session proxy. */
    SYNC_LIVE("sync.live", Interaction.STREAM, InstanceRequest.class, byte[].class),
    /** The whole table then the live batches, binary: for a peer that joins (issue #8). */
    SYNC_CATCHUP("sync.catchup", Interaction.STREAM, InstanceRequest.class, byte[].class),
    /** Jool's advertise, into the connected {@code sync.live} streams only. */
    SYNC_ADVERTISE("sync.advertise", Interaction.RESPONSE, InstanceRequest.class, AdvertiseView.class),
    /** Datagrams received from the network, binary, after one JSON request; nothing comes back. */
    SYNC_MERGE("sync.merge", Interaction.CHANNEL, SyncMergeRequest.class, Void.class);

    /** How a route is called. */
    public enum Interaction {
        /** request-response: one request payload, one response payload. */
        RESPONSE,
        /** request-stream: one request payload, a stream of response payloads that honours request(n). */
        STREAM,
        /**
         * request-channel: a first payload with the route and the JSON request, then binary payloads from the
         * client; the responder's demand (request(n)) paces the client.
         */
        CHANNEL
    }

    private final String path;
    private final Interaction interaction;
    private final Class<?> requestType;
    private final Class<?> responseType;

    Route(String path, Interaction interaction, Class<?> requestType, Class<?> responseType) {
        this.path = path;
        this.interaction = interaction;
        this.requestType = requestType;
        this.responseType = responseType;
    }

    /** The routing tag, e.g. {@code session.display}. */
    public String path() {
        return path;
    }

    /** request-response or request-stream. */
    public Interaction interaction() {
        return interaction;
    }

    /** The record a request payload decodes to. */
    public Class<?> requestType() {
        return requestType;
    }

    /** The record of each response payload. */
    public Class<?> responseType() {
        return responseType;
    }

    /** Whether its payloads after the request are binary (sync frames or datagrams) rather than JSON. */
    public boolean binary() {
        return responseType == byte[].class || interaction == Interaction.CHANNEL;
    }

    /** The route whose tag is {@code path}, if any. */
    public static Optional<Route> byPath(String path) {
        for (Route r : values()) {
            if (r.path.equals(path)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
