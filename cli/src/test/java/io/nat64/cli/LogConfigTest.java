package io.nat64.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogConfigTest {
    private static final String P = "org.slf4j.simpleLogger.";

    @Test
    void quietByDefaultOnStderrWithTimeThreadAndShortName() {
        Map<String, String> p = LogConfig.properties(null, k -> null);
        assertThat(p)
                .containsEntry(P + "defaultLogLevel", "warn")
                .containsEntry(P + "logFile", "System.err")
                .containsEntry(P + "showDateTime", "true")
                .containsEntry(P + "showThreadName", "true");
    }

    @Test
    void nat64LogRaisesTheDefaultLevelAndSetsPerLoggerLevels() {
        Map<String, String> p = LogConfig.properties("DEBUG, io.nat64.core=trace", k -> null);
        assertThat(p).containsEntry(P + "defaultLogLevel", "debug").containsEntry(P + "log.io.nat64.core", "trace");
    }

    @Test
    void anUnknownLevelKeepsWarn() {
        assertThat(LogConfig.properties("loud", k -> null)).containsEntry(P + "defaultLogLevel", "warn");
    }

    @Test
    void aSystemPropertyGivenToTheJvmWins() {
        Map<String, String> p = LogConfig.properties("debug", k -> k.equals(P + "defaultLogLevel") ? "error" : null);
        assertThat(p).doesNotContainKey(P + "defaultLogLevel").containsKey(P + "logFile");
    }
}
