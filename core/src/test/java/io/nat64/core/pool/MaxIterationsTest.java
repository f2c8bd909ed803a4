package io.nat64.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MaxIterationsTest {

    @ParameterizedTest(name = "auto allows {1} candidates in a pool4 of {0}")
    @CsvSource({
        "100, 100", // never more than pool4 holds
        "1024, 1024",
        "50000, 1024", // 390 is raised to the floor of 1024
        "262144, 2048", // 2 M / 128
        "1048576, 8192",
        "16776960, 8192", // a /24 of ports 1-65535: capped at 8192
    })
    void autoIsACountOver128ClampedTo1024And8192(long count, long candidates) {
        assertThat(MaxIterations.AUTO.candidates(count)).isEqualTo(candidates);
    }

    @Test
    void infinityAndFixedCapsNeverExceedThePool() {
        assertThat(MaxIterations.INFINITY.candidates(5_000_000)).isEqualTo(5_000_000);
        assertThat(MaxIterations.of(10).candidates(5_000_000)).isEqualTo(10);
        assertThat(MaxIterations.of(10).candidates(3)).isEqualTo(3);
    }

    @Test
    void parsesJoolsThreeForms() {
        assertThat(MaxIterations.parse("auto")).isEqualTo(MaxIterations.AUTO);
        assertThat(MaxIterations.parse("infinity")).isEqualTo(MaxIterations.INFINITY);
        assertThat(MaxIterations.parse("2048")).isEqualTo(MaxIterations.of(2048));
        assertThat(MaxIterations.AUTO).hasToString("auto");
        assertThat(MaxIterations.INFINITY).hasToString("infinity");
        assertThat(MaxIterations.of(2048)).hasToString("2048");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "many", "", "Auto"})
    void refusesZeroNegativesAndWords(String text) {
        assertThatThrownBy(() -> MaxIterations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("max-iterations must be auto, infinity or a positive number, not ");
    }

    @Test
    void poolFourStartsWithAuto() {
        assertThat(new Pool4(0, 0).maxIterations()).isEqualTo(MaxIterations.AUTO);
        assertThat(Pool4.withRandomSecret().maxIterations().isAuto()).isTrue();
    }
}
