package io.nat64.gateway.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.rsocket.exceptions.RejectedResumeException;
import io.rsocket.exceptions.RejectedSetupException;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;

/** A peer's "unknown resume token", however Reactor wraps it, is told apart from every other dropped error. */
class DroppedErrorsTest {
    @Test
    void aRejectedResumeIsRecognisedBareAndAsReactorWrapsAnErrorWithoutCallback() {
        RejectedResumeException e = new RejectedResumeException("unknown resume token");
        assertThat(DroppedErrors.isForgottenResume(e)).isTrue();
        assertThat(DroppedErrors.isForgottenResume(Exceptions.errorCallbackNotImplemented(e)))
                .isTrue();
    }

    @Test
    void otherDroppedErrorsAreNot() {
        assertThat(DroppedErrors.isForgottenResume(new RejectedSetupException("wrong secret")))
                .isFalse();
        assertThat(DroppedErrors.isForgottenResume(Exceptions.errorCallbackNotImplemented(new IOException("reset"))))
                .isFalse();
        assertThat(DroppedErrors.isForgottenResume(null)).isFalse();
    }
}
