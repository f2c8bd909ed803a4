package io.nat64.gateway;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.SessionMutation;
import io.nat64.gateway.api.FollowView;
import io.nat64.gateway.api.SessionView;
import io.nat64.streams.session.FollowLine;
import io.nat64.streams.session.SessionAdvertise;
import io.nat64.streams.session.SessionFollow;
import io.nat64.streams.session.SessionSnapshot;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The session routes served by the streams module: the paged {@link SessionSnapshot} (a page read on the
 * owner only when the client's demand needs it), a {@link SessionFollow} per follow request (its own
 * bounded buffer; a slow client loses updates, counted, and never holds up the translator), and {@link
 * SessionAdvertise}, whose replay goes to this gateway's followers of the instance through {@link
 * Announcements}.
 */
final class StreamsSessionFeeds implements SessionFeeds {
    /** Advertised sessions kept for a follower that has no demand, beyond which the oldest are dropped. */
    static final int ANNOUNCEMENT_BUFFER = 16_384;

    private final Announcements announcements;
    private final FollowTally follows;

    StreamsSessionFeeds(Announcements announcements) {
        this(announcements, new FollowTally());
    }

    StreamsSessionFeeds(Announcements announcements, FollowTally follows) {
        this.announcements = announcements;
        this.follows = follows;
    }

    @Override
    public Flux<SessionView> display(Instance instance, L4Protocol protocol) {
        return SessionSnapshot.display(instance, protocol).map(s -> SessionView.of(s, instance.now()));
    }

    @Override
    public Flux<FollowView> follow(Instance instance) {
        Flux<SessionMutation> advertised = announcements
                .of(instance)
                .onBackpressureBuffer(ANNOUNCEMENT_BUFFER, dropped -> {}, BufferOverflowStrategy.DROP_OLDEST);
        // The live updates decide when the follow ends (the instance closed): announcements stop with them.
        SessionFollow follow = SessionFollow.of(instance);
        return follows.track(
                instance.name(),
                follow.stats(),
                follow.mutations()
                        .publish(live -> Flux.merge(live, advertised.takeUntilOther(live.ignoreElements())))
                        .map(StreamsSessionFeeds::view));
    }

    @Override
    public Mono<Long> advertise(Instance instance) {
        // Nobody to print it: do not page the table on the owner thread (it competes with the proxies' advertise).
        if (!announcements.followed(instance)) {
            return Mono.just(0L);
        }
        return SessionAdvertise.advertise(instance)
                .doOnNext(m -> announcements.announce(instance, m))
                .count();
    }

    static FollowView view(SessionMutation m) {
        return new FollowView(FollowLine.format(m), m.kind().name(), SessionView.of(m.session(), m.at()));
    }
}
