package io.nat64.streams.session;

import io.nat64.core.instance.Instance;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;

/** The ss-enabled precondition of follow and advertise, as Jool has it ({@code jool-session.md} 5, 6.6). */
final class SsEnabled {
    private SsEnabled() {}

    /** {@code stream} if {@code instance} has ss-enabled at subscription, else an immediate error saying how. */
    static <T> Flux<T> require(Instance instance, String mode, Supplier<Flux<T>> stream) {
        return Flux.defer(() -> instance.globals().ssEnabled()
                ? stream.get()
                : Flux.error(new IllegalStateException("session " + mode + " needs ss-enabled; run: nat64 -i "
                        + instance.name() + " global update ss-enabled true")));
    }
}
