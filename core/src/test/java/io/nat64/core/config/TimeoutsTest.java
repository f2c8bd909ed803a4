package io.nat64.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeoutsTest {

    @ParameterizedTest
    @CsvSource({
        "240000,0:04:00",
        "7198232,1:59:58.232",
        "57512,0:00:57.512",
        "299028,0:04:59.028",
        "0,0:00:00",
        "-5,0:00:00",
        "90000000,25:00:00",
        "1,0:00:00.001"
    })
    void formatsAsJoolsTimeout2str(long millis, String text) {
        assertThat(Timeouts.format(millis)).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"30,30000", "4:00,240000", "2:00:00,7200000", "1:02:03.456,3723456", "5.1234,5123"})
    void parsesJoolsTimeoutSyntax(String text, long millis) {
        assertThat(Timeouts.parse(text)).isEqualTo(millis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1:2:3:4", "5.12", "a", "1::2", "-3"})
    void refusesBadTimeouts(String text) {
        assertThatThrownBy(() -> Timeouts.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
