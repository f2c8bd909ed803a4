package io.nat64.streams.sync;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.session.Session;

/** A session's identity: protocol, IPv6 node and port (hence its BIB entry) and IPv4 peer, as Jool keys them. */
record SessionKey(L4Protocol protocol, long src6High, long src6Low, int src6Port, int dst4, int dst4Port) {
    static SessionKey of(Session s) {
        return new SessionKey(
                s.protocol(),
                s.src6().high(),
                s.src6().low(),
                s.src6Port(),
                s.dst4().bits(),
                s.dst4Port());
    }
}
