package io.nat64.core.tun;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A child process for {@link TunDeviceNetnsIT}: opens a TUN device, gives it an address, and answers ICMPv6 echo
 * requests and UDP datagrams read from it, from one reader thread.
 *
 * <p>Usage: {@code TunEchoMain <name> <address/prefix>}. It prints {@code READY name=<kernel name>}, one line per
 * packet read, and obeys lines on stdin: {@code close} closes the device (the stop protocol: the reader's {@code read}
 * returns -1) and prints {@code CLOSED ...}; {@code exit} or end of input ends the process.
 */
public final class TunEchoMain {

    private TunEchoMain() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: TunEchoMain <name> <address/prefix>");
            System.exit(2);
        }
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        // Not try-with-resources: close() is called explicitly mid-way, the finally only covers failures.
        TunDevice tun = TunDevice.open(args[0]);
        try {
            TunSetup.up(tun.name(), args[1]);
            AtomicInteger lastRead = new AtomicInteger(Integer.MIN_VALUE);
            Thread reader = new Thread(() -> lastRead.set(echo(tun)), "tun-reader-0");
            reader.start();
            System.out.println("READY name=" + tun.name() + " queues=" + tun.queues());

            waitFor(stdin, "close");
            long t0 = System.nanoTime();
            tun.close();
            reader.join(TimeUnit.SECONDS.toMillis(5));
            System.out.println("CLOSED reader-returned=" + lastRead.get() + " reader-alive=" + reader.isAlive()
                    + " stop-ms=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            waitFor(stdin, "exit");
        } finally {
            tun.close();
        }
    }

    private static void waitFor(BufferedReader stdin, String word) throws IOException {
        for (String line; (line = stdin.readLine()) != null; ) {
            if (line.trim().equals(word)) {
                return;
            }
        }
    }

    /** The reader loop; returns what the last {@code read} returned (-1 after close). */
    private static int echo(TunDevice tun) {
        ByteBuffer buf = ByteBuffer.allocateDirect(65_536);
        int n;
        while ((n = tun.read(0, buf)) > 0) {
            if (Ipv6Packets.isEchoRequest(buf, n)) {
                String from = Ipv6Packets.source(buf) + " to=" + Ipv6Packets.destination(buf);
                Ipv6Packets.turnIntoEchoReply(buf, n);
                tun.write(0, buf, n);
                System.out.println("RX icmpv6 echo-request len=" + n + " from=" + from + " -> TX echo-reply");
            } else if (Ipv6Packets.isUdp(buf, n)) {
                byte[] payload = new byte[n - Ipv6Packets.HEADER - 8];
                buf.get(Ipv6Packets.HEADER + 8, payload);
                String what = "len=" + n + " from=[" + Ipv6Packets.source(buf) + "]:" + Ipv6Packets.sourcePort(buf)
                        + " to=[" + Ipv6Packets.destination(buf) + "]:" + Ipv6Packets.destinationPort(buf)
                        + " payload=" + new String(payload, StandardCharsets.UTF_8).strip();
                Ipv6Packets.turnIntoUdpEcho(buf);
                tun.write(0, buf, n);
                System.out.println("RX udp " + what + " -> TX udp echo");
            } else if (Ipv6Packets.isIpv6(buf, n) && Ipv6Packets.nextHeader(buf) == Ipv6Packets.ICMPV6) {
                System.out.println("RX other icmpv6 type=" + Ipv6Packets.icmpType(buf) + " len=" + n);
            } else {
                System.out.println("RX other version=" + ((buf.get(0) & 0xf0) >> 4) + " len=" + n);
            }
        }
        return n;
    }
}
