package io.nat64.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.cli.resolve.HostLookup;
import io.nat64.cli.resolve.Resolver;
import io.nat64.cli.resolve.Services;
import io.nat64.core.config.GlobalKey;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code nat64} commands against a real gateway on loopback: output, errors and exit codes. */
class CliIT {
    private final CliFixture f = new CliFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void sessionDisplayNumericCsvListsTheSessionsTrafficMade() {
        f.udp("2001:db8::8", 60927, "192.0.2.8", 1234);
        f.syn("2001:db8::8", 37878, "192.0.2.8", 1234);
        CliFixture.Run udp = f.nat64("session", "display", "--udp", "--numeric", "--csv");
        assertThat(udp.code()).isZero();
        assertThat(udp.out())
                .matches("Protocol,IPv6 Remote Address,IPv6 Remote L4-ID,IPv6 Local Address,IPv6 Local L4-ID,"
                        + "IPv4 Local Address,IPv4 Local L4-ID,IPv4 Remote Address,IPv4 Remote L4-ID,Expires in,State\n"
                        + "UDP,2001:db8::8,60927,64:ff9b::c000:208,1234,192\\.0\\.2\\.1,\\d+,192\\.0\\.2\\.8,1234,"
                        + "0:0[45]:\\d\\d(\\.\\d{3})?\n");
        CliFixture.Run tcp = f.nat64("session", "display", "--numeric");
        assertThat(tcp.out())
                .matches("---------------------------------\n"
                        + "\\(V6_INIT\\) Expires in [34] minutes, \\d+ seconds\n"
                        + "Remote: 192\\.0\\.2\\.8#1234\t2001:db8::8#37878\n"
                        + "Local: 192\\.0\\.2\\.1#\\d+\t\t64:ff9b::c000:208#1234\n"
                        + "---------------------------------\n");
    }

    @Test
    void withoutNumericTheRemoteSideIsResolvedAndPortsNamed() throws Exception {
        f.syn("2001:db8::2", 58239, "93.184.216.119", 80);
        Map<InetAddress, String> hosts = Map.of(
                InetAddress.getByName("93.184.216.119"), "example.com",
                InetAddress.getByName("2001:db8::2"), "ipv6client.mx");
        HostLookup fake = address -> hosts.getOrDefault(address, address.getHostAddress());
        CliFixture.Run run = f.nat64(
                Map.of(),
                () -> new Resolver(fake, Services.parse(List.of("http 80/tcp www")), Duration.ofSeconds(1)),
                "session",
                "display");
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("Remote: example.com#http\tipv6client.mx#58239\n");
        assertThat(run.out()).containsPattern("Local: 192\\.0\\.2\\.1#\\d+\t\t64:ff9b::5db8:d877#80\n");
    }

    @Test
    void aDeadNameserverCostsAboutASecondAndOneWarning() {
        for (int port = 40000; port < 40020; port++) {
            f.udp("2001:db8::" + Integer.toHexString(port), port, "198.51.100." + (port % 200), 53);
        }
        HostLookup dead = address -> {
            Thread.sleep(30_000);
            return "never";
        };
        long start = System.nanoTime();
        CliFixture.Run run = f.nat64(
                Map.of(),
                () -> new Resolver(dead, Services.parse(List.of()), Resolver.DEFAULT_DEADLINE),
                "session",
                "display",
                "--udp",
                "--csv");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(run.code()).isZero();
        assertThat(millis).isLessThan(1500);
        assertThat(run.err())
                .isEqualTo("nat64: warning: 40 addresses could not be resolved in time and are shown as numbers"
                        + " (--numeric skips name resolution)\n");
        assertThat(run.out().lines()).hasSize(21);
    }

