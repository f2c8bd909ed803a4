package io.nat64.core.tun;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A Linux TUN interface carrying raw IPv4 and IPv6 packets ({@code IFF_TUN | IFF_NO_PI}), one file descriptor per
 * queue.
 *
 * <p>Threading: per queue, at most one reader thread and one writer thread at a time (they may be the same thread);
 * queues are independent of each other. {@link #close()} may be called from any thread.
 *
 * <p>Stop protocol: {@link #close()} marks the device closed and signals an eventfd that every blocked {@code read}
 * and {@code write} polls beside its TUN descriptor, so they return {@link #CLOSED} ({@code -1}) at once; it then waits
 * (at most {@value #CLOSE_WAIT_SECONDS} s) for them to leave and closes the descriptors, and the interface, which is
 * not persistent, disappears. A reader thread therefore loops until {@code read} returns {@code -1}. {@link
 * Thread#interrupt()} does not wake a blocked read: use {@code close()}, or {@link #read(int, ByteBuffer, int)} with a
 * timeout.
 *
 * <p>Buffers must be direct. A packet always starts at index 0 of the buffer; position and limit are neither used nor
 * changed. The native address of a buffer is taken once and kept (per queue and direction), so a loop that reuses its
 * buffer allocates nothing per packet.
 *
 * <pre>{@code
 * try (TunDevice tun = TunDevice.open("nat64", 2)) {            // queues 0 and 1
 *     ByteBuffer buf = ByteBuffer.allocateDirect(65_536);
 *     for (int n; (n = tun.read(0, buf)) > 0; ) {               // -1 once another thread called close()
 *         tun.write(0, buf, n);
 *     }
 * }
 * }</pre>
 *
 * <p>The kernel gives a new TUN interface a {@code txqueuelen} of 500: a reader that falls behind makes the kernel
 * drop packets and count them in {@code /sys/class/net/<name>/statistics/tx_dropped}.
 */
public final class TunDevice implements AutoCloseable {

    /** What {@code read} and {@code write} return once the device is closed. */
    public static final int CLOSED = -1;

    static final int CLOSE_WAIT_SECONDS = 5;

    private static final String TUN_PATH = "/dev/net/tun";

    private final String name;
    private final Queue[] queues;
    private final int wakeFd;
    /** Holds the 8-byte value 1 that close() writes to the eventfd. */
    private final Memory wakeValue;

    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;

    private TunDevice(String name, int[] fds, int wakeFd) {
        this.name = name;
        this.wakeFd = wakeFd;
        this.queues = new Queue[fds.length];
        for (int i = 0; i < fds.length; i++) {
            queues[i] = new Queue(fds[i], wakeFd);
        }
        this.wakeValue = new Memory(8);
        wakeValue.setLong(0, 1L);
    }

    /**
     * Creates (or attaches to) the single-queue TUN interface {@code name}; the interface is down and has no address.
     *
     * @param name at most 15 characters; may hold {@code %d} for the kernel to number, or be empty for {@code tun%d}
     * @throws TunException if the kernel refuses (with the reason and errno) or JNA cannot reach libc
     */
    public static TunDevice open(String name) {
        return open(name, 1);
    }

    /**
     * Creates (or attaches to) TUN interface {@code name} with {@code queues} queues; more than one queue means
     * {@code IFF_MULTI_QUEUE} and one file descriptor per queue, each meant for its own reader thread.
     *
     * @param queues 1 to 256; 1 gives a single-queue device, the same as {@link #open(String)}
     * @throws TunException if the kernel refuses (with the reason and errno) or JNA cannot reach libc
     */
    public static TunDevice open(String name, int queues) {
        checkName(name);
        if (queues < 1 || queues > LibC.MAX_QUEUES) {
            throw new IllegalArgumentException("queues must be between 1 and " + LibC.MAX_QUEUES + ", not " + queues);
        }
        try {
            LibC.load();
        } catch (LinkageError e) {
            throw TunException.nativeAccess(e);
        }
        boolean multiQueue = queues > 1;
        short flags = (short) (LibC.IFF_TUN | LibC.IFF_NO_PI | (multiQueue ? LibC.IFF_MULTI_QUEUE : 0));
        int[] fds = new int[queues];
        Arrays.fill(fds, -1);
        int wakeFd = -1;
        try {
            String given = name;
            for (int i = 0; i < queues; i++) {
                int fd = LibC.open(TUN_PATH, LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
                if (fd < 0) {
                    throw TunException.openTun(Native.getLastError());
                }
                fds[i] = fd;
                // Queue 0 may get a kernel-chosen name (tun%d); the other queues attach to that name.
                given = setIff(fd, given, flags, multiQueue);
            }
            wakeFd = LibC.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
            if (wakeFd < 0) {
                throw TunException.eventFd(Native.getLastError());
            }
            return new TunDevice(given, fds, wakeFd);
        } catch (Throwable t) {
            for (int fd : fds) {
                if (fd >= 0) {
                    LibC.close(fd);
                }
            }
            if (wakeFd >= 0) {
                LibC.close(wakeFd);
            }
            throw t;
        }
    }

    private static String setIff(int fd, String name, short flags, boolean multiQueue) {
        LibC.Ifreq ifr = new LibC.Ifreq(name, flags);
        try {
            LibC.Setup.INSTANCE.ioctl(fd, new NativeLong(LibC.TUNSETIFF), ifr);
        } catch (LastErrorException e) {
            throw TunException.setIff(name, multiQueue, e.getErrorCode());
        }
        return ifr.name();
    }

    /** Checks what the kernel's {@code dev_valid_name} checks, so a bad name fails here with a clear message. */
    static void checkName(String name) {
        if (name.length() >= LibC.IFNAMSIZ) {
            throw new IllegalArgumentException(
                    "interface name '" + name + "' is longer than " + (LibC.IFNAMSIZ - 1) + " characters");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("interface name '" + name + "' is not allowed");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '/' || c == ':') {
                throw new IllegalArgumentException(
                        "interface name '" + name + "' may only hold printable ASCII without spaces, '/' or ':'");
            }
        }
    }

    /** The interface name the kernel gave (it differs from the requested one when that held {@code %d}). */
    public String name() {
        return name;
    }

    /** The number of queues, each with its own file descriptor. */
    public int queues() {
        return queues.length;
    }

    /** {@code false} once {@link #close()} has begun. */
    public boolean isOpen() {
        return !closed;
    }

    /**
     * Reads one packet into {@code buffer} from index 0, waiting as long as it takes; call from the queue's reader
     * thread only.
     *
     * @return the packet length, or {@link #CLOSED} ({@code -1}) once the device is closed
     * @throws TunException on a system-call failure; {@code IllegalArgumentException} if the buffer is not direct
     */
    public int read(int queue, ByteBuffer buffer) {
        return read(queue, buffer, -1);
    }

    /**
     * Reads one packet into {@code buffer} from index 0, waiting at most {@code timeoutMillis} ({@code 0}: do not
     * wait, negative: forever); call from the queue's reader thread only.
     *
     * <p>A buffer smaller than the packet gets its first {@code capacity} bytes and the rest is lost: size buffers for
     * the interface MTU.
     *
     * @return the packet length, {@code 0} if no packet came in time, or {@link #CLOSED} once the device is closed
     * @throws TunException on a system-call failure; {@code IllegalArgumentException} if the buffer is not direct
     */
    public int read(int queue, ByteBuffer buffer, int timeoutMillis) {
        Queue q = queues[Objects.checkIndex(queue, queues.length)];
        Pointer address = q.rxAddress(buffer);
        return transfer(queue, q, true, address, buffer.capacity(), timeoutMillis);
    }

    /**
     * Writes the packet held in {@code buffer[0, length)} (one whole IPv4 or IPv6 packet) into the kernel; call from
     * the queue's writer thread only.
     *
     * @return {@code length}; {@code 0} if the interface is down, so the kernel dropped the packet ({@code EIO}); or
     *     {@link #CLOSED} ({@code -1}) once the device is closed
     * @throws TunException if the kernel rejects the packet ({@code EINVAL}: not IPv4/IPv6 or a bad length) or on a
     *     system-call failure
     */
    public int write(int queue, ByteBuffer buffer, int length) {
        Queue q = queues[Objects.checkIndex(queue, queues.length)];
        Pointer address = q.txAddress(buffer);
        if (length < 1 || length > buffer.capacity()) {
            throw new IndexOutOfBoundsException(
                    "packet length " + length + " is not within 1.." + buffer.capacity() + " (buffer capacity)");
        }
        return transfer(queue, q, false, address, length, -1);
    }

    /**
     * One read or write, polling the TUN descriptor and the close eventfd while the non-blocking descriptor says
     * {@code EAGAIN}. The in-flight count lets {@link #close()} wait until no thread can still use a descriptor
     * number it is about to free.
     */
    private int transfer(int queue, Queue q, boolean rx, Pointer address, long count, int timeoutMillis) {
        q.users.incrementAndGet();
        try {
            long deadline = timeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) : 0L;
            while (!closed) {
                long n = rx ? LibC.read(q.fd, address, count) : LibC.write(q.fd, address, count);
                if (n >= 0) {
                    return (int) n;
                }
                int errno = Native.getLastError();
                if (errno == LibC.EINTR) {
                    continue;
                }
                if (!rx && errno == LibC.EIO) {
                    return 0; // the interface is down and the kernel dropped the packet, as a NIC would
                }
                if (errno != LibC.EAGAIN) {
                    if (closed) {
                        break;
                    }
                    throw TunException.io(rx ? "read a packet from" : "write a packet to", name, queue, errno);
                }
                int wait = remainingMillis(timeoutMillis, deadline);
                if (wait == 0) {
                    return 0;
                }
                Memory pollFds = rx ? q.rxPoll : q.txPoll;
                int ready = LibC.poll(pollFds, 2, wait);
                if (ready == 0) {
                    return 0;
                }
                if (ready < 0) {
                    int pollErrno = Native.getLastError();
                    if (pollErrno != LibC.EINTR && !closed) {
                        throw TunException.io("wait for", name, queue, pollErrno);
                    }
                }
                // Ready, interrupted or woken by close(): the loop condition and the next read tell which.
            }
            return CLOSED;
        } finally {
            q.users.decrementAndGet();
        }
    }

    private static int remainingMillis(int timeoutMillis, long deadline) {
        if (timeoutMillis <= 0) {
            return timeoutMillis < 0 ? -1 : 0;
        }
        long left = deadline - System.nanoTime();
        return left <= 0 ? 0 : (int) Math.max(1L, TimeUnit.NANOSECONDS.toMillis(left + 999_999L));
    }

    /**
     * Wakes every blocked {@code read} and {@code write} (they return {@link #CLOSED}), waits for them to leave, then
     * closes every descriptor; the interface disappears. Idempotent; any thread.
     *
     * @throws TunException if the kernel reports an error while closing a descriptor (all are closed regardless)
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        // The eventfd stays readable from now on (nobody reads it), so every present and future poll returns.
        LibC.write(wakeFd, wakeValue, 8);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
        for (Queue q : queues) {
            while (q.users.get() != 0 && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(50_000L);
            }
        }
        int failed = 0;
        for (Queue q : queues) {
            if (LibC.close(q.fd) != 0 && failed == 0) {
                int errno = Native.getLastError();
                // On Linux the descriptor is released even when close() says EINTR.
                failed = errno == LibC.EINTR ? 0 : errno;
            }
        }
        LibC.close(wakeFd);
        if (failed != 0) {
            throw TunException.close(name, failed);
        }
    }

    @Override
    public String toString() {
        return "TunDevice[" + name + ", queues=" + queues.length + (closed ? ", closed]" : "]");
    }

    /**
     * One queue: its descriptor, its two pollfd pairs, and the cached buffer addresses. The rx fields belong to the
     * queue's reader thread and the tx fields to its writer thread.
     */
    private static final class Queue {
        final int fd;
        final AtomicInteger users = new AtomicInteger();
        /** {@code struct pollfd[2]}: {fd, POLLIN}, {eventfd, POLLIN}. */
        final Memory rxPoll;
        /** {@code struct pollfd[2]}: {fd, POLLOUT}, {eventfd, POLLIN}. */
        final Memory txPoll;

        private @Nullable ByteBuffer rxBuffer;
        private @Nullable Pointer rxPointer;
        private @Nullable ByteBuffer txBuffer;
        private @Nullable Pointer txPointer;

        Queue(int fd, int wakeFd) {
            this.fd = fd;
            this.rxPoll = pollFds(fd, LibC.POLLIN, wakeFd);
            this.txPoll = pollFds(fd, LibC.POLLOUT, wakeFd);
        }

        private static Memory pollFds(int fd, short events, int wakeFd) {
            Memory m = new Memory(2L * LibC.POLLFD_SIZE);
            m.clear();
            m.setInt(0, fd);
            m.setShort(4, events);
            m.setInt(LibC.POLLFD_SIZE, wakeFd);
            m.setShort(LibC.POLLFD_SIZE + 4, LibC.POLLIN);
            return m;
        }

        Pointer rxAddress(ByteBuffer buffer) {
            Pointer p = rxPointer;
            if (buffer != rxBuffer || p == null) {
                if (buffer.isReadOnly()) {
                    throw new IllegalArgumentException("cannot read a packet into a read-only buffer");
                }
                p = addressOf(buffer);
                rxBuffer = buffer;
                rxPointer = p;
            }
            return p;
        }

        Pointer txAddress(ByteBuffer buffer) {
            Pointer p = txPointer;
            if (buffer != txBuffer || p == null) {
                p = addressOf(buffer);
                txBuffer = buffer;
                txPointer = p;
            }
            return p;
        }

        /** Keeping the buffer referenced beside its pointer keeps the native memory alive. */
        private static Pointer addressOf(ByteBuffer buffer) {
            if (!buffer.isDirect()) {
                throw new IllegalArgumentException("TUN reads and writes need a direct ByteBuffer "
                        + "(ByteBuffer.allocateDirect), so the kernel can use its memory without a copy");
            }
            return Native.getDirectBufferPointer(buffer);
        }
    }
}
