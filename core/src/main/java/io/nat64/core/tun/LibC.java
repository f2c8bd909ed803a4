package io.nat64.core.tun;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The few libc calls {@link TunDevice} needs, with the Linux constants of x86-64 and aarch64.
 *
 * <p>Per-packet calls ({@code read}, {@code write}, {@code poll}) use JNA direct mapping, about 30 % faster than
 * interface mapping on syscall-bound loops (platform notes, section 3). After a direct call returns -1 the errno is
 * {@link Native#getLastError()}: no exception object is built on the hot path. {@code ioctl} is variadic, so it
 * stays on interface mapping ({@link Setup}). Package-private: nothing outside this package may touch JNA.
 */
final class LibC {

    static final int O_RDWR = 0x0002;
    static final int O_NONBLOCK = 0x0800;
    static final int O_CLOEXEC = 0x80000;
    static final int EFD_NONBLOCK = O_NONBLOCK;
    static final int EFD_CLOEXEC = O_CLOEXEC;

    /** {@code _IOW('T', 202, int)} = {@code 1 << 30 | 4 << 16 | 'T' << 8 | 202}. */
    static final long TUNSETIFF = 0x400454caL;

    static final short IFF_TUN = 0x0001;
    static final short IFF_MULTI_QUEUE = 0x0100;
    static final short IFF_NO_PI = 0x1000;
    static final int IFNAMSIZ = 16;
    /** The kernel's {@code MAX_TAP_QUEUES}. */
    static final int MAX_QUEUES = 256;

    static final short POLLIN = 0x0001;
    static final short POLLOUT = 0x0004;
    /** {@code struct pollfd} is {@code int fd; short events; short revents;}: 8 bytes. */
    static final int POLLFD_SIZE = 8;

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int ENXIO = 6;
    static final int E2BIG = 7;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int ENFILE = 23;
    static final int EMFILE = 24;
    static final int EMSGSIZE = 90;
    static final int EBADFD = 77;

    static {
        Native.register(LibC.class, NativeLibrary.getInstance("c"));
    }

    private LibC() {}

    /**
     * Registers the direct methods (this class's initializer) and loads {@link Setup} now, so a JNA failure is
     * reported before any descriptor exists.
     */
    static void load() {
        Objects.requireNonNull(Setup.INSTANCE);
    }

    static native int open(String path, int flags);

    static native int close(int fd);

    static native long read(int fd, Pointer buf, long count);

    static native long write(int fd, Pointer buf, long count);

    static native int poll(Pointer fds, long nfds, int timeoutMillis);

    static native int eventfd(int initval, int flags);

    static native String strerror(int errnum);

    /** Interface mapping, for the one variadic call; setup only. */
    interface Setup extends Library {
        Setup INSTANCE = Native.load("c", Setup.class);

        /** {@code request} is an {@code unsigned long}. */
        int ioctl(int fd, NativeLong request, Ifreq ifr) throws LastErrorException;
    }

    /**
     * {@code struct ifreq}, 40 bytes on LP64 Linux: {@code char ifr_name[16]} then a 24-byte union whose first
     * member is {@code short ifr_flags}. JNA writes it before the call and reads it back after, so {@link #name()}
     * is the name the kernel gave.
     *
     * <table>
     *   <caption>layout</caption>
     *   <tr><th>offset</th><th>size</th><th>field</th></tr>
     *   <tr><td>0</td><td>16</td><td>{@code ifr_name}, NUL-terminated, at most 15 bytes</td></tr>
     *   <tr><td>16</td><td>2</td><td>{@code ifr_flags}</td></tr>
     *   <tr><td>18</td><td>22</td><td>rest of the union (struct ifmap is the largest member, 24 bytes)</td></tr>
     * </table>
     */
    @Structure.FieldOrder({"ifr_name", "ifr_flags", "ifr_pad"})
    public static final class Ifreq extends Structure {
        public byte[] ifr_name = new byte[IFNAMSIZ];
        public short ifr_flags;
        public byte[] ifr_pad = new byte[22];

        Ifreq(String name, short flags) {
            byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(bytes, 0, ifr_name, 0, Math.min(bytes.length, IFNAMSIZ - 1));
            ifr_flags = flags;
        }

        String name() {
            int n = 0;
            while (n < IFNAMSIZ && ifr_name[n] != 0) {
                n++;
            }
            return new String(ifr_name, 0, n, StandardCharsets.US_ASCII);
        }

        int flagsOffset() {
            return fieldOffset("ifr_flags");
        }
    }
}
