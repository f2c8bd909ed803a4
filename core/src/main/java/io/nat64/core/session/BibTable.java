package io.nat64.core.session;

import static io.nat64.core.session.SessionMutation.Kind.ADDED;
import static io.nat64.core.session.SessionMutation.Kind.REFRESHED;
import static io.nat64.core.session.SessionMutation.Kind.REMOVED;
import static io.nat64.core.session.SessionMutation.Kind.UPDATED;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.Globals;
import io.nat64.core.pool.Pool4;
import io.nat64.core.pool.Pool6;
import io.nat64.core.session.SessionMutation.Kind;
import io.nat64.core.session.SessionMutation.RemovalReason;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The BIB and session table of one protocol (Jool's {@code struct bib_table}): BIB entries indexed by
 * both transport addresses, and the sessions in the fixed slots of a {@link FlowTable} (found from either
 * side, listed per BIB entry, on three expiry queues).
 * Implements the filtering-and-updating step of RFC 6146 section 3.5 for UDP and ICMP here, and for TCP
 * in {@link TcpFiltering}; administration (static entries, flush) in {@link BibAdmin}.
 *
 * <p>Threading: every method runs on the instance's owner thread; nothing here reads a clock or blocks,
 * {@code now} (ms) is passed in.
 *
 * <p>Refresh announcements: a refresh publishes {@link Kind#REFRESHED} only when the update time carried
 * by the last publication about the session is at least half a timeout old, i.e. when a copy kept from the
 * mutations has less than half its life left. A session refreshed without publication is published once it
 * has been idle for a quarter of its timeout (the announcement cursor of each queue). So the copy is
 * renewed at the latest three quarters into its life, never lapses while the session lives, and a busy
 * flow costs two or three mutations per timeout, not one per packet.
 */
public final class BibTable {

    /**
     * The most index buckets reserved ahead from pool4's size: 2^21, 8 MiB per side. A table never has more
     * BIB entries than pool4 has masks, so two buckets per mask keep chains short (load at most 1/2) without
     * any doubling while it fills; beyond the cap the index doubles at load 1 as entries arrive.
     */
    static final int RESERVE_LIMIT = 1 << 21;

    /**
     * No hint: the packet methods that take a {@code hint} (the flow's hash that {@link BurstPrefetch} computed
     * while reading the packet ahead) compute the hash themselves.
     */
    public static final long NO_HINT = 0;

    /** The slots of a new table's {@link FlowTable}, until the first BIB entry reserves more. */
    static final int INITIAL_SLOTS = 1024;

    /**
     * The most session slots reserved ahead from pool4's size: 2^20, about 100 MiB of slots and indexes. Up to
     * the reservation the table never doubles while it fills (a doubling pauses the owner: 70 ms at 524,288
     * sessions); beyond it, it doubles as sessions arrive.
     */
    static final int SLOT_RESERVE_LIMIT = 1 << 20;

    /** A reservation grows the slots only while the table holds at most this many sessions: the copy stays short. */
    static final int RESERVE_WHILE_AT_MOST = 1 << 16;

    final L4Protocol protocol;
    final Pool6 pool6;
    final MaskAllocator pool4;
    final SessionListener listener;
    final BibIndex bibs;
    final MaskOrder maskOrder = new MaskOrder();
    /** Slots of the address caches of {@link #toSession} (a power of two). */
    private static final int ADDRESS_CACHE = 1024;

    private final Ipv4Address[] cached4 = new Ipv4Address[ADDRESS_CACHE];
    private final Ipv6Address[] cached6 = new Ipv6Address[ADDRESS_CACHE];
    private final int[] cachedFor6 = new int[ADDRESS_CACHE];
    /** Owner thread: the masks a {@link #page} reads ahead, and its read-ahead ({@link BibAdmin#page}). */
    final long[] pageMasks = new long[16]; // 64 measured no faster (docs/benchmarks.md, "Fourth pass")

    final BurstPrefetch pageAhead = new BurstPrefetch();
    /** What the page read-ahead returned, kept so that its reads are not optimised away. */
    long pageSunk;

    /** The sessions, one fixed slot each: keys, state, times, expiry queue and BIB list links. */
    final FlowTable flows;

    final ExpiryQueue est;
    final ExpiryQueue trans;
    final ExpiryQueue syn4;
    /** Type 2 simultaneous-open packets, stored per session slot (at most maximum-simultaneous-opens). */
    final Map<Integer, byte[]> storedPackets = new HashMap<>();

    final SimultaneousOpens type1 = new SimultaneousOpens();
    final Pool4.Occupancy occupancy;
    private final TcpFiltering tcp = new TcpFiltering(this);
    Globals globals;
    /** {@code globals.timeout(protocol, timer)} per timer code, kept with {@link #globals} (read per packet). */
    private final long[] timeouts = new long[FlowTable.QUEUES];

    /** What {@link #newDynamicBib}'s read-ahead loaded, kept so that its loads are not optimised away. */
    long readAhead;

    /** The pool4 size the BIB index was last reserved for. */
    private long reservedFor;
    /** The pool4 size the session slots were last reserved for. */
    private long slotsReservedFor;

    /** A table of {@code protocol} whose masks come from {@code pool4}; {@code seed} salts its hashes. */
    public BibTable(
            L4Protocol protocol,
            Pool6 pool6,
            MaskAllocator pool4,
            Globals globals,
            SessionListener listener,
            long seed) {
        this.protocol = protocol;
        this.pool6 = pool6;
        this.pool4 = pool4;
        this.globals = globals;
        cacheTimeouts();
        this.listener = listener;
        this.bibs = new BibIndex(seed);
        this.flows = new FlowTable(INITIAL_SLOTS, seed * 0x9e3779b97f4a7c15L + 1);
        this.est = new ExpiryQueue(TimerType.EST, flows);
        this.trans = new ExpiryQueue(TimerType.TRANS, flows);
        this.syn4 = new ExpiryQueue(TimerType.SYN4, flows);
        this.occupancy = maskOrder::contains;
    }

    /** The protocol of this table. */
    public L4Protocol protocol() {
        return protocol;
    }

    /** Applies new globals; timeouts take effect for every session at once, as in Jool. */
    public void setGlobals(Globals globals) {
        this.globals = globals;
        cacheTimeouts();
    }

    private void cacheTimeouts() {
        for (TimerType t : TimerType.values()) {
            timeouts[t.code()] = globals.timeout(protocol, t);
        }
    }

    /** The number of sessions. */
    public int sessionCount() {
        return flows.size();
    }

    /** The number of BIB entries. */
    public int bibCount() {
        return bibs.size();
    }

    /**
     * An IPv6 UDP datagram or ICMPv6 echo from {@code src6#src6Port} to {@code dst6} (= pool6 + dst4) port or
     * id {@code dst4Port}: finds or creates the BIB entry and session, refreshes it, and fills {@code out}
     * with the mask (RFC 6146 section 3.5.1.1 and 3.5.3).
     */
    public Verdict udpIcmp6(
            long src6High,
            long src6Low,
            int src6Port,
            long dst6High,
            long dst6Low,
            int dst4Addr,
            int dst4Port,
            long now,
            Mapping out) {
        return udpIcmp6(NO_HINT, src6High, src6Low, src6Port, dst6High, dst6Low, dst4Addr, dst4Port, now, out);
    }

    /** As {@link #udpIcmp6(long, long, int, long, long, int, int, long, Mapping)} with a {@linkplain #NO_HINT hint}. */
    public Verdict udpIcmp6(
            long hint,
            long src6High,
            long src6Low,
            int src6Port,
            long dst6High,
            long dst6Low,
            int dst4Addr,
            int dst4Port,
            long now,
            Mapping out) {
        if (protocol != L4Protocol.ICMP) {
            int s = find6(hint, src6High, src6Low, src6Port, dst4Addr, dst4Port);
            if (s != FlowTable.NIL) { // the hit path never reads the BIB
                if (!refreshEstablished(s, now)) {
                    refresh(s, est, now, false);
                }
                out.set(flows, s);
                return Verdict.TRANSLATE;
            }
        }
        return noSession6(src6High, src6Low, src6Port, dst6High, dst6Low, dst4Addr, dst4Port, now, out);
    }

    /** {@link #udpIcmp6} without a session: out of line, so that the hit path inlines into its caller. */
    private Verdict noSession6(
            long src6High,
            long src6Low,
            int src6Port,
            long dst6High,
            long dst6Low,
            int dst4Addr,
            int dst4Port,
            long now,
            Mapping out) {
        long h6 = bibs.hash6(src6High, src6Low, src6Port);
        int bib = bibs.get6(h6, src6High, src6Low, src6Port);
        if (bib == BibIndex.NONE) {
            int dst6Port = protocol == L4Protocol.ICMP ? src6Port : dst4Port;
            bib = newDynamicBib(h6, src6High, src6Low, src6Port, dst6High, dst6Low, dst6Port, dst4Addr, dst4Port);
            if (bib == BibIndex.NONE) {
                return Verdict.POOL4_EXHAUSTED;
            }
        }
        // ICMP: the IPv4 peer's "port" is the mask's identifier (jool-session.md 1.3).
        int peerPort = protocol == L4Protocol.ICMP ? bibs.src4Port(bib) : dst4Port;
        if (!touchOrCreate(bib, dst4Addr, peerPort, now)) {
            return Verdict.SESSION_TABLE_FULL;
        }
        out.set(bibs, bib);
        return Verdict.TRANSLATE;
    }

    /**
     * An IPv4 UDP datagram or ICMP echo from {@code dst4#dst4Port} to the pool4 address {@code src4#src4Port}:
     * needs an existing BIB entry, then refreshes or creates the session unless address-dependent filtering
     * refuses it (RFC 6146 section 3.5.1.2 and 3.5.3). Fills {@code out} with the IPv6 node's address.
     */
    public Verdict udpIcmp4(int src4Addr, int src4Port, int dst4Addr, int dst4Port, long now, Mapping out) {
        return udpIcmp4(NO_HINT, src4Addr, src4Port, dst4Addr, dst4Port, now, out);
    }

    /** As {@link #udpIcmp4(int, int, int, int, long, Mapping)} with a {@linkplain #NO_HINT hint}. */
    public Verdict udpIcmp4(long hint, int src4Addr, int src4Port, int dst4Addr, int dst4Port, long now, Mapping out) {
        // ICMP: the IPv4 peer's "port" is the mask's identifier, the packet's own src4Port.
        int peerPort = protocol == L4Protocol.ICMP ? src4Port : dst4Port;
        int s = find4(hint, src4Addr, src4Port, dst4Addr, peerPort);
        if (s != FlowTable.NIL) { // the hit path never reads the BIB
            if (!refreshEstablished(s, now)) {
                refresh(s, est, now, false);
            }
            out.set(flows, s);
            return Verdict.TRANSLATE;
        }
        return noSession4(src4Addr, src4Port, dst4Addr, peerPort, now, out);
    }

    /** {@link #udpIcmp4} without a session (out of line as {@link #noSession6}); {@code peerPort} as it computed. */
    private Verdict noSession4(int src4Addr, int src4Port, int dst4Addr, int peerPort, long now, Mapping out) {
        int bib = bibs.get4(src4Addr, src4Port);
        if (bib == BibIndex.NONE) {
            return Verdict.NO_BIB;
        }
        if (globals.addressDependentFiltering() && !flows.talksTo(bibs.head(bib), dst4Addr)) {
            return Verdict.FILTERED;
        }
        if (createSession(bib, dst4Addr, peerPort, TcpState.ESTABLISHED, est, now) == FlowTable.FULL) {
            return Verdict.SESSION_TABLE_FULL;
        }
        out.set(bibs, bib);
        return Verdict.TRANSLATE;
    }

    /**
     * An IPv6 TCP segment ({@link TcpSegment} bits) from {@code src6#src6Port} to pool6 + {@code dst4#dst4Port}:
     * runs the RFC 6146 section 3.5.2 state machine and fills {@code out} with the mask.
     */
    public Verdict tcp6(
            long src6High,
            long src6Low,
            int src6Port,
            long dst6High,
            long dst6Low,
            int dst4Addr,
            int dst4Port,
            int segment,
            long now,
            Mapping out) {
        return tcp6(NO_HINT, src6High, src6Low, src6Port, dst6High, dst6Low, dst4Addr, dst4Port, segment, now, out);
    }

    /** As {@link #tcp6(long, long, int, long, long, int, int, int, long, Mapping)} with a {@linkplain #NO_HINT hint}. */
    public Verdict tcp6(
            long hint,
            long src6High,
            long src6Low,
            int src6Port,
            long dst6High,
            long dst6Low,
            int dst4Addr,
            int dst4Port,
            int segment,
            long now,
            Mapping out) {
        return tcp.fromIpv6(
                hint, src6High, src6Low, src6Port, dst6High, dst6Low, dst4Addr, dst4Port, segment, now, out);
    }

    /**
     * An IPv4 TCP segment from {@code dst4#dst4Port} to the pool4 address {@code src4#src4Port}; the packet
     * itself ({@code packet[offset, offset + length)}) is copied if a simultaneous open stores it.
     */
    public Verdict tcp4(
            int src4Addr,
            int src4Port,
            int dst4Addr,
            int dst4Port,
            int segment,
            byte[] packet,
            int offset,
            int length,
            long now,
            Mapping out) {
        return tcp4(NO_HINT, src4Addr, src4Port, dst4Addr, dst4Port, segment, packet, offset, length, now, out);
    }

    /** As {@link #tcp4(int, int, int, int, int, byte[], int, int, long, Mapping)} with a {@linkplain #NO_HINT hint}. */
    public Verdict tcp4(
            long hint,
            int src4Addr,
            int src4Port,
            int dst4Addr,
            int dst4Port,
            int segment,
            byte[] packet,
            int offset,
            int length,
            long now,
            Mapping out) {
        return tcp.fromIpv4(hint, src4Addr, src4Port, dst4Addr, dst4Port, segment, packet, offset, length, now, out);
    }

    /**
     * The session of an IPv6 packet's flow, looked up first with {@code hint} (its {@link BurstPrefetch#hash},
     * saving the hash) unless it is {@link #NO_HINT}; a hint that turns out wrong costs a second lookup, never a
     * wrong session.
     */
    int find6(long hint, long src6High, long src6Low, int src6Port, int dst4Addr, int dst4Port) {
        if (hint != NO_HINT) {
            int s = flows.lookup6(hint, src6High, src6Low, src6Port, dst4Addr, dst4Port);
            if (s != FlowTable.NIL) {
                return s;
            }
        }
        return flows.lookup6(src6High, src6Low, src6Port, dst4Addr, dst4Port);
    }

    /** As {@link #find6}, from the IPv4 side. */
    int find4(long hint, int src4Addr, int src4Port, int dst4Addr, int dst4Port) {
        if (hint != NO_HINT) {
            int s = flows.lookup4(hint, src4Addr, src4Port, dst4Addr, dst4Port);
            if (s != FlowTable.NIL) {
                return s;
            }
        }
        return flows.lookup4(src4Addr, src4Port, dst4Addr, dst4Port);
    }

    /** Refreshes or creates {@code bib}'s session with the peer; false if the table is full (see {@link #createSession}). */
    private boolean touchOrCreate(int bib, int dst4Addr, int dst4Port, long now) {
        int s = session(bib, dst4Addr, dst4Port);
        if (s == FlowTable.NIL) {
            return createSession(bib, dst4Addr, dst4Port, TcpState.ESTABLISHED, est, now) != FlowTable.FULL;
        }
        refresh(s, est, now, false);
        return true;
    }

    // ---------------------------------------------------------------- shared mechanics

    /**
     * A new dynamic BIB entry for {@code src6#src6Port} with the mask pool4 chooses (RFC 6056 algorithm 3 over
     * the IPv6 source and {@code dst6#dst6Port}), or {@link BibIndex#NONE} when pool4 is exhausted. Its first
     * session, with the IPv4 peer {@code dst4Addr#dst4Port} (ICMP: the mask's identifier as the port), is created
     * next: once the mask is chosen, this loads the BIB index's IPv4 bucket and the session index's IPv4 entry that
     * the creation then writes, both at once, so that their cache misses overlap instead of following one another.
     * {@code h6} is the IPv6 key's {@link BibIndex#hash6}.
     */
    int newDynamicBib(
            long h6,
            long src6High,
            long src6Low,
            int src6Port,
            long dst6High,
            long dst6Low,
            int dst6Port,
            int dst4Addr,
            int dst4Port) {
        long mask = pool4.allocate(src6High, src6Low, src6Port, dst6High, dst6Low, dst6Port, occupancy);
        if (mask < 0) {
            return BibIndex.NONE;
        }
        int src4Addr = (int) (mask >>> 16);
        int src4Port = (int) (mask & 0xffff);
        long h4 = flows.hash4(src4Addr, src4Port, dst4Addr, protocol == L4Protocol.ICMP ? src4Port : dst4Port);
        int bibH4 = bibs.hash4(src4Addr, src4Port);
        readAhead += bibs.touchBucket4(bibH4) + flows.touchIndex4(FlowTable.home(h4, flows.indexCapacity()));
        return addBib(h6, bibH4, src6High, src6Low, src6Port, src4Addr, src4Port, false);
    }

    /**
     * Every new BIB entry (dynamic, static, a peer's) first sizes the tables for pool4's capacity when it changed:
     * the BIB index's buckets (incrementally), and the session slots while the table is small
     * ({@link #SLOT_RESERVE_LIMIT}, {@link #RESERVE_WHILE_AT_MOST}). A reservation never shrinks anything.
     */
    private void reserveAhead() {
        long capacity = pool4.capacity();
        if (capacity != reservedFor && bibs.reserve((int) Math.min(2 * capacity, RESERVE_LIMIT))) {
            reservedFor = capacity;
        }
        if (capacity != slotsReservedFor) {
            slotsReservedFor = capacity;
            if (flows.size() <= RESERVE_WHILE_AT_MOST) {
                flows.reserve((int) Math.min(capacity, SLOT_RESERVE_LIMIT));
            }
        }
    }

    /** A new BIB entry, with no session yet, whose two keys are both absent (the caller checked); its number. */
    int addBib(long src6High, long src6Low, int src6Port, int src4Addr, int src4Port, boolean isStatic) {
        long h6 = bibs.hash6(src6High, src6Low, src6Port);
        return addBib(h6, bibs.hash4(src4Addr, src4Port), src6High, src6Low, src6Port, src4Addr, src4Port, isStatic);
    }

    /** As {@link #addBib(long, long, int, int, int, boolean)} with the keys' {@link BibIndex} hashes. */
    private int addBib(
            long h6, int h4, long src6High, long src6Low, int src6Port, int src4Addr, int src4Port, boolean isStatic) {
        reserveAhead();
        int bib = bibs.add(h6, h4, src6High, src6Low, src6Port, src4Addr, src4Port, isStatic);
        maskOrder.add(src4Addr, src4Port);
        return bib;
    }

    /** The slot of {@code bib}'s session with the IPv4 peer {@code dst4Addr#dst4Port}, or {@link FlowTable#NIL}. */
    int session(int bib, int dst4Addr, int dst4Port) {
        return flows.lookup4(bibs.src4Addr(bib), bibs.src4Port(bib), dst4Addr, dst4Port);
    }

    /**
     * Puts a new session of {@code bib} in a slot, first on its BIB entry's list, not yet queued; grows the slots
     * when they are all taken. Returns the slot, or {@link FlowTable#FULL} if the table is at its maximum size:
     * then {@code bib} is removed too if it is dynamic and has no session (it was made for this one), so nothing
     * is left half-created.
     */
    int insertSession(int bib, int dst4Addr, int dst4Port, TcpState state, long updateTime) {
        return insertSession(bib, dst4Addr, dst4Port, state, updateTime, FlowTable.NIL);
    }

    /** As {@link #insertSession(int, int, int, TcpState, long)}, appended to queue {@code timer} unless NIL. */
    private int insertSession(int bib, int dst4Addr, int dst4Port, TcpState state, long updateTime, int timer) {
        BibIndex b = bibs;
        int slot;
        while ((slot = flows.insert(
                        b.src6High(bib),
                        b.src6Low(bib),
                        b.src6Port(bib),
                        dst4Addr,
                        dst4Port,
                        b.src4Addr(bib),
                        b.src4Port(bib),
                        state.code(),
                        updateTime,
                        b.head(bib),
                        timer))
                == FlowTable.FULL) {
            if (!flows.grow()) {
                if (b.head(bib) == FlowTable.NIL && !b.isStatic(bib)) {
                    removeBib(bib);
                }
                return FlowTable.FULL;
            }
        }
        if (slot < 0) {
            throw new IllegalStateException("session key taken twice: " + slot);
        }
        b.setHead(bib, slot);
        return slot;
    }

    /** {@link #insertSession}, queued on {@code queue} and published; {@link FlowTable#FULL} as it says. */
    int createSession(int bib, int dst4Addr, int dst4Port, TcpState state, ExpiryQueue queue, long now) {
        int s = insertSession(bib, dst4Addr, dst4Port, state, now, queue.code);
        if (s == FlowTable.FULL) {
            return s;
        }
        publish(ADDED, s, null, now, false);
        return s;
    }

    /** The queue {@code s} is on (ordered or late), or null if it is on none. */
    @Nullable
    ExpiryQueue queueOf(int s) {
        return flows.isQueued(s) || flows.isLate(s) ? queue(TimerType.fromCode(flows.timer(s))) : null;
    }

    TcpState state(int s) {
        return TcpState.fromCode(flows.state(s));
    }

    /**
     * Moves {@code s} to the tail of {@code queue} with update time {@code now}; publishes an update if its
     * state ({@code stateChanged}) or queue changed, else a refresh if one is due.
     */
    void refresh(int s, ExpiryQueue queue, long now, boolean stateChanged) {
        if (!stateChanged && flows.isQueuedOn(s, queue.code) && refreshInPlace(s, queue, now)) {
            return;
        }
        ExpiryQueue from = queueOf(s);
        if (from != null) {
            from.unlink(s);
        }
        flows.setUpdateTime(s, now);
        queue.append(s);
        if (stateChanged || from != queue) {
            publish(UPDATED, s, null, now, false);
        } else if (now - flows.announcedUpdate(s) >= timeouts[queue.code] / 2) {
            publish(REFRESHED, s, null, now, false);
        }
    }

    /**
     * The hit path of a packet that leaves an ESTABLISHED session as it is (an ACK without FIN or RST, a UDP
     * datagram): if {@code s} is ESTABLISHED on the EST queue, not late, refreshes it in place as {@link #refresh}
     * would and returns true; else changes nothing and returns false (the caller takes the general path).
     */
    boolean refreshEstablished(int s, long now) {
        return flows.isOn(s, TcpState.ESTABLISHED.code(), TimerType.EST.code()) && refreshInPlace(s, est, now);
    }

    /**
     * Updates the time of {@code s}, queued on {@code queue}, where it stands if the announcement cursor has not
     * passed it (relinking costs two cache misses; the expiry and announcement passes move it when its place
     * comes due), publishing a refresh if one is due. False, changing nothing, when it must be relinked.
     */
    private boolean refreshInPlace(int s, ExpiryQueue queue, long now) {
        int c = flows.cursor(queue.code);
        long age = c == FlowTable.NIL ? -1 : flows.refreshInPlace(s, now, flows.position(c));
        if (age < 0) {
            return false;
        }
        if (age >= timeouts[queue.code] / 2) {
            publish(REFRESHED, s, null, now, false);
        }
        return true;
    }

    void removeBib(int bib) {
        maskOrder.remove(bibs.src4Addr(bib), bibs.src4Port(bib));
        bibs.remove(bib);
    }

    ExpiryQueue queue(TimerType type) {
        return switch (type) {
            case EST -> est;
            case TRANS -> trans;
            case SYN4 -> syn4;
        };
    }

    /** Unlinks {@code s} everywhere, publishes its removal, and drops its BIB entry if now empty and dynamic. */
    void remove(int s, RemovalReason reason, long now, boolean fromPeer) {
        ExpiryQueue q = queueOf(s);
        if (q == null) {
            return;
        }
        q.unlink(s);
        if (flows.hasStored(s)) {
            storedPackets.remove(s);
            flows.setStored(s, false);
        }
        publish(REMOVED, s, reason, now, fromPeer);
        int bib = bibs.get4(flows.src4Addr(s), flows.src4Port(s));
        int next = flows.bibNext(s);
        flows.remove(s);
        if (bib != BibIndex.NONE && bibs.head(bib) == s) {
            bibs.setHead(bib, next);
            if (next == FlowTable.NIL && !bibs.isStatic(bib)) {
                removeBib(bib);
            }
        }
    }

    void publish(Kind kind, int s, @Nullable RemovalReason reason, long now, boolean fromPeer) {
        flows.setAnnouncedUpdate(s, flows.updateTime(s));
        if (listener.isListening()) {
            listener.onMutation(new SessionMutation(kind, toSession(s), now, reason, fromPeer));
        }
    }

    Session toSession(int s) {
        int src6Port = flows.src6Port(s);
        int dst4Addr = flows.dst4Addr(s);
        int dst4Port = flows.dst4Port(s);
        int dst6Port = protocol == L4Protocol.ICMP ? src6Port : dst4Port;
        TimerType timer = TimerType.fromCode(flows.timer(s));
        long updateTime = flows.updateTime(s);
        return new Session(
                protocol,
                new Ipv6Address(flows.src6High(s), flows.src6Low(s)),
                src6Port,
                dst6(dst4Addr),
                dst6Port,
                ipv4(flows.src4Addr(s)),
                flows.src4Port(s),
                ipv4(dst4Addr),
                dst4Port,
                state(s),
                timer,
                updateTime,
                updateTime + globals.timeout(protocol, timer));
    }

    /**
     * {@code addr} as an address value, from a small direct-mapped cache: pool4's addresses and the servers
     * clients talk to recur in every copy of a session a dump or a listener takes. Owner thread only.
     */
    private Ipv4Address ipv4(int addr) {
        int i = (int) Hashing.mix64(addr) & (ADDRESS_CACHE - 1);
        Ipv4Address a = cached4[i];
        if (a == null || a.bits() != addr) {
            a = new Ipv4Address(addr);
            cached4[i] = a;
        }
        return a;
    }

    /** The IPv6 representation of {@code dst4} (pool6 plus it), cached as {@link #ipv4} is. */
    private Ipv6Address dst6(int dst4) {
        int i = (int) Hashing.mix64(dst4) & (ADDRESS_CACHE - 1);
        Ipv6Address a = cached6[i];
        if (a == null || cachedFor6[i] != dst4) {
            a = new Ipv6Address(pool6.embedHigh(dst4), pool6.embedLow(dst4));
            cached6[i] = a;
            cachedFor6[i] = dst4;
        }
        return a;
    }

    BibEntry toBibEntry(int b) {
        return new BibEntry(
                protocol,
                new Ipv6Address(bibs.src6High(b), bibs.src6Low(b)),
                bibs.src6Port(b),
                new Ipv4Address(bibs.src4Addr(b)),
                bibs.src4Port(b),
                bibs.isStatic(b));
    }

    // ---------------------------------------------------------------- expiry

    /**
     * Expires what is due at {@code now} and publishes due refresh announcements, doing at most
     * {@code budget} units of work; returns the units used, so the caller runs it again (after other work)
     * while it returns {@code budget}. Cost grows with what expires, not with the table.
     */
    public int expire(long now, int budget) {
        int left = budget;
        left = expireQueue(est, now, left);
        left = expireQueue(trans, now, left);
        left = expireQueue(syn4, now, left);
        left = announceIdle(est, now, left);
        left = announceIdle(trans, now, left);
        if (protocol == L4Protocol.TCP && left > 0) {
            type1.expire(now, Globals.TCP_INCOMING_SYN, s -> listener.onSimultaneousOpenTimeout(s.packet()));
        }
        return budget - left;
    }

    private int expireQueue(ExpiryQueue q, long now, int left) {
        long timeout = globals.timeout(protocol, q.type);
        int s;
        while (left > 0 && (s = q.due(timeout, now)) != FlowTable.NIL) {
            left--;
            if (flows.updateTime(s) + timeout > now) {
                requeue(q, s, now); // its place came due, but it was refreshed since
            } else {
                onTimeout(q, s, now);
            }
        }
        return left;
    }

    private void onTimeout(ExpiryQueue q, int s, long now) {
        if (protocol == L4Protocol.TCP && q == est) {
            Transition t = TcpStateMachine.onEstablishedTimerExpiry(state(s));
            if (t.fate() == Fate.PROBE) {
                flows.setState(s, t.next().code());
                refresh(s, trans, now, true);
                listener.onProbe(toSession(s));
                return;
            }
        }
        byte[] stored = flows.hasStored(s) ? storedPackets.get(s) : null;
        remove(s, removalReason(s), now, false);
        if (stored != null) {
            listener.onSimultaneousOpenTimeout(stored);
        }
    }

    private RemovalReason removalReason(int s) {
        if (protocol != L4Protocol.TCP) {
            return RemovalReason.EXPIRED;
        }
        return switch (state(s)) {
            case V4_FIN_RCV, V6_FIN_RCV, V4_FIN_V6_FIN_RCV, TRANS -> RemovalReason.CLOSED;
            default -> RemovalReason.EXPIRED;
        };
    }

    /**
     * Publishes sessions idle for a quarter of their timeout whose last refresh was not published. A session
     * at the cursor that was refreshed less than a quarter ago is moved to its update time's place instead,
     * so that the cursor meets it again once it has been idle that long.
     */
    private int announceIdle(ExpiryQueue q, long now, int left) {
        long quarter = globals.timeout(protocol, q.type) / 4;
        int c;
        while (left > 0 && (c = q.cursor()) != FlowTable.NIL && flows.position(c) + quarter <= now) {
            left--;
            if (flows.inPlace(c) != 0 && flows.updateTime(c) + quarter > now) {
                requeue(q, c, now); // unlinking it moves the cursor on
                continue;
            }
            if (flows.announcedUpdate(c) < flows.updateTime(c)) {
                publish(REFRESHED, c, null, now, false);
            }
            q.advanceCursor();
        }
        return left;
    }

    /** Moves a session refreshed in place to its update time's place; a late bucket is never announced from. */
    private void requeue(ExpiryQueue q, int s, long now) {
        if (q.requeue(s, now) && flows.announcedUpdate(s) < flows.updateTime(s)) {
            publish(REFRESHED, s, null, now, false);
        }
    }

    // ---------------------------------------------------------------- administration

    /** Adds a static BIB entry ({@code bib add}); its mask must be in pool4. Upgrades an identical dynamic one. */
    public BibEntry addStatic(BibEntry entry) {
        return BibAdmin.addStatic(this, entry);
    }

    /** Removes the entry of {@code src6#port} and its sessions ({@code bib remove}); null if there is none. */
    public @Nullable BibEntry removeBib6(Ipv6Address src6, int port, long now) {
        return BibAdmin.remove(this, bibs.get6(src6.high(), src6.low(), port), now);
    }

    /** Removes the entry of mask {@code src4#port} and its sessions; null if there is none. */
    public @Nullable BibEntry removeBib4(Ipv4Address src4, int port, long now) {
        return BibAdmin.remove(this, bibs.get4(src4.bits(), port), now);
    }

    /** Removes the entries whose mask is no longer in pool4 (after {@code pool4 remove}); returns how many. */
    public int evictOutsidePool4(long now) {
        return BibAdmin.evictOutsidePool4(this, now);
    }

    /** Removes every session and BIB entry, static ones included. */
    public void flush(long now) {
        BibAdmin.flush(this, now);
    }

    /** Every session in Jool's order (src4, then dst4); for small tables and tests, the dump pages large ones. */
    public java.util.List<Session> sessions() {
        return BibAdmin.sessions(this);
    }

    /** Every BIB entry in Jool's order (by IPv4 transport address). */
    public java.util.List<BibEntry> bibEntries() {
        return BibAdmin.bibEntries(this);
    }

    /**
     * One page of the table in Jool's order (src4, then dst4), as Jool's session dump pages it: up to
     * {@code max} sessions strictly after the key ({@code afterSrc4}, {@code afterDst4}), both packed as
     * {@code addr << 16 | port} (-1, -1 for the first page), appended to {@code out}. The next page starts
     * after the last session returned. Stateless between pages, so the table keeps changing while a dump is
     * read: a session alive for the whole dump appears exactly once; one created or removed meanwhile may or
     * may not. Returns the number added; fewer than {@code max} means the end.
     */
    public int page(long afterSrc4, long afterDst4, int max, java.util.List<Session> out) {
        return BibAdmin.page(this, afterSrc4, afterDst4, max, out);
    }

    /**
     * Merges a peer's copy of a session with {@code remaining} ms of life (session synchronisation): the
     * copy with the later expiry wins; the mutations it causes are flagged {@code fromPeer}. Only the
     * copy's addresses, ports, state and timer are read, not its times.
     */
    public MergeResult merge(Session copy, long remaining, long now) {
        return PeerMerge.merge(this, copy, remaining, now);
    }

    /** The session of mask {@code src4#src4Port} with the IPv4 peer {@code dst4#dst4Port}, if there is one. */
    public @Nullable Session findByMask(int src4Addr, int src4Port, int dst4Addr, int dst4Port) {
        int s = flows.lookup4(src4Addr, src4Port, dst4Addr, protocol == L4Protocol.ICMP ? src4Port : dst4Port);
        return s == FlowTable.NIL ? null : toSession(s);
    }

    /** The session of {@code src6#src6Port} with the IPv4 peer {@code dst4#dst4Port}, if there is one. */
    public @Nullable Session find(Ipv6Address src6, int src6Port, Ipv4Address dst4, int dst4Port) {
        int b = bibs.get6(src6.high(), src6.low(), src6Port);
        int s = b == BibIndex.NONE
                ? FlowTable.NIL
                : session(b, dst4.bits(), protocol == L4Protocol.ICMP ? bibs.src4Port(b) : dst4Port);
        return s == FlowTable.NIL ? null : toSession(s);
    }
}
