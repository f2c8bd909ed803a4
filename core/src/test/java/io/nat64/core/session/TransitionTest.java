package io.nat64.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class TransitionTest {

    @Test
    void internedTransitionsAreSharedAndStillEqualByValue() {
        for (TcpState state : TcpState.values()) {
            for (Fate fate : Fate.values()) {
                Transition shared = Transition.of(state, fate);
                assertThat(Transition.of(state, fate)).isSameAs(shared);
                assertThat(new Transition(state, fate)).isEqualTo(shared);
            }
        }
    }

    @Test
    void nullStateOrFateIsRejected() {
        assertThatNullPointerException().isThrownBy(() -> new Transition(null, Fate.RM));
        assertThatNullPointerException().isThrownBy(() -> new Transition(TcpState.TRANS, null));
    }
}
