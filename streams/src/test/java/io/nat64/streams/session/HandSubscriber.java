package io.nat64.streams.session;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * A subscriber that requests only when the test says so, for scenarios that interleave demand with blocking
 * calls on the owner. StepVerifier runs the steps that follow unbounded demand from inside {@code onNext},
 * which under a virtual-time owner means inside its drain, where a blocking call on the owner never returns.
 * Here every step runs on the test thread; with a virtual-time owner and delivery, {@link #request} returns
 * once everything it allows has been delivered.
 */
final class HandSubscriber<T> extends BaseSubscriber<T> {
    private final List<T> received = new ArrayList<>();
    private final Consumer<? super T> onEach;
    private @Nullable Throwable error;
    private boolean completed;

    HandSubscriber(Consumer<? super T> onEach) {
        this.onEach = onEach;
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        // no demand until the test asks
    }

    @Override
    protected void hookOnNext(T value) {
        received.add(value);
        onEach.accept(value);
    }

    @Override
    protected void hookOnError(Throwable throwable) {
        error = throwable;
    }

    @Override
    protected void hookOnComplete() {
        completed = true;
    }

    List<T> received() {
        return received;
    }

    @Nullable
    Throwable error() {
        return error;
    }

    boolean completed() {
        return completed;
    }
}
