package io.nat64.core.session;

import org.jspecify.annotations.Nullable;

/**
 * A BIB entry as the table stores it (Jool's {@code struct tabled_bib}): the IPv6 transport address, its
 * IPv4 mask, and the head of its sessions. Mutable, owned by the instance's owner thread.
 */
final class TabledBib {
    final long src6High;
    final long src6Low;
    final char src6Port;
    final int src4Addr;
    final char src4Port;
    /** Salt for the session index, so that sessions of different BIB entries spread over the buckets. */
    final int salt;

    boolean isStatic;

    @Nullable
    TabledSession sessions;

    @Nullable
    TabledBib next6;

    @Nullable
    TabledBib next4;

    TabledBib(long src6High, long src6Low, int src6Port, int src4Addr, int src4Port, boolean isStatic, int salt) {
        this.src6High = src6High;
        this.src6Low = src6Low;
        this.src6Port = (char) src6Port;
        this.src4Addr = src4Addr;
        this.src4Port = (char) src4Port;
        this.isStatic = isStatic;
        this.salt = salt;
    }

    boolean hasSessions() {
        return sessions != null;
    }

    /** Whether a session of this entry talks to the IPv4 address {@code dst4} (address-dependent filtering). */
    boolean talksTo(int dst4Addr) {
        for (TabledSession s = sessions; s != null; s = s.nextInBib) {
            if (s.dst4Addr == dst4Addr) {
                return true;
            }
        }
        return false;
    }

    void link(TabledSession s) {
        s.nextInBib = sessions;
        sessions = s;
    }

    void unlink(TabledSession s) {
        if (sessions == s) {
            sessions = s.nextInBib;
        } else {
            for (TabledSession p = sessions; p != null; p = p.nextInBib) {
                if (p.nextInBib == s) {
                    p.nextInBib = s.nextInBib;
                    break;
                }
            }
        }
        s.nextInBib = null;
    }
}
