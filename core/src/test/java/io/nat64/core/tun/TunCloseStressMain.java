package io.nat64.core.tun;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A child process for {@link TunDeviceNetnsIT}: opens and closes a two-queue device many times while, on each queue,
 * a reader (random timeouts of -1, 0, 1 and 2 ms) and a writer loop as fast as they can, and checks that every loop
 * ends with {@link TunDevice#CLOSED} and no thread is left behind.
 *
 * <p>Usage: {@code TunCloseStressMain <name> <cycles>}. Prints {@code STRESS ...}; exit 0 when every cycle was clean.
 */
public final class TunCloseStressMain {

    private TunCloseStressMain() {}

    public static void main(String[] args) throws InterruptedException {
        String name = args[0];
        int cycles = Integer.parseInt(args[1]);
        long worstStopNanos = 0;
        for (int cycle = 0; cycle < cycles; cycle++) {
            TunDevice tun = TunDevice.open(name, 2);
            int[] returned = new int[4];
            Arrays.fill(returned, Integer.MIN_VALUE);
            Thread[] threads = new Thread[4];
            for (int q = 0; q < 2; q++) {
                int queue = q;
                ByteBuffer in = ByteBuffer.allocateDirect(2048);
                ByteBuffer out = ByteBuffer.allocateDirect(2048);
                out.put(0, (byte) 0x60); // a bare IPv6 header: the kernel takes it and drops it (or says EIO: down)
                threads[2 * q] = new Thread(
                        () -> {
                            int r;
                            do {
                                r = tun.read(
                                        queue, in, ThreadLocalRandom.current().nextInt(-1, 3));
                            } while (r >= 0);
                            returned[2 * queue] = r;
                        },
                        "reader-" + q);
                threads[2 * q + 1] = new Thread(
                        () -> {
                            int r;
                            do {
                                r = tun.write(queue, out, 40);
                            } while (r >= 0);
                            returned[2 * queue + 1] = r;
                        },
                        "writer-" + q);
            }
            for (Thread t : threads) {
                t.start();
            }
            Thread.sleep(ThreadLocalRandom.current().nextInt(3));
            long t0 = System.nanoTime();
            tun.close();
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(5));
            }
            worstStopNanos = Math.max(worstStopNanos, System.nanoTime() - t0);
            boolean clean = Arrays.stream(threads).noneMatch(Thread::isAlive)
                    && Arrays.stream(returned).allMatch(r -> r == TunDevice.CLOSED);
            if (!clean) {
                System.out.println("STRESS cycle " + cycle + " not clean: returned=" + Arrays.toString(returned));
                System.exit(1);
            }
        }
        System.out.println("STRESS cycles=" + cycles + " every reader and writer returned -1, worst stop "
                + TimeUnit.NANOSECONDS.toMillis(worstStopNanos) + " ms");
    }
}
