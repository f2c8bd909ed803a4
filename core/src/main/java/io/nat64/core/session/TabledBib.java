package io.nat64.core.session;

import org.jspecify.annotations.Nullable;

/**
 * A BIB entry as the table stores it (Jool's {@code struct tabled_bib}): the IPv6 transport address, its
 * IPv4 mask, and the head of its sessions. Mutable, owned by the instance's owner thread.
 */
final class TabledBib {
    /** The most sessions an entry has before they go in the session index. */
    static final int FEW = 4;

    final long src6High;
    final long src6Low;
    final char src6Port;
    final int src4Addr;
    final char src4Port;
    /** Salt for the session index, so that sessions of different BIB entries spread over the buckets. */
    final int salt;

    boolean isStatic;
    /**
     * Whether its sessions are in the table's {@link SessionIndex}: only once it has had more than {@link
     * #FEW} of them. Until then they are found by walking {@link #sessions}, which saves every new flow an
     * index insert and every packet a cache miss (most BIB entries have one session). Never reset.
     */
    boolean indexed;
    /** How many sessions it has, saturating at {@code 0xffff} (only compared with {@link #FEW}). */
    char count;

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

    /** Its session with the IPv4 peer {@code dst4Addr#dst4Port}, found on its own list (only if not indexed). */
    @Nullable
    TabledSession find(int dst4Addr, int dst4Port) {
        TabledSession s = sessions;
        while (s != null && (s.dst4Addr != dst4Addr || s.dst4Port != dst4Port)) {
            s = s.nextInBib;
        }
        return s;
    }

    void link(TabledSession s) {
        TabledSession first = sessions;
        s.nextInBib = first;
        s.prevInBib = null;
        if (first != null) {
            first.prevInBib = s;
        }
        sessions = s;
        if (count != 0xffff) {
            count++;
        }
    }

    /** O(1): an entry may have tens of thousands of sessions, and expiry removes the oldest, at the list's end. */
    void unlink(TabledSession s) {
        TabledSession prev = s.prevInBib;
        TabledSession next = s.nextInBib;
        if (prev == null) {
            sessions = next;
        } else {
            prev.nextInBib = next;
        }
        if (next != null) {
            next.prevInBib = prev;
        }
        s.nextInBib = null;
        s.prevInBib = null;
        if (count != 0xffff) {
            count--;
        }
    }
}
