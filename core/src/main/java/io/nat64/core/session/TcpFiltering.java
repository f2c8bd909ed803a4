package io.nat64.core.session;

import io.nat64.core.session.SessionMutation.Kind;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The TCP half of the filtering-and-updating step (RFC 6146 section 3.5.2; Jool's {@code tcp()} with
 * {@code bib_add_tcp6}/{@code bib_add_tcp4}): the CLOSED case creates sessions or stores simultaneous-open
 * SYNs, every other state goes through {@link TcpStateMachine} and the fate is applied here. Owner thread.
 */
final class TcpFiltering {
    /** The flags that take an ESTABLISHED session elsewhere ({@link TcpStateMachine#established}). */
    private static final int LEAVES_ESTABLISHED = TcpSegment.FIN | TcpSegment.RST;

    private final BibTable t;

    TcpFiltering(BibTable table) {
        this.t = table;
    }

    Verdict fromIpv6(
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
        long h6 = 0;
        if ((segment & TcpSegment.SYN) != 0) { // a SYN most likely creates: its BIB miss overlaps the session one
            h6 = t.bibs.hash6(src6High, src6Low, src6Port);
            t.readAhead += t.bibs.touchBucket6(h6);
        }
        int s = t.find6(hint, src6High, src6Low, src6Port, dst4Addr, dst4Port);
        if (s != FlowTable.NIL) { // the hit path never reads the BIB
            if ((segment & LEAVES_ESTABLISHED) == 0 && t.refreshEstablished(s, now)) {
                out.set(t.flows, s); // ESTABLISHED, no FIN, no RST: TcpStateMachine.established's refresh
                return Verdict.TRANSLATE;
            }
            return step(s, segment, now, out);
        }
        return noSession6(h6, src6High, src6Low, src6Port, dst6High, dst6Low, dst4Addr, dst4Port, segment, now, out);
    }

    /**
     * CLOSED from IPv6 (no session): kept out of {@link #fromIpv6} so that the hit path inlines into its caller.
     * {@code h6}: the BIB hash of the IPv6 key if {@code segment} is a SYN (else computed here).
     */
    private Verdict noSession6(
            long h6,
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
        if ((segment & TcpSegment.SYN) == 0) {
            h6 = t.bibs.hash6(src6High, src6Low, src6Port);
        }
        int bib = t.bibs.get6(h6, src6High, src6Low, src6Port);
        ClosedDecision d = TcpStateMachine.closedDecision(
                segment,
                bib != BibIndex.NONE,
                t.globals.dropExternallyInitiatedTcp(),
                t.globals.addressDependentFiltering());
        switch (d) {
            case TRANSLATE_WITHOUT_SESSION:
                out.set(t.bibs, bib);
                return Verdict.TRANSLATE;
            case CREATE_V6_INIT:
                if (bib == BibIndex.NONE) {
                    Verdict opened = completeType1(src6High, src6Low, src6Port, dst4Addr, dst4Port, segment, now, out);
                    if (opened != null) {
                        return opened;
                    }
                    bib = t.newDynamicBib(
                            h6, src6High, src6Low, src6Port, dst6High, dst6Low, dst4Port, dst4Addr, dst4Port);
                    if (bib == BibIndex.NONE) {
                        return Verdict.POOL4_EXHAUSTED;
                    }
                }
                if (t.createSession(bib, dst4Addr, dst4Port, TcpState.V6_INIT, t.trans, now) == FlowTable.FULL) {
                    return Verdict.SESSION_TABLE_FULL; // a BIB entry made for it went with it
                }
                out.set(t.bibs, bib);
                return Verdict.TRANSLATE;
            default:
                return Verdict.SYN6_EXPECTED;
        }
    }

    Verdict fromIpv4(
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
        int s = t.find4(hint, src4Addr, src4Port, dst4Addr, dst4Port);
        if (s != FlowTable.NIL) { // the hit path never reads the BIB
            if ((segment & LEAVES_ESTABLISHED) == 0 && t.refreshEstablished(s, now)) {
                out.set(t.flows, s); // ESTABLISHED, no FIN, no RST: TcpStateMachine.established's refresh
                return Verdict.TRANSLATE;
            }
            return step(s, segment, now, out);
        }
        return noSession4(src4Addr, src4Port, dst4Addr, dst4Port, segment, packet, offset, length, now, out);
    }