    @Test
    void followPrintsTheSeedsLinePerUpdate() throws Exception {
        f.instance.updateGlobal(GlobalKey.SS_ENABLED, "true").block(CliFixture.TIMEOUT);
        java.io.PipedWriter pipe = new java.io.PipedWriter();
        java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.PipedReader(pipe));
        Nat64Command top = new Nat64Command(Map.of());
        Thread follower = new Thread(() -> Main.run(
                top,
                new String[] {"--gateway", "127.0.0.1:" + f.gateway.tcpAddress().getPort(), "session", "follow"},
                new java.io.PrintWriter(pipe),
                new java.io.PrintWriter(new java.io.StringWriter())));
        follower.setDaemon(true);
        follower.start();
        long deadline = System.nanoTime() + CliFixture.TIMEOUT.toNanos();
        while (reactor.core.Scannable.from(f.instance.mutations()).inners().count() == 0) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(10);
        }
        f.udp("2001:db8::8", 60927, "192.0.2.8", 1234);
        assertThat(lines.readLine()).matches("UDP,2001:db8::8,60927,192\\.0\\.2\\.1,\\d+,192\\.0\\.2\\.8,1234,0:05:00");
        f.syn("2001:db8::8", 37878, "192.0.2.8", 1234);
        assertThat(lines.readLine()).matches("TCP,2001:db8::8,37878,192\\.0\\.2\\.1,\\d+,192\\.0\\.2\\.8,1234,0:04:00");
        top.close(); // what Ctrl-C does to the connection
    }

    @Test
    void aDaemonThatIsNotRunningGivesOneLineAndExitCode3() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliFixture.Run run = CliFixture.run(
                new Nat64Command(Map.of(Nat64Command.GATEWAY_ENV, "127.0.0.1:" + port)), "session", "display");
        assertThat(run.code()).isEqualTo(ExitCode.NO_DAEMON.code()).isEqualTo(3);
        assertThat(run.err())
                .isEqualTo("nat64: no nat64 daemon answers at 127.0.0.1:" + port + " (connection refused); start one"
                        + " with 'nat64 daemon', or point --gateway or NAT64_GATEWAY at a running one\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void theGatewayComesFromNat64GatewayWhenNoFlagIsGiven() {
        CliFixture.Run run = f.nat64(
                Map.of(
                        Nat64Command.GATEWAY_ENV,
                        "127.0.0.1:" + f.gateway.tcpAddress().getPort()),
                null,
                "pool6",
                "display");
        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("64:ff9b::/96\n");
    }

    @Test
    void everyKindOfFailureHasItsOwnExitCode() {
        CliFixture.Run unknown = f.nat64("-i", "blue", "global", "display");
        assertThat(unknown.code()).isEqualTo(4);
        assertThat(unknown.err())
                .isEqualTo("nat64: instance 'blue' does not exist (create it with: nat64 instance add blue --pool6"
                        + " PREFIX)\n");

        CliFixture.Run refused = f.nat64("global", "update", "udp-timeout", "1:00");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err())
                .startsWith("nat64: udp-timeout")
                .endsWith("\n")
                .hasLineCount(1);

        CliFixture.Run usage = f.nat64("session", "display", "--tcp", "--udp");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).startsWith("nat64: Only one protocol is allowed per request.\n");

        CliFixture.Run proxy = f.nat64("session", "proxy", "ff08::db8:64:64", "--net.mcast.port=6464");
        assertThat(proxy.code()).as(proxy.err()).isEqualTo(1);
        assertThat(proxy.err()).startsWith("nat64: Session sync is disabled on this instance");
        CliFixture.Run noGroup = f.nat64("session", "proxy");
        assertThat(noGroup.code()).isEqualTo(2);
        CliFixture.Run unicast = f.nat64("session", "proxy", "198.51.100.1");
        assertThat(unicast.code()).isEqualTo(2);
        assertThat(unicast.err()).isEqualTo("nat64: 198.51.100.1 is not a multicast address\n");
        CliFixture.Run blue = f.nat64("-i", "blue", "session", "proxy", "233.252.0.64");
        assertThat(blue.code()).isEqualTo(4);
        assertThat(blue.err()).startsWith("nat64: instance 'blue' does not exist");

        CliFixture.Run follow = f.nat64("session", "follow");
        assertThat(follow.code()).isEqualTo(1);
        assertThat(follow.err()).contains("ss-enabled is false");

        CliFixture.Run badGateway =
                CliFixture.run(new Nat64Command(Map.of()), "--gateway", "nowhere", "stats", "display");
        assertThat(badGateway.code()).isEqualTo(2);
        assertThat(badGateway.err()).isEqualTo("nat64: --gateway: gateway address must be HOST:PORT, not 'nowhere'\n");
    }

    @Test
    void instancePool4AndBibFollowJoolsGrammar() {
        assertThat(f.nat64("instance", "add", "blue", "--pool6", "2001:db8:64::/96")
                        .code())
                .isZero();
        assertThat(f.nat64("-i", "blue", "pool4", "add", "203.0.113.1").code()).isZero();
        assertThat(f.nat64("-i", "blue", "pool4", "add", "--tcp", "203.0.113.2", "1-3000")
                        .code())
                .isZero();
        assertThat(f.nat64("-i", "blue", "bib", "add", "2001:db8::5#2000", "203.0.113.2#2000")
                        .code())
                .isZero();
        assertThat(f.nat64("-i", "blue", "bib", "display", "--numeric").out())
                .isEqualTo("[Static TCP] 203.0.113.2#2000 - 2001:db8::5#2000\n");
        assertThat(f.nat64("-i", "blue", "bib", "display", "--numeric", "--csv").out())
                .isEqualTo("Protocol,IPv6 Address,IPv6 L4-ID,IPv4 Address,IPv4 L4-ID,Static?\n"
                        + "TCP,2001:db8::5,2000,203.0.113.2,2000,1\n");
        assertThat(f.nat64("-i", "blue", "pool4", "display", "--udp", "--csv").out())
                .isEqualTo("Mark,Protocol,Address,Min port,Max port,Iterations,Iterations fixed\n"
                        + "0,UDP,203.0.113.1,61001,65535,1024,0\n");
        assertThat(f.nat64("instance", "display", "--csv").out())
                .isEqualTo("Name,pool6,TUN\nblue,2001:db8:64::/96,nat64-blue\ndefault,64:ff9b::/96,nat64-default\n");
        CliFixture.Run twoNames = f.nat64("-i", "red", "instance", "add", "blue", "--pool6", "2001:db8::/96");
        assertThat(twoNames.code()).isEqualTo(2);
        assertThat(twoNames.err()).startsWith("nat64: two instance names given: -i red and blue\n");
        assertThat(f.nat64("-i", "blue", "bib", "remove", "203.0.113.2#2000").code())
                .isZero();
        assertThat(f.nat64("-i", "blue", "bib", "display", "--numeric").out()).isEmpty();
        assertThat(f.nat64("instance", "remove", "blue").code()).isZero();
        assertThat(f.registry.get("blue")).isEmpty();
    }

    @Test
    void modesAndOperationsMayBeAbbreviatedAsInJool() {
        f.udp("2001:db8::8", 60927, "192.0.2.8", 1234);
        CliFixture.Run run = f.nat64("se", "d", "-u", "--nu", "--c", "--no-h");
        assertThat(run.code()).isZero();
        assertThat(run.out()).startsWith("UDP,2001:db8::8,60927,").hasLineCount(1);
    }

    @Test
    void helpWorksOnEveryLevel() {
        for (String[] args : List.of(
                new String[] {"--help"},
                new String[] {"session", "--help"},
                new String[] {"session", "display", "--help"},
                new String[] {"session", "follow", "--help"},
                new String[] {"session", "proxy", "--help"},
                new String[] {"pool4", "add", "--help"},
                new String[] {"bib", "remove", "--help"},
                new String[] {"instance", "add", "--help"},
                new String[] {"global", "update", "--help"},
                new String[] {"stats", "display", "--help"},
                new String[] {"pool6", "add", "--help"})) {
            CliFixture.Run run = CliFixture.run(new Nat64Command(Map.of()), args);
            assertThat(run.code()).as(String.join(" ", args)).isZero();
            assertThat(run.out()).as(String.join(" ", args)).startsWith("Usage: nat64");
        }
        CliFixture.Run bare = CliFixture.run(new Nat64Command(Map.of()));
        assertThat(bare.code()).isEqualTo(2);
        assertThat(bare.err()).startsWith("Usage: nat64");
    }

    @Test
    void statsAndGlobalsPrintInJoolsFormats() {
        f.udp("2001:db8::8", 60927, "192.0.2.8", 1234);
        assertThat(f.nat64("stats", "display").out())
                .contains("JSTAT_RECEIVED6: 1\n", "JSTAT_SUCCESS: 1\n", "JSTAT_SESSIONS: 1\n")
                .doesNotContain(": 0\n");
        assertThat(f.nat64("stats", "display", "--csv", "--explain").out())
                .startsWith("Stat,Value,Explanation\nJSTAT_RECEIVED6,1,\"IPv6 packets received.\"\n");
        String globals = f.nat64("global", "display").out();
        assertThat(globals)
                .startsWith("  pool6: 64:ff9b::/96\n  lowest-ipv6-mtu: 1280\n")
                .contains("  f-args: 11 (0b1011): SrcAddr:1 SrcPort:0 DstAddr:1 DstPort:1\n")
                .contains("  udp-timeout: 0:05:00 (HH:MM:SS)\n")
                .contains("  ss-enabled: false\n");
        assertThat(f.nat64("global", "display", "--csv").out())
                .startsWith("Field,Value\npool6,64:ff9b::/96\n")
                .contains("ss-enabled,FALSE\n", "udp-timeout,0:05:00\n", "f-args,11\n");
    }

    @Test
    void everySessionSynchronisationGlobalUpdatesThroughTheCli() {
        String[][] updates = {
            {"ss-enabled", "true"},
            {"ss-flush-asap", "true"},
            {"ss-flush-deadline", "20"},
            {"ss-capacity", "16384"},
            {"ss-max-payload", "2000"},
            {"ss-max-sessions-per-packet", "51"}
        };
        for (String[] u : updates) {
            CliFixture.Run r = f.nat64("global", "update", u[0], u[1]);
            assertThat(r.code()).as(u[0] + ": " + r.err()).isZero();
        }
        assertThat(f.nat64("global", "display").out())
                .contains(
                        "  ss-enabled: true\n",
                        "  ss-flush-asap: true\n",
                        "  ss-flush-deadline: 20\n",
                        "  ss-capacity: 16384\n",
                        "  ss-max-payload: 2000\n",
                        "  ss-max-sessions-per-packet: 51\n");
        assertThat(f.instance.globals().ssFlushDeadline()).isEqualTo(20);
        CliFixture.Run zero = f.nat64("global", "update", "ss-max-sessions-per-packet", "0");
        assertThat(zero.code()).isEqualTo(1);
    }
}
