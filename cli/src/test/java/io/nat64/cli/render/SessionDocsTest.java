package io.nat64.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.cli.resolve.Names;
import io.nat64.gateway.api.SessionView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The examples of docs/session.md are what the renderer prints for the seed's sessions. */
class SessionDocsTest {
    private static final Pattern BLOCK =
            Pattern.compile("```text\n\\$ (nat64 session display[^\n]*)\n(.*?)```", Pattern.DOTALL);

    @Test
    void theSessionPageShowsWhatTheRendererPrints() throws Exception {
        String doc = Files.readString(Paths.get("..", "docs", "session.md"), StandardCharsets.UTF_8);
        Matcher m = BLOCK.matcher(doc);
        int examples = 0;
        while (m.find()) {
            String command = m.group(1);
            boolean numeric = command.contains("--numeric");
            boolean csv = command.contains("--csv");
            assertThat(render(SeedSessions.seedTcp(), numeric ? Names.NUMERIC : SessionTableTest.SEED_NAMES, csv))
                    .as(command)
                    .isEqualTo(m.group(2));
            examples++;
        }
        assertThat(examples).isEqualTo(3);
    }

    private static String render(List<SessionView> sessions, Names names, boolean csv) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        SessionTable t = new SessionTable(out, names, csv);
        t.begin(true);
        sessions.forEach(t::add);
        out.flush();
        return text.toString();
    }
}
