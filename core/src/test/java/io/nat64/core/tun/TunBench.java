package io.nat64.core.tun;

import com.sun.jna.Native;
import io.nat64.core.addr.Ipv6Address;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Packets per second through {@link TunDevice} on one thread: a write loop, a write-then-read ping-pong and a read
 * loop, as measured in the platform notes (section 3), so the figures can be re-measured.
 *
 * <p>Run as root after {@code mvn -pl core test-compile}; JNA is the only jar it needs:
 *
 * <pre>{@code
 * java -cp core/target/classes:core/target/test-classes:$HOME/.m2/repository/net/java/dev/jna/jna/5.19.1/jna-5.19.1.jar \
 *     io.nat64.core.tun.TunBench 5
 * }</pre>
 *
 * <p>It creates a namespace {@code n64b-XXXX}, runs itself again inside it with {@code --in-netns} (that run opens
 * {@code n64bench0} with 2001:db8:64::1/64), and deletes the namespace; the host is left untouched.
 */
public final class TunBench {

    private static final Ipv6Address LOCAL = Ipv6Address.parse("2001:db8:64::1");
    private static final Ipv6Address PEER = Ipv6Address.parse("2001:db8:64::2");
    private static final int PACKET = 112;
    private static final String DEVICE = "n64bench0";

    private TunBench() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        int seconds = 5;
        boolean inside = false;
        for (String a : args) {
            if (a.equals("--in-netns")) {
                inside = true;
            } else {
                seconds = Integer.parseInt(a);
            }
        }
        if (inside) {
            measure(seconds);
        } else {
            System.exit(inNamespace(seconds));
        }
    }

    private static int inNamespace(int seconds) throws IOException, InterruptedException {
        String why = Netns.whyNotRunnable();
        if (why != null) {
            System.err.println("TunBench needs root and /dev/net/tun (" + why + ")");
            return 2;
        }
        try (Netns ns = Netns.create("n64b-")) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    TunBench.class.getName(),
                    Integer.toString(seconds),
                    "--in-netns"));
            Process p = new ProcessBuilder(ns.inside(command)).inheritIO().start();
            if (!p.waitFor(3L * (seconds + 1) + 60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                System.err.println("TunBench: the run in namespace " + ns.name() + " timed out; killed");
                return 1;
            }
            return p.exitValue();
        }
    }

    private static void measure(int seconds) {
        TunDevice tun = TunDevice.open(DEVICE);
        try {
            TunSetup.up(tun.name(), LOCAL + "/64");
            System.out.printf(
                    "TunBench: Linux %s, %s %s, JNA %s (direct mapping), %d CPUs%n",
                    System.getProperty("os.version"),
                    System.getProperty("java.vm.name"),
                    System.getProperty("java.version"),
                    Native.VERSION,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(
                    "device %s in its own namespace, one thread per loop, %d-byte IPv6 packets, 1 s warm-up + %d s"
                            + " per loop%n",
                    tun.name(), PACKET, seconds);
            long nanos = TimeUnit.SECONDS.toNanos(seconds);
            long warmUp = TimeUnit.SECONDS.toNanos(1);

            writeLoop(tun, warmUp);
            double write = writeLoop(tun, nanos);
            System.out.printf(
                    "write      %,10.0f pkt/s     UDP %s -> %s port 9, into the kernel stack%n", write, PEER, LOCAL);

            drain(tun);
            pingPong(tun, warmUp);
            double rounds = pingPong(tun, nanos);
            System.out.printf(
                    "ping-pong  %,10.0f rounds/s  write an echo request, read the kernel's echo reply (2 syscalls a"
                            + " round)%n",
                    rounds);

            drain(tun);
            readLoop(tun, warmUp);
            long droppedBefore = txDropped(tun.name());
            double[] read = readLoop(tun, nanos);
            System.out.printf(
                    "read       %,10.0f pkt/s     while a blaster thread offered %,.0f pkt/s to %s (tx_dropped +%,d)%n",
                    read[0], read[1], PEER, txDropped(tun.name()) - droppedBefore);
        } finally {
            tun.close();
        }
    }

    /** Writes UDP datagrams to a port nobody listens on; returns packets per second. */
    private static double writeLoop(TunDevice tun, long nanos) {
        ByteBuffer b = ByteBuffer.allocateDirect(2048);
        int n = Ipv6Packets.writeUdp(b, PEER, LOCAL, 40000, 9, PACKET);
        long count = 0;
        long start = System.nanoTime();
        long now;
        do {
            for (int i = 0; i < 256; i++) {
                tun.write(0, b, n);
            }
            count += 256;
            now = System.nanoTime();
        } while (now - start < nanos);
        return count * 1e9 / (now - start);
    }

    /** One echo request out, its reply back in, per round; returns rounds per second. */
    private static double pingPong(TunDevice tun, long nanos) {
        ByteBuffer out = ByteBuffer.allocateDirect(2048);
        ByteBuffer in = ByteBuffer.allocateDirect(2048);
        int n = Ipv6Packets.writeEchoRequest(out, PEER, LOCAL, 0x6464, 1, PACKET);
        long count = 0;
        long start = System.nanoTime();
        long now;
        do {
            tun.write(0, out, n);
            int r;
            do {
                r = tun.read(0, in, 1000);
                if (r <= 0) {
                    throw new IllegalStateException("no echo reply within 1 s after " + count + " rounds");
                }
            } while (!Ipv6Packets.isEchoReply(in, r));
            count++;
            now = System.nanoTime();
        } while (now - start < nanos);
        return count * 1e9 / (now - start);
    }

    /** Reads what a blaster thread sends through the TUN; returns {read pkt/s, offered pkt/s}. */
    private static double[] readLoop(TunDevice tun, long nanos) {
        Blaster blaster = new Blaster();
        Thread thread = new Thread(blaster, "blaster");
        thread.start();
        ByteBuffer in = ByteBuffer.allocateDirect(2048);
        long count = 0;
        long start = System.nanoTime();
        long now;
        do {
            if (tun.read(0, in, 100) > 0) {
                count++;
            }
            now = System.nanoTime();
        } while (now - start < nanos);
        blaster.stop = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double elapsed = (now - start) / 1e9;
        return new double[] {count / elapsed, blaster.sent / elapsed};
    }

    private static void drain(TunDevice tun) {
        ByteBuffer b = ByteBuffer.allocateDirect(2048);
        while (tun.read(0, b, 0) > 0) {
            // discard what the previous loop left queued (ICMPv6 errors, replies)
        }
    }

    private static long txDropped(String device) {
        try {
            return Long.parseLong(Files.readString(Path.of("/sys/class/net", device, "statistics", "tx_dropped"))
                    .strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Sends 64-byte UDP payloads (112-byte IPv6 packets) to the peer behind the TUN as fast as one thread can. */
    private static final class Blaster implements Runnable {
        volatile boolean stop;
        volatile long sent;

        @Override
        public void run() {
            try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET6)) {
                ch.connect(new InetSocketAddress(PEER.toInet6Address(), 9));
                ByteBuffer payload = ByteBuffer.allocateDirect(PACKET - 48);
                long n = 0;
                while (!stop) {
                    payload.clear();
                    ch.write(payload);
                    n++;
                    if ((n & 1023) == 0) {
                        sent = n;
                    }
                }
                sent = n;
            } catch (IOException e) {
                System.err.println("blaster: " + e);
            }
        }
    }
}
