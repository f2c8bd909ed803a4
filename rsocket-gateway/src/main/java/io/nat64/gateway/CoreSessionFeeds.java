package io.nat64.gateway;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.Timeouts;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.Session;
import io.nat64.core.session.SessionMutation;
import io.nat64.gateway.api.FollowView;
import io.nat64.gateway.api.SessionView;
import java.util.List;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Session feeds built on core alone, used until the streams module provides its own: the snapshot is
 * read in one call on the owner thread, follow buffers up to {@link #FOLLOW_BUFFER} updates per
 * subscriber and drops the oldest beyond that, and advertise is not available.
 */
final class CoreSessionFeeds implements SessionFeeds {
    /** Updates kept for a follow subscriber that has no demand; older ones are dropped first. */
    static final int FOLLOW_BUFFER = 4096;

    @Override
    public Flux<SessionView> display(Instance instance, L4Protocol protocol) {
        return instance.sessions(protocol)
                .publishOn(Schedulers.parallel()) // leave the owner thread before rendering anything
                .flatMapIterable((List<Session> all) -> {
                    long now = instance.now();
                    return all.stream().map(s -> SessionView.of(s, now)).toList();
                });
    }

    @Override
    public Flux<FollowView> follow(Instance instance) {
        return instance.mutations()
                .filter(m -> m.kind() != SessionMutation.Kind.REMOVED && !m.fromPeer())
                .map(CoreSessionFeeds::toFollow)
                .onBackpressureBuffer(FOLLOW_BUFFER, dropped -> {}, BufferOverflowStrategy.DROP_OLDEST);
    }

    @Override
    public Mono<Long> advertise(Instance instance) {
        return Mono.error(new IllegalStateException(
                "session advertise is not available yet in this build (it needs the replication module)"));
    }

    static FollowView toFollow(SessionMutation m) {
        Session s = m.session();
        StringBuilder line = new StringBuilder(96);
        line.append(s.protocol().name()).append(',');
        line.append(s.src6()).append(',').append(s.src6Port()).append(',');
        line.append(s.src4()).append(',').append(s.src4Port()).append(',');
        line.append(s.dst4()).append(',').append(s.dst4Port()).append(',');
        Timeouts.appendTo(line, s.expiresAt() - m.at());
        return new FollowView(line.toString(), m.kind().name(), SessionView.of(s, m.at()));
    }
}