    /** CLOSED from IPv4 (no session), kept out of {@link #fromIpv4} as {@link #noSession6} is. */
    private Verdict noSession4(
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
        int bib = t.bibs.get4(src4Addr, src4Port);
        ClosedDecision d = TcpStateMachine.closedDecision(
                segment,
                bib != BibIndex.NONE,
                t.globals.dropExternallyInitiatedTcp(),
                t.globals.addressDependentFiltering());
        switch (d) {
            case TRANSLATE_WITHOUT_SESSION:
                out.set(t.bibs, bib);
                return Verdict.TRANSLATE;
            case DROP_SYN4_EXPECTED:
                return Verdict.SYN4_EXPECTED;
            case DROP_EXTERNAL_SYN:
                return Verdict.EXTERNAL_SYN;
            case STORE_TYPE1:
                if (t.type1.contains(dst4Addr, dst4Port)) {
                    return Verdict.SO_EXISTS;
                }
                if (storedCount() >= t.globals.maximumSimultaneousOpens()) {
                    return Verdict.SO_FULL;
                }
                t.type1.add(new SimultaneousOpens.Stored(
                        dst4Addr,
                        dst4Port,
                        src4Addr,
                        src4Port,
                        Arrays.copyOfRange(packet, offset, offset + length),
                        now));
                return Verdict.STORED_TYPE1;
            case STORE_TYPE2_V4_INIT:
                if (storedCount() >= t.globals.maximumSimultaneousOpens()) {
                    return Verdict.SO_FULL;
                }
                int created = t.createSession(bib, dst4Addr, dst4Port, TcpState.V4_INIT, t.syn4, now);
                if (created == FlowTable.FULL) {
                    return Verdict.SESSION_TABLE_FULL;
                }
                t.flows.setStored(created, true);
                t.storedPackets.put(created, Arrays.copyOfRange(packet, offset, offset + length));
                return Verdict.STORED_TYPE2;
            case CREATE_V4_INIT:
            default:
                if (t.createSession(bib, dst4Addr, dst4Port, TcpState.V4_INIT, t.trans, now) == FlowTable.FULL) {
                    return Verdict.SESSION_TABLE_FULL;
                }
                out.set(t.bibs, bib);
                return Verdict.TRANSLATE;
        }
    }

    /**
     * An IPv6 SYN whose destination sent a stored type 1 SYN takes the mask that SYN was sent to, and the
     * simultaneous open completes at once (V4_INIT, then ESTABLISHED); the stored SYN is freed silently. Returns
     * null if no stored SYN applies; {@link Verdict#SESSION_TABLE_FULL} (BIB entry removed, SYN kept stored) if
     * the session cannot be created.
     */
    private @Nullable Verdict completeType1(
            long src6High, long src6Low, int src6Port, int dst4Addr, int dst4Port, int segment, long now, Mapping out) {
        SimultaneousOpens.Stored so = t.type1.take(dst4Addr, dst4Port);
        if (so == null) {
            return null;
        }
        if (!t.pool4.contains(so.src4Addr(), so.src4Port())
                || t.bibs.get4(so.src4Addr(), so.src4Port()) != BibIndex.NONE) {
            t.type1.add(so);
            return null;
        }
        int bib = t.addBib(src6High, src6Low, src6Port, so.src4Addr(), so.src4Port(), false);
        int s = t.createSession(bib, dst4Addr, dst4Port, TcpState.V4_INIT, t.syn4, now);
        if (s == FlowTable.FULL) {
            t.type1.add(so); // as if this SYN never came: the stored one times out and is answered
            return Verdict.SESSION_TABLE_FULL;
        }
        apply(s, TcpStateMachine.step(TcpState.V4_INIT, segment, false, t.globals.handleRstDuringFinRcv()), now);
        out.set(t.bibs, bib);
        return Verdict.TRANSLATE;
    }

    private Verdict step(int s, int segment, long now, Mapping out) {
        FlowTable f = t.flows;
        Transition tr = TcpStateMachine.step(t.state(s), segment, f.hasStored(s), t.globals.handleRstDuringFinRcv());
        if (tr.fate() == Fate.DROP) {
            return Verdict.STATE_DROP;
        }
        apply(s, tr, now);
        out.set(f, s);
        return Verdict.TRANSLATE;
    }

    private void apply(int s, Transition tr, long now) {
        FlowTable f = t.flows;
        boolean changed = f.state(s) != tr.next().code();
        if (changed && f.hasStored(s) && tr.next() == TcpState.ESTABLISHED) {
            t.storedPackets.remove(s); // the IPv6 SYN completed the simultaneous open
            f.setStored(s, false);
        }
        f.setState(s, tr.next().code());
        switch (tr.fate()) {
            case TIMER_EST -> t.refresh(s, t.est, now, changed);
            case TIMER_TRANS -> t.refresh(s, t.trans, now, changed);
            default -> {
                if (changed) {
                    t.publish(Kind.UPDATED, s, null, now, false);
                }
            }
        }
    }

    private int storedCount() {
        return t.type1.size() + t.storedPackets.size();
    }
}
