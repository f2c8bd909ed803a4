package io.nat64.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.gateway.api.Route;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/rsocket-api.md documents every route, and its examples are payloads the routes really take and give. */
class GatewayDocsTest {
    private static final Path DOC = Paths.get("..", "docs", "rsocket-api.md");
    private static final Pattern JSON = Pattern.compile("```json\n(.*?)\n```", Pattern.DOTALL);

    private static String section(String doc, Route route) {
        String heading = "### `" + route.path() + "`\n";
        int start = doc.indexOf(heading);
        assertThat(start).as("a section for " + route.path()).isNotNegative();
        int end = doc.indexOf("\n### ", start + heading.length());
        int next = doc.indexOf("\n## ", start + heading.length());
        int stop = end < 0 ? next : next < 0 ? end : Math.min(end, next);
        return doc.substring(start, stop < 0 ? doc.length() : stop);
    }

    @Test
    void everyRouteHasAnExampleRequestAndResponseThatParse() throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        for (Route route : Route.values()) {
            List<String> examples = new ArrayList<>();
            Matcher m = JSON.matcher(section(doc, route));
            while (m.find()) {
                examples.add(m.group(1));
            }
            if (route.binary()) {
                // Binary routes: a JSON request; what follows is binary (RecordFrame or datagrams), shown in hex.
                assertThat(examples).as(route.path() + ": a request example").hasSize(1);
                Object request = Json.read(examples.get(0).getBytes(StandardCharsets.UTF_8), route.requestType());
                assertThat(new String(Json.write((Record) request), StandardCharsets.UTF_8))
                        .as(route.path() + " request")
                        .isEqualTo(examples.get(0));
                String model = route.interaction() == Route.Interaction.CHANNEL ? "channel" : "stream";
                String response = route.interaction() == Route.Interaction.CHANNEL ? "none" : "binary";
                assertThat(doc)
                        .contains("| `" + route.path() + "` | " + model + " | `"
                                + route.requestType().getSimpleName() + "` | " + response + " |");
                continue;
            }
            assertThat(examples)
                    .as(route.path() + ": a request and a response example")
                    .hasSize(2);
            Object request = Json.read(examples.get(0).getBytes(StandardCharsets.UTF_8), route.requestType());
            Object response = Json.read(examples.get(1).getBytes(StandardCharsets.UTF_8), route.responseType());
            // What we would write for them is exactly what the page shows.
            assertThat(new String(Json.write((Record) request), StandardCharsets.UTF_8))
                    .as(route.path() + " request")
                    .isEqualTo(examples.get(0));
            assertThat(new String(Json.write((Record) response), StandardCharsets.UTF_8))
                    .as(route.path() + " response")
                    .isEqualTo(examples.get(1));
            assertThat(doc)
                    .contains("| `" + route.path() + "` | "
                            + (route.interaction() == Route.Interaction.STREAM ? "stream" : "response") + " | `"
                            + route.requestType().getSimpleName() + "` | `"
                            + route.responseType().getSimpleName() + "` |");
        }
    }
}
