package io.nat64.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/container}: no container builder runs here, so the Dockerfile is linted for the essentials
 * (hadolint's main rules and ours: pinned bases, a JRE 17, one apt layer with no recommends and no lists left, exec
 * form entry point, the daemon with the capabilities it needs only), and the compose file is parsed and checked: two
 * nodes, each a daemon with NET_ADMIN, NET_RAW and /dev/net/tun only and a proxy in its network namespace.
 */
class ContainerFilesTest {
    private static final Path DIR = Path.of("container");
    private static final Set<String> INSTRUCTIONS = Set.of(
            "FROM",
            "ARG",
            "RUN",
            "COPY",
            "ADD",
            "ENV",
            "EXPOSE",
            "HEALTHCHECK",
            "STOPSIGNAL",
            "ENTRYPOINT",
            "CMD",
            "USER",
            "WORKDIR",
            "LABEL",
            "VOLUME",
            "SHELL",
            "ONBUILD");

    private record Instruction(int line, String keyword, String args) {}

    /** The Dockerfile's instructions, continuation lines joined, comments and blank lines left out. */
    private static List<Instruction> dockerfile() throws IOException {
        List<String> lines = Files.readAllLines(DIR.resolve("Dockerfile"));
        List<Instruction> out = new ArrayList<>();
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (current == null && (l.isBlank() || l.startsWith("#"))) {
                continue;
            }
            if (current == null) {
                current = new StringBuilder();
                start = i + 1;
            }
            boolean more = l.endsWith("\\");
            current.append(more ? l.substring(0, l.length() - 1) : l).append(' ');
            if (!more) {
                String text = current.toString().trim();
                int space = text.indexOf(' ');
                out.add(new Instruction(
                        start,
                        text.substring(0, space),
                        text.substring(space + 1).trim()));
                current = null;
            }
        }
        assertThat(current).as("a continuation line ends the file").isNull();
        return out;
    }

    @Test
    void everyInstructionIsKnownAndUppercase() throws IOException {
        for (Instruction i : dockerfile()) {
            assertThat(INSTRUCTIONS).as("line %d: %s", i.line(), i.keyword()).contains(i.keyword());
        }
    }

    @Test
    void basesArePinnedAndTheRuntimeIsASlimImageWithAJre17() throws IOException {
        List<Instruction> from =
                dockerfile().stream().filter(i -> i.keyword().equals("FROM")).toList();
        assertThat(from).hasSizeGreaterThanOrEqualTo(1);
        for (Instruction f : from) {
            String image = f.args().split("\\s+")[0];
            assertThat(image).as("line %d", f.line()).contains(":").doesNotEndWith(":latest");
        }
        assertThat(from.get(from.size() - 1).args()).contains("slim");
        String runs = String.join(
                "\n",
                dockerfile().stream()
                        .filter(i -> i.keyword().equals("RUN"))
                        .map(Instruction::args)
                        .toList());
        assertThat(runs).contains("openjdk-17-jre-headless").contains("iproute2");
    }

    @Test
    void aptIsOneLayerWithoutRecommendsAndWithoutItsLists() throws IOException {
        for (Instruction i : dockerfile()) {
            if (i.keyword().equals("RUN") && i.args().contains("apt-get")) {
                assertThat(i.args())
                        .as("line %d (hadolint DL3009, DL3015)", i.line())
                        .contains("apt-get update")
                        .contains("--no-install-recommends")
                        .contains("-y")
                        .contains("rm -rf /var/lib/apt/lists/*");
            }
            assertThat(i.keyword().equals("ADD") && i.args().matches("(?s).*https?://.*"))
                    .as("line %d: ADD of a URL (hadolint DL3020)", i.line())
                    .isFalse();
        }
    }

    @Test
    void theDaemonRunsFromTheDistributionInExecFormWithMetricsExposed() throws IOException {
        List<Instruction> all = dockerfile();
        Instruction entry = last(all, "ENTRYPOINT");
        assertThat(entry.args()).startsWith("[").endsWith("]").contains("\"/opt/nat64/bin/nat64-daemon\"");
        assertThat(last(all, "CMD").args()).startsWith("[").contains("--config").contains("--metrics");
        assertThat(last(all, "EXPOSE").args()).isEqualTo("9464");
        assertThat(all).anySatisfy(i -> assertThat(i.keyword()).isEqualTo("HEALTHCHECK"));
        assertThat(all).anySatisfy(i -> assertThat(i.keyword() + " " + i.args())
                .matches(Pattern.compile("COPY nat64-\\$\\{NAT64_VERSION}\\.tar\\.gz .*")));
    }

    private static Instruction last(List<Instruction> all, String keyword) {
        Instruction found = null;
        for (Instruction i : all) {
            if (i.keyword().equals(keyword)) {
                found = i;
            }
        }
        assertThat(found).as(keyword).isNotNull();
        return found;
    }

    @Test
    void composeRunsTwoNodesEachADaemonWithOnlyItsCapabilitiesAndAProxyInItsNamespace() throws IOException {
        // SnakeYAML resolves the anchors and merge keys (<<: *daemon) as Compose does; Jackson's tree would not.
        Object loaded;
        try (var in = Files.newBufferedReader(DIR.resolve("compose.yaml"))) {
            loaded = new org.yaml.snakeyaml.Yaml().load(in);
        }
        JsonNode compose = new ObjectMapper().valueToTree(loaded);
        JsonNode services = compose.path("services");
        for (String node : List.of("node1", "node2")) {
            JsonNode daemon = services.path(node);
            assertThat(daemon.isObject()).as(node).isTrue();
            assertThat(texts(daemon.path("cap_add"))).containsExactlyInAnyOrder("NET_ADMIN", "NET_RAW");
            assertThat(texts(daemon.path("cap_drop"))).containsExactly("ALL");
            assertThat(texts(daemon.path("devices"))).containsExactly("/dev/net/tun:/dev/net/tun");
            assertThat(daemon.path("image").asText()).startsWith("nat64:");
            for (String port : texts(daemon.path("ports"))) {
                assertThat(port).as("metrics published on loopback only").startsWith("127.0.0.1:");
            }
            String volume = texts(daemon.path("volumes")).get(0);
            Path config = DIR.resolve(volume.substring(2, volume.indexOf(':')));
            assertThat(config).as("the node's configuration").isRegularFile();

            JsonNode proxy = services.path(node + "-proxy");
            assertThat(proxy.path("network_mode").asText()).isEqualTo("service:" + node);
            List<String> command = texts(proxy.path("command"));
            assertThat(String.join(" ", command)).startsWith("-i default session proxy");
            String group = command.get(command.size() - 1);
            assertThat(group).as("a documentation multicast group").matches("233\\.252\\.0\\.[0-9]+|ff15:.*");
            assertThat(String.join(" ", command).toLowerCase(Locale.ROOT))
                    .contains("--net.dev.in=")
                    .contains("--net.dev.out=");
        }
        assertThat(compose.path("networks").path("sync").path("internal").asBoolean())
                .isTrue();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
