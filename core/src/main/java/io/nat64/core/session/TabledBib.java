package io.nat64.core.session;

/**
 * A BIB entry as the table stores it (Jool's {@code struct tabled_bib}): the IPv6 transport address, its
 * IPv4 mask, and the first slot of its sessions' list. Mutable, owned by the instance's owner thread.
 */
final class TabledBib {
    final long src6High;
    final long src6Low;
    final char src6Port;
    final int src4Addr;
    final char src4Port;

    boolean isStatic;
    /** Its number in {@link BibIndex} while indexed. */
    int id;
    /** The first slot of its session list in the table's {@link FlowTable}, or {@link FlowTable#NIL}. */
    int head = FlowTable.NIL;

    /** The next entry of its IPv6 bucket in {@link BibIndex}: its number + 1, or 0 at the end. */
    int next6;

    /** The next entry of its IPv4 bucket, as {@link #next6}. */
    int next4;

    TabledBib(long src6High, long src6Low, int src6Port, int src4Addr, int src4Port, boolean isStatic) {
        this.src6High = src6High;
        this.src6Low = src6Low;
        this.src6Port = (char) src6Port;
        this.src4Addr = src4Addr;
        this.src4Port = (char) src4Port;
        this.isStatic = isStatic;
    }
}
