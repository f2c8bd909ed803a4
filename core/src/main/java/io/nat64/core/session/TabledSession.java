package io.nat64.core.session;

import org.jspecify.annotations.Nullable;

/**
 * A session as the table stores it (Jool's {@code struct tabled_session}): the IPv4 peer, the TCP state,
 * the expiry queue and the last refresh. src6, src4 and the protocol come from its BIB entry; dst6 is
 * pool6 plus dst4. Mutable, owned by the instance's owner thread; 72 bytes of heap.
 */
final class TabledSession {
    final TabledBib bib;
    final int dst4Addr;
    final char dst4Port;
    byte state;
    byte timer;
    /** Whether a simultaneous-open IPv4 SYN is stored for it (Jool's {@code has_stored}). */
    boolean hasStored;
    /**
     * How far (ms) its update time ran ahead of its place in the queue: a refresh of a session that the
     * announcement pass has not reached updates the time without relinking (see {@link BibTable#refresh}).
     * Its queue position sorts by {@code updateTime - inPlace}.
     */
    int inPlace;
    /** Whether it waits in a late bucket of its queue (an out-of-order peer copy), not in the ordered list. */
    boolean late;
    /** When its timer was last refreshed (ms): it expires at {@code updateTime + timeout(timer)}. */
    long updateTime;
    /**
     * The update time carried by the last published mutation about it: a copy kept from the mutations
     * expires at {@code announcedUpdate + timeout}. Drives the refresh announcement policy.
     */
    long announcedUpdate;

    @Nullable
    TabledSession prev;

    @Nullable
    TabledSession next;

    /** Its slot in the table's {@link FlowTable} (keys and BIB list there; the state here until stage B). */
    int slot = FlowTable.NIL;
    /** The expiry queue it is linked on, or null once removed. */
    @Nullable
    ExpiryQueue queue;

    TabledSession(TabledBib bib, int dst4Addr, int dst4Port, TcpState state, long now) {
        this.bib = bib;
        this.dst4Addr = dst4Addr;
        this.dst4Port = (char) dst4Port;
        this.state = (byte) state.ordinal();
        this.updateTime = now;
        this.announcedUpdate = now;
    }

    /** The time its place in the expiry queue stands for. */
    long position() {
        return updateTime - inPlace;
    }

    TcpState tcpState() {
        return TcpState.fromCode(state);
    }

    TimerType timerType() {
        return TimerType.fromCode(timer);
    }

    boolean isLinked() {
        return queue != null;
    }
}
