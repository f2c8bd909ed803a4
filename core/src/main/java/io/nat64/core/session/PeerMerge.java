package io.nat64.core.session;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.SessionMutation.Kind;

/**
 * Merges sessions that peers send (session synchronisation, Jool's {@code joold_sync}): the copy carries
 * its remaining lifetime, not a clock, so {@code update time = now + remaining - timeout}, as Jool does.
 * Unlike Jool's last-write-wins, the copy with the later expiry wins, so a stale copy never rolls a fresher
 * session back. Mutations it causes are flagged {@code fromPeer}, so they are never sent back out. Owner
 * thread only.
 */
final class PeerMerge {
    private PeerMerge() {}

    static MergeResult merge(BibTable t, Session in, long remaining, long now) {
        if (!plausible(t.protocol, in, remaining)) {
            return MergeResult.INVALID;
        }
        long timeout = t.globals.timeout(t.protocol, in.timer());
        long updateTime = now + remaining - timeout;
        int src4 = in.src4().bits();
        int dst4 = in.dst4().bits();
        int bib = t.bibs.get6(in.src6().high(), in.src6().low(), in.src6Port());
        if (bib != BibIndex.NONE && (t.bibs.src4Addr(bib) != src4 || t.bibs.src4Port(bib) != in.src4Port())) {
            return MergeResult.MASK_CLASH;
        }
        if (bib == BibIndex.NONE) {
            if (t.bibs.get4(src4, in.src4Port()) != BibIndex.NONE) {
                return MergeResult.MASK_CLASH;
            }
            if (!t.pool4.contains(src4, in.src4Port())) {
                return MergeResult.OUTSIDE_POOL4;
            }
            bib = t.addBib(in.src6().high(), in.src6().low(), in.src6Port(), src4, in.src4Port(), false);
        }
        int peerPort = t.protocol == L4Protocol.ICMP ? t.bibs.src4Port(bib) : in.dst4Port();
        int s = t.session(bib, dst4, peerPort);
        if (s == FlowTable.NIL) {
            s = t.insertSession(bib, dst4, peerPort, in.state(), updateTime);
            if (s == FlowTable.FULL) {
                return MergeResult.TABLE_FULL; // a BIB entry added for it went with it
            }
            if (t.protocol == L4Protocol.TCP) {
                t.type1.take(dst4, peerPort); // a pending simultaneous open is a lost cause now (as Jool)
            }
            t.queue(in.timer()).insertSorted(s, now);
            t.publish(Kind.ADDED, s, null, now, true);
            return MergeResult.ADDED;
        }
        long localExpiry = t.flows.updateTime(s) + t.globals.timeout(t.protocol, TimerType.fromCode(t.flows.timer(s)));
        if (now + remaining <= localExpiry) {
            return MergeResult.KEPT_LOCAL;
        }
        ExpiryQueue from = t.queueOf(s);
        if (from != null) {
            from.unlink(s); // before the update time changes: a late bucket is keyed by it
        }
        t.flows.setState(s, in.state().code());
        t.flows.setUpdateTime(s, updateTime);
        t.queue(in.timer()).insertSorted(s, now);
        t.publish(Kind.UPDATED, s, null, now, true);
        return MergeResult.UPDATED;
    }

    private static boolean plausible(L4Protocol protocol, Session in, long remaining) {
        if (in.protocol() != protocol || remaining <= 0 || remaining > 0xffffffffL) {
            return false;
        }
        if (protocol != L4Protocol.TCP) {
            return in.state() == TcpState.ESTABLISHED && in.timer() == TimerType.EST;
        }
        return switch (in.timer()) {
            case EST -> TcpStateMachine.belongsOnEstablishedTimer(in.state());
            case TRANS -> in.state() != TcpState.ESTABLISHED; // the others can (INITs, TRANS, FINs, #212)
            case SYN4 -> in.state() == TcpState.V4_INIT;
        };
    }
}
