package io.nat64.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the examples of the mode pages in docs/ against a daemon in this JVM, in order, and compares what
 * {@code nat64} prints with the page. With {@code -Dnat64.docs.regenerate=true} it writes what it got into
 * the pages instead (then review the diff).
 */
class ModeDocsIT {
    private static final Pattern BLOCK = Pattern.compile("```text\n(.*?)```", Pattern.DOTALL);

    @ParameterizedTest
    @ValueSource(strings = {"instance", "global", "pool4", "pool6", "bib", "stats"})
    void theExamplesPrintWhatThePageShows(String mode) throws Exception {
        Path page = Paths.get("..", "docs", mode + ".md");
        String doc = Files.readString(page, StandardCharsets.UTF_8);
        boolean pool4 = !mode.equals("pool4") && !mode.equals("bib");
        try (CliFixture f = new CliFixture(pool4)) {
            setUp(mode).accept(f);
            StringBuilder rewritten = new StringBuilder();
            Matcher m = BLOCK.matcher(doc);
            int at = 0;
            while (m.find()) {
                String expected = m.group(1);
                String actual = run(f, expected);
                rewritten.append(doc, at, m.start(1)).append(actual);
                at = m.end(1);
                if (!Boolean.getBoolean("nat64.docs.regenerate")) {
                    assertThat(actual).as(page + " example").isEqualTo(expected);
                }
            }
            rewritten.append(doc.substring(at));
            if (Boolean.getBoolean("nat64.docs.regenerate")) {
                Files.writeString(page, rewritten.toString(), StandardCharsets.UTF_8);
            }
        }
    }

    private static Consumer<CliFixture> setUp(String mode) {
        return mode.equals("stats") ? f -> f.udp("2001:db8::8", 60927, "192.0.2.8", 1234) : f -> {};
    }

    /** Runs the {@code $ nat64 ...} lines of {@code block}; returns the block with their real output. */
    private static String run(CliFixture f, String block) {
        StringBuilder out = new StringBuilder();
        for (String line : block.split("\n")) {
            if (!line.startsWith("$ nat64 ")) {
                continue;
            }
            List<String> args =
                    new ArrayList<>(List.of(line.substring("$ nat64 ".length()).split(" ")));
            CliFixture.Run r = f.nat64(args.toArray(new String[0]));
            assertThat(r.code()).as(line + "\n" + r.err()).isZero();
            out.append(line).append('\n').append(r.out());
        }
        return out.toString();
    }
}
