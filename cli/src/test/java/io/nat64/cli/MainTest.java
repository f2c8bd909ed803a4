package io.nat64.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which modes a command line needs built (start-up time: only those). */
class MainTest {
    @Test
    void theModeWordSkipsTopLevelOptionsAndTheirValues() {
        assertThat(Main.modeWord(new String[] {"session", "display"})).isEqualTo("session");
        assertThat(Main.modeWord(new String[] {"-i", "blue", "se", "d"})).isEqualTo("se");
        assertThat(Main.modeWord(new String[] {"--instance", "blue", "--gateway", "h:1", "bib"}))
                .isEqualTo("bib");
        assertThat(Main.modeWord(new String[] {"--gat", "h:1", "--inst=x", "pool4"}))
                .isEqualTo("pool4");
        assertThat(Main.modeWord(new String[] {"--help"})).isNull();
        assertThat(Main.modeWord(new String[] {})).isNull();
    }

    @Test
    void onlyTheModesTheWordCanMeanAreBuilt() {
        Nat64Command top = new Nat64Command(java.util.Map.of());
        assertThat(Main.commandLine(top, new String[] {"-i", "x", "se", "d"}).getSubcommands())
                .containsOnlyKeys("session");
        assertThat(Main.commandLine(new Nat64Command(java.util.Map.of()), new String[] {"s"})
                        .getSubcommands())
                .containsOnlyKeys("session", "stats");
        assertThat(Main.commandLine(new Nat64Command(java.util.Map.of()), new String[] {"nope"})
                        .getSubcommands())
                .containsOnlyKeys("instance", "global", "pool4", "pool6", "bib", "session", "stats", "daemon");
    }

    @Test
    void anAmbiguousOrUnknownModeIsAUsageError() {
        CliFixture.Run ambiguous = CliFixture.run(new Nat64Command(java.util.Map.of()), "s", "display");
        assertThat(ambiguous.code()).isEqualTo(2);
        assertThat(ambiguous.err()).contains("'s' is not unique");
        CliFixture.Run unknown = CliFixture.run(new Nat64Command(java.util.Map.of()), "sesion", "display");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("Did you mean", "session");
    }
}
