package io.nat64.core.tun;

/**
 * A TUN operation failed; the message says what was tried, why it failed and, where there is one, what to do.
 *
 * <p>{@link #errno()} is the Linux error number ({@code 0} if the failure did not come from a system call). The
 * message ends with the number and its symbol, e.g. {@code "cannot open /dev/net/tun: permission denied (are you
 * root / CAP_NET_ADMIN?) [errno 13 EACCES]"}.
 */
public final class TunException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int errno;

    TunException(String message, int errno) {
        super(message + " [errno " + errno + (symbol(errno).isEmpty() ? "" : " " + symbol(errno)) + "]");
        this.errno = errno;
    }

    private TunException(String message, Throwable cause) {
        super(message, cause);
        this.errno = 0;
    }

    /** The Linux error number, or {@code 0} when the failure did not come from a system call. */
    public int errno() {
        return errno;
    }

    /** JNA could not load its native part or libc; no system call was made. */
    static TunException nativeAccess(LinkageError cause) {
        return new TunException(
                "cannot reach libc through JNA: " + cause.getMessage()
                        + " (if the temporary directory is mounted noexec, start the JVM with"
                        + " -Djna.tmpdir=<a directory that allows exec>)",
                cause);
    }

    /** {@code open("/dev/net/tun")} failed. */
    static TunException openTun(int errno) {
        String why =
                switch (errno) {
                    case LibC.EACCES, LibC.EPERM -> "permission denied (are you root / CAP_NET_ADMIN?)";
                    case LibC.ENOENT ->
                        "no such file (no TUN driver here? as root: mkdir -p /dev/net && "
                                + "mknod /dev/net/tun c 10 200)";
                    case LibC.ENODEV, LibC.ENXIO -> "this kernel has no TUN driver (CONFIG_TUN)";
                    case LibC.EMFILE, LibC.ENFILE -> "too many open files (raise ulimit -n)";
                    default -> reason(errno);
                };
        return new TunException("cannot open /dev/net/tun: " + why, errno);
    }

    /** The {@code TUNSETIFF} ioctl that creates or attaches the interface failed. */
    static TunException setIff(String name, boolean multiQueue, int errno) {
        String shown = name.isEmpty() ? "(kernel-chosen name)" : "'" + name + "'";
        String why =
                switch (errno) {
                    case LibC.EPERM, LibC.EACCES ->
                        "operation not permitted (needs root or CAP_NET_ADMIN in this "
                                + "network namespace; an existing persistent device may belong to another user)";
                    case LibC.EBUSY ->
                        "the device is busy (a single-queue TUN device already open by another " + "process?)";
                    case LibC.EINVAL ->
                        "invalid argument (a device with that name exists but is not a TUN device, "
                                + "or it was created " + (multiQueue ? "without" : "with") + " multi-queue)";
                    case LibC.E2BIG -> "too many queues (the kernel allows " + LibC.MAX_QUEUES + ")";
                    case LibC.ENOMEM -> "out of memory";
                    default -> reason(errno);
                };
        return new TunException("cannot create or attach TUN device " + shown + ": " + why, errno);
    }

    /** {@code eventfd()} for the close signal failed. */
    static TunException eventFd(int errno) {
        return new TunException("cannot create the eventfd that wakes readers on close: " + reason(errno), errno);
    }

    /** A {@code read}, {@code write} or {@code poll} on an open device failed. */
    static TunException io(String action, String device, int queue, int errno) {
        String why =
                switch (errno) {
                    case LibC.EINVAL -> "the kernel rejected the packet (not IPv4 or IPv6, or its length is wrong)";
                    case LibC.EMSGSIZE -> "the packet is larger than the interface accepts";
                    case LibC.EIO -> "input/output error (is the interface up?)";
                    case LibC.EBADF, LibC.EBADFD ->
                        "the file descriptor is no longer valid (was the device closed " + "or the queue detached?)";
                    default -> reason(errno);
                };
        return new TunException("cannot " + action + " TUN device '" + device + "' queue " + queue + ": " + why, errno);
    }

    /** Closing a file descriptor failed. */
    static TunException close(String device, int errno) {
        return new TunException(
                "cannot close a file descriptor of TUN device '" + device + "': " + reason(errno), errno);
    }

    /** libc's sentence for {@code errno}, lower-cased to sit inside ours. */
    private static String reason(int errno) {
        String text;
        try {
            text = LibC.strerror(errno);
        } catch (LinkageError e) {
            text = "error " + errno;
        }
        return text.isEmpty() ? "error " + errno : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    static String symbol(int errno) {
        return switch (errno) {
            case LibC.EPERM -> "EPERM";
            case LibC.ENOENT -> "ENOENT";
            case LibC.EINTR -> "EINTR";
            case LibC.EIO -> "EIO";
            case LibC.ENXIO -> "ENXIO";
            case LibC.E2BIG -> "E2BIG";
            case LibC.EBADF -> "EBADF";
            case LibC.EAGAIN -> "EAGAIN";
            case LibC.ENOMEM -> "ENOMEM";
            case LibC.EACCES -> "EACCES";
            case LibC.EBUSY -> "EBUSY";
            case LibC.ENODEV -> "ENODEV";
            case LibC.EINVAL -> "EINVAL";
            case LibC.ENFILE -> "ENFILE";
            case LibC.EMFILE -> "EMFILE";
            case LibC.EBADFD -> "EBADFD";
            case LibC.EMSGSIZE -> "EMSGSIZE";
            default -> "";
        };
    }
}
