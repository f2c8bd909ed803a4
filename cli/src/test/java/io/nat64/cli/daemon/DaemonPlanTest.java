package io.nat64.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.pool.Pool4Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The configuration format of docs/daemon.md: what it accepts, and the one-line errors for what it does not. */
class DaemonPlanTest {

    private static DaemonPlan plan(String source, String text) {
        return DaemonPlan.of(ConfigLoader.parse(source, text), source);
    }

    private static DaemonPlan plan(String yaml) {
        return plan("test.yaml", yaml);
    }

    @Test
    void theExampleFileInDeployEtcIsValid() {
        DaemonPlan p = DaemonPlan.of(ConfigLoader.load(Path.of("../deploy/etc/nat64.yaml")), "nat64.yaml");
        assertThat(p.instances()).hasSize(1);
        DaemonPlan.InstancePlan i = p.instances().get(0);
        assertThat(i.config().tunName()).isEqualTo("nat64");
        assertThat(i.pool4()).hasSize(4);
        assertThat(i.bib()).hasSize(1);
    }

    @Test
    void theExampleFileServesMetricsOnLoopback() {
        DaemonConfig c = ConfigLoader.load(Path.of("../deploy/etc/nat64.yaml"));
        assertThat(c.metrics()).isEqualTo("127.0.0.1:9464");
        assertThat(DaemonCommand.parseMetrics(c.metrics(), "metrics")).isNotNull();
    }

    @Test
    void theContainerNodesConfigsAreValidTwinsWithSessionSynchronisationOn() {
        DaemonPlan.InstancePlan[] nodes = new DaemonPlan.InstancePlan[2];
        for (int n = 1; n <= 2; n++) {
            Path file = Path.of("../deploy/container/node" + n + ".yaml");
            DaemonConfig c = ConfigLoader.load(file);
            DaemonPlan p = DaemonPlan.of(c, file.toString());
            assertThat(p.instances()).hasSize(1);
            nodes[n - 1] = p.instances().get(0);
            assertThat(nodes[n - 1].config().globals().ssEnabled()).isTrue();
            var metrics = DaemonCommand.parseMetrics(c.metrics(), "metrics");
            assertThat(metrics).isNotNull();
            assertThat(metrics.getPort()).isEqualTo(9464);
        }
        assertThat(nodes[1].config().pool6()).isEqualTo(nodes[0].config().pool6());
        assertThat(nodes[1].pool4()).isEqualTo(nodes[0].pool4());
    }

    @Test
    void theYamlAndJsonExamplesOfTheDocAreValid() throws IOException {
        String doc = Files.readString(Path.of("../docs/daemon.md"));
        Matcher yaml = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(doc);
        Matcher json = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(yaml.find()).isTrue();
        assertThat(json.find()).isTrue();
        DaemonPlan.InstancePlan fromYaml =
                plan("daemon.md.yaml", yaml.group(1)).instances().get(0);
        assertThat(fromYaml.config().globals().udpTimeout()).isEqualTo(120_000);
        assertThat(fromYaml.config().globals().icmpTimeout()).isEqualTo(30_000);
        assertThat(fromYaml.pool4())
                .hasSize(4)
                .contains(Pool4Entry.of(L4Protocol.TCP, io.nat64.core.addr.Ipv4Prefix.parse("192.0.2.1"), 80, 80));
        DaemonPlan.InstancePlan fromJson =
                plan("daemon.md.json", json.group(1)).instances().get(0);
        assertThat(fromJson.pool4()).hasSize(3);
    }

    @Test
    void noProtocolMeansAllThreeAndNoPortsMeansJoolsDefaultRange() {
        DaemonPlan.InstancePlan i =
                plan("""
                instances:
                  - name: a
                    pool6: 64:ff9b::/96
                    pool4:
                      - prefix: 192.0.2.0/30
                """)
                        .instances()
                        .get(0);
        assertThat(i.pool4()).extracting(Pool4Entry::protocol).containsExactly(L4Protocol.values());
        assertThat(i.pool4()).allSatisfy(e -> {
            assertThat(e.minPort()).isEqualTo(61001);
            assertThat(e.maxPort()).isEqualTo(65535);
        });
        assertThat(i.config().tunName()).isEqualTo("nat64-a");
        assertThat(i.queues()).isEqualTo(1);
    }

