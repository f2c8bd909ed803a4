package io.nat64.core.session;

/**
 * The translated addresses the filtering step found for a packet, reused packet after packet by the owner
 * thread. After a 6-to-4 {@link Verdict#TRANSLATE} the IPv4 source is {@code src4Addr#src4Port}; after a
 * 4-to-6 one the IPv6 destination is {@code src6High:src6Low#src6Port}.
 */
public final class Mapping {
    long src6High;
    long src6Low;
    int src6Port;
    int src4Addr;
    int src4Port;

    /** The mapping of BIB entry {@code e} of {@code bibs}. */
    void set(BibIndex bibs, int e) {
        src6High = bibs.src6High(e);
        src6Low = bibs.src6Low(e);
        src6Port = bibs.src6Port(e);
        src4Addr = bibs.src4Addr(e);
        src4Port = bibs.src4Port(e);
    }

    /** The mapping of the session in slot {@code s}: the hit path reads it from the slot, not the BIB entry. */
    void set(FlowTable flows, int s) {
        src6High = flows.src6High(s);
        src6Low = flows.src6Low(s);
        src6Port = flows.src6Port(s);
        src4Addr = flows.src4Addr(s);
        src4Port = flows.src4Port(s);
    }

    /** The IPv6 node's address, high half. */
    public long src6High() {
        return src6High;
    }

    /** The IPv6 node's address, low half. */
    public long src6Low() {
        return src6Low;
    }

    /** The IPv6 node's port or ICMPv6 identifier. */
    public int src6Port() {
        return src6Port;
    }

    /** The mask's IPv4 address. */
    public int src4Addr() {
        return src4Addr;
    }

    /** The mask's port or ICMPv4 identifier. */
    public int src4Port() {
        return src4Port;
    }
}
