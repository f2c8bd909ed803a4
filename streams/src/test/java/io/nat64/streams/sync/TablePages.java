package io.nat64.streams.sync;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.Session;
import io.nat64.core.session.SessionMutation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A test harness that pages an instance's tables through {@code BibTable.page} (TCP, UDP, then ICMP), one page
 * per owner task and only on demand, as ADDED mutations stamped with the page's time: what
 * {@code SessionAdvertise.advertise} produces, without its pacing.
 */
final class TablePages {
    private TablePages() {}

    static Flux<SessionMutation> of(Instance instance, int pageSize) {
        return of(instance, pageSize, Duration.ZERO);
    }

    /** Pages at most one per {@code interval} (zero: as fast as demand allows). */
    static Flux<SessionMutation> of(Instance instance, int pageSize, Duration interval) {
        return Flux.fromArray(new L4Protocol[] {L4Protocol.TCP, L4Protocol.UDP, L4Protocol.ICMP})
                .concatMap(p -> pages(instance, p, pageSize, interval), 0);
    }

    private static Flux<SessionMutation> pages(
            Instance instance, L4Protocol protocol, int pageSize, Duration interval) {
        long[] cursor = {-1, -1};
        return Mono.defer(() -> instance.call(db -> {
                    List<Session> page = new ArrayList<>(pageSize);
                    db.table(protocol).page(cursor[0], cursor[1], pageSize, page);
                    long at = instance.now();
                    List<SessionMutation> out = new ArrayList<>(page.size());
                    for (Session s : page) {
                        out.add(new SessionMutation(SessionMutation.Kind.ADDED, s, at, null, false));
                    }
                    if (!page.isEmpty()) {
                        Session last = page.get(page.size() - 1);
                        cursor[0] = ((last.src4().bits() & 0xffff_ffffL) << 16) | last.src4Port();
                        cursor[1] = ((last.dst4().bits() & 0xffff_ffffL) << 16) | last.dst4Port();
                    }
                    return out;
                }))
                .repeat()
                .takeUntil(page -> page.size() < pageSize)
                .delayUntil(page -> interval.isZero() ? Mono.empty() : Mono.delay(interval))
                .concatMapIterable(page -> page);
    }
}