    @Test
    void unquotedTimeoutsAndNumbersAreTakenAsJoolText() {
        DaemonPlan.InstancePlan i =
                plan("""
                instances:
                  - name: a
                    pool6: 64:ff9b::/96
                    globals: {udp-timeout: 0:03:00, icmp-timeout: 5, drop-icmpv6-info: true}
                """)
                        .instances()
                        .get(0);
        assertThat(i.config().globals().udpTimeout()).isEqualTo(180_000);
        assertThat(i.config().globals().icmpTimeout()).isEqualTo(5_000);
        assertThat(i.config().globals().dropIcmpv6Info()).isTrue();
    }

    @Test
    void anEmptyInstanceListIsValid() {
        assertThat(plan("instances: []").instances()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "unknown key | instances: [{name: a, pool6: '64:ff9b::/96', pool7: x}]"
                        + " | test.yaml: line 1: instances[0]: unknown key 'pool7' (known keys: bib, globals, name,"
                        + " pool4, pool6, queues, tun)",
                "missing pool6 | instances: [{name: a}] | test.yaml: instances[0].pool6: missing (required)",
                "bad pool6 length | instances: [{name: a, pool6: '64:ff9b::/95'}]"
                        + " | test.yaml: instances[0].pool6: pool6 prefix 64:ff9b::/95 has length 95",
                "unknown global | instances: [{name: a, pool6: '64:ff9b::/96', globals: {udp-timeot: 1}}]"
                        + " | test.yaml: instances[0].globals.udp-timeot: unknown global (known: udp-timeout,",
                "timeout below Jool's minimum | instances: [{name: a, pool6: '64:ff9b::/96',"
                        + " globals: {udp-timeout: '0:01:00'}}] | test.yaml: instances[0].globals.udp-timeout:",
                "bad protocol | instances: [{name: a, pool6: '64:ff9b::/96', pool4: [{prefix: 192.0.2.1,"
                        + " protocol: sctp}]}] | test.yaml: instances[0].pool4[0].protocol: 'sctp' is not tcp, udp or"
                        + " icmp",
                "bad port range | instances: [{name: a, pool6: '64:ff9b::/96', pool4: [{prefix: 192.0.2.1,"
                        + " ports: 9-2}]}] | test.yaml: instances[0].pool4[0].ports: pool4 port range 9-2 is empty",
                "loopback pool4 | instances: [{name: a, pool6: '64:ff9b::/96', pool4: [{prefix: 127.0.0.1}]}]"
                        + " | test.yaml: instances[0].pool4[0].prefix: pool4 prefix 127.0.0.1 contains loopback",
                "bad BIB address | instances: [{name: a, pool6: '64:ff9b::/96', bib: [{protocol: tcp,"
                        + " ipv6: '2001:db8::8', ipv4: '192.0.2.1#80'}]}]"
                        + " | test.yaml: instances[0].bib[0].ipv6: expected ADDRESS#PORT",
                "duplicate names | instances: [{name: a, pool6: '64:ff9b::/96'}, {name: a, pool6: '64:ff9b::/96',"
                        + " tun: t2}] | test.yaml: instances[1].name: instance name 'a' is used twice",
                "duplicate key | 'instances: []\ninstances: []' | test.yaml: line 2: Duplicate field 'instances'",
                "too many queues | instances: [{name: a, pool6: '64:ff9b::/96', queues: 65}]"
                        + " | test.yaml: instances[0].queues: must be 1 to 64, not 65",
                "empty file | '  ' | test.yaml: the file is empty",
            })
    void aBadConfigurationIsOneLineNamingThePlace(String what, String yaml, String message) {
        assertThatThrownBy(() -> plan(yaml.replace("\\n", "\n")))
                .as(what)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aMissingFileSaysSo() {
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("does-not-exist.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("does-not-exist.yaml: no such file");
    }
}
