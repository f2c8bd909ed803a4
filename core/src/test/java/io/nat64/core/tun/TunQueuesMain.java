package io.nat64.core.tun;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A child process for {@link TunDeviceNetnsIT}: opens a multi-queue TUN device, counts its own TUN descriptors in
 * {@code /proc/self/fdinfo}, and blocks one reader thread per queue until {@code close} arrives on stdin.
 *
 * <p>Usage: {@code TunQueuesMain <name> <queues>}. Prints {@code OPEN ...}, then {@code CLOSED ...}; {@code exit} or end
 * of input ends the process.
 */
public final class TunQueuesMain {

    private TunQueuesMain() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: TunQueuesMain <name> <queues>");
            System.exit(2);
        }
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        // Not try-with-resources: close() is called explicitly mid-way, the finally only covers failures.
        TunDevice tun = TunDevice.open(args[0], Integer.parseInt(args[1]));
        try {
            int[] returned = new int[tun.queues()];
            Arrays.fill(returned, Integer.MIN_VALUE);
            Thread[] readers = new Thread[tun.queues()];
            for (int q = 0; q < readers.length; q++) {
                int queue = q;
                ByteBuffer buf = ByteBuffer.allocateDirect(2048);
                readers[q] = new Thread(() -> returned[queue] = tun.read(queue, buf), "tun-reader-" + q);
                readers[q].start();
            }
            System.out.println("OPEN name=" + tun.name() + " queues=" + tun.queues() + " tun-fds="
                    + countTunDescriptors(tun.name()));

            waitFor(stdin, "close");
            long blocked = Arrays.stream(readers).filter(Thread::isAlive).count();
            long t0 = System.nanoTime();
            tun.close();
            for (Thread r : readers) {
                r.join(TimeUnit.SECONDS.toMillis(5));
            }
            long stillAlive = Arrays.stream(readers).filter(Thread::isAlive).count();
            // join() makes each reader's write to returned[] visible here.
            System.out.println("CLOSED blocked-before-close=" + blocked + " readers-returned="
                    + Arrays.toString(returned) + " still-alive=" + stillAlive + " stop-ms="
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            waitFor(stdin, "exit");
        } finally {
            tun.close();
        }
    }

    /** Counts this process's descriptors whose fdinfo says {@code iff: <name>} (what the tun driver prints). */
    static int countTunDescriptors(String name) throws IOException {
        int count = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fdinfo"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readAllLines(fd).contains("iff:\t" + name)) {
                        count++;
                    }
                } catch (IOException e) {
                    // the directory stream's own descriptor vanishes while we look: not a TUN descriptor
                }
            }
        }
        return count;
    }

    private static void waitFor(BufferedReader stdin, String word) throws IOException {
        for (String line; (line = stdin.readLine()) != null; ) {
            if (line.trim().equals(word)) {
                return;
            }
        }
    }
}
