package io.nat64.core.tun;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link TunDevice} against the real kernel, inside a network namespace of its own so the host is left untouched.
 *
 * <p>The test JVM cannot move into a namespace, so each device lives in a child JVM started with {@code ip netns exec}
 * ({@link TunEchoMain}, {@link TunQueuesMain}, {@link UdpProbeMain}) on this JVM's class path. Needs root and
 * {@code /dev/net/tun}; without them every test is skipped with a line on stderr.
 */
class TunDeviceNetnsIT {

    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration STEP = Duration.ofSeconds(15);
    private static final String LOCAL = "2001:db8:64::1";
    private static final String PEER = "2001:db8:64::2";

    private static @Nullable Netns ns;
    private final List<ChildProcess> children = new ArrayList<>();

    @BeforeAll
    static void createNamespace() {
        String why = Netns.whyNotRunnable();
        if (why != null) {
            System.err.println("SKIPPED (" + why + "): TunDeviceNetnsIT needs root and /dev/net/tun");
            Assumptions.abort("SKIPPED (" + why + "): TunDeviceNetnsIT needs root and /dev/net/tun");
        }
        ns = Netns.create("n64t-");
        System.out.println("TunDeviceNetnsIT: namespace " + ns.name());
    }

    @AfterEach
    void stopChildren() {
        children.forEach(ChildProcess::close);
    }

    @AfterAll
    static void deleteNamespace() {
        if (ns != null) {
            ns.close();
            assertThat(Netns.run(Netns.COMMAND_TIMEOUT, "ip", "netns", "list").output())
                    .doesNotContain(ns.name());
        }
    }

    private static Netns ns() {
        if (ns == null) {
            throw new IllegalStateException("no namespace");
        }
        return ns;
    }

    private ChildProcess startInNamespace(String label, Class<?> main, String... args) {
        ChildProcess child = ChildProcess.start(label, ns().inside(ChildProcess.java(main, args)));
        children.add(child);
        return child;
    }

    private ChildProcess startEcho(String device) {
        ChildProcess echo = startInNamespace(device, TunEchoMain.class, device, LOCAL + "/64");
        assertThat(echo.awaitLine("READY", START)).isEqualTo("READY name=" + device + " queues=1");
        return echo;
    }

    @Test
    void pingGetsThreeRepliesFromTheJavaEchoLoop() {
        if (Netns.onPath("ping") == null) {
            System.err.println("SKIPPED (no ping binary; apt-get install iputils-ping): "
                    + "TunDeviceNetnsIT.pingGetsThreeRepliesFromTheJavaEchoLoop");
            Assumptions.abort("SKIPPED (no ping binary; apt-get install iputils-ping)");
        }
        ChildProcess echo = startEcho("n64ping0");

        Netns.Result ping = ns().exec(STEP, "ping", "-6", "-n", "-c", "3", "-i", "0.2", "-W", "2", PEER);
        System.out.println(ping.output());

        assertThat(ping.exit()).as(ping.output()).isZero();
        assertThat(ping.output()).contains("3 packets transmitted, 3 received, 0% packet loss");
        for (int i = 0; i < 3; i++) {
            assertThat(echo.awaitLine("RX icmpv6 echo-request", STEP))
                    .contains("from=" + LOCAL + " to=" + PEER + " -> TX echo-reply");
        }
    }

    @Test
    void udpDatagramFromAJavaSocketIsReadFromTheTunAndEchoedBack() {
        ChildProcess echo = startEcho("n64udp0");

        Netns.Result probe = ns().exec(
                        STEP,
                        ChildProcess.java(UdpProbeMain.class, PEER, "6400", "hello-from-java")
                                .toArray(String[]::new));
        System.out.println(probe.output());

        assertThat(probe.exit()).as(probe.output()).isZero();
        assertThat(probe.output()).contains("UDP echo from [" + PEER + "]:6400").contains(": hello-from-java");
        assertThat(echo.awaitLine("RX udp", STEP))
                .contains("from=[" + LOCAL + "]:")
                .contains("to=[" + PEER + "]:6400 payload=hello-from-java -> TX udp echo");
    }

    @Test
    void closingTheDeviceStopsTheReaderAndRemovesTheInterface() {
        ChildProcess echo = startEcho("n64close0");
        Netns.Result before = ns().exec(STEP, "ip", "-6", "addr", "show", "dev", "n64close0");
        System.out.println(before.output());
        assertThat(before.check().output()).contains("inet6 " + LOCAL + "/64");

        echo.send("close");
        String closed = echo.awaitLine("CLOSED", STEP);

        assertThat(closed).startsWith("CLOSED reader-returned=-1 reader-alive=false");
        Netns.Result after = ns().exec(STEP, "ip", "link", "show", "dev", "n64close0");
        System.out.println(after.command() + " -> exit " + after.exit() + ": "
                + after.output().strip());
        assertThat(after.exit()).isNotZero();
        assertThat(after.output()).contains("does not exist");
        echo.send("exit");
        assertThat(echo.awaitExit(STEP)).isZero();
    }

    @Test
    void multiQueueOpenGivesOneDescriptorPerQueueAndCloseWakesEveryReader() {
        ChildProcess mq = startInNamespace("n64mq0", TunQueuesMain.class, "n64mq0", "4");

        assertThat(mq.awaitLine("OPEN", START)).isEqualTo("OPEN name=n64mq0 queues=4 tun-fds=4");
        Netns.Result flags =
                ns().exec(STEP, "cat", "/sys/class/net/n64mq0/tun_flags").check();
        Netns.Result sysQueues =
                ns().exec(STEP, "ls", "/sys/class/net/n64mq0/queues").check();
        System.out.println("tun_flags " + flags.output().strip() + "; queues "
                + sysQueues.output().replace('\n', ' '));
        assertThat(flags.output().strip()).isEqualTo("0x1101"); // IFF_TUN | IFF_MULTI_QUEUE | IFF_NO_PI
        assertThat(sysQueues.output().split("\\s+"))
                .containsExactlyInAnyOrder("rx-0", "rx-1", "rx-2", "rx-3", "tx-0", "tx-1", "tx-2", "tx-3");

        mq.send("close");

        assertThat(mq.awaitLine("CLOSED", STEP))
                .startsWith("CLOSED blocked-before-close=4 readers-returned=[-1, -1, -1, -1] still-alive=0");
        assertThat(ns().exec(STEP, "ip", "link", "show", "dev", "n64mq0").exit())
                .isNotZero();
        mq.send("exit");
        assertThat(mq.awaitExit(STEP)).isZero();
    }

    @Test
    void closeWhileReadersAndWritersAreBusyEndsEveryLoopWithMinusOne() {
        Netns.Result stress = ns().exec(
                        Duration.ofSeconds(60),
                        ChildProcess.java(TunCloseStressMain.class, "n64stress0", "100")
                                .toArray(String[]::new));
        System.out.println(stress.output().strip());

        assertThat(stress.exit()).as(stress.output()).isZero();
        assertThat(stress.output()).contains("STRESS cycles=100 every reader and writer returned -1");
    }
}
