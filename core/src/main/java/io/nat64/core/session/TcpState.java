package io.nat64.core.session;

/**
 * The TCP session states of RFC 6146 section 3.5.2, named and numbered as Jool does (the number travels
 * in sync datagrams). CLOSED has no value: it means "no session". UDP and ICMP sessions carry
 * {@link #ESTABLISHED}.
 */
public enum TcpState {
    ESTABLISHED,
    V6_INIT,
    V4_INIT,
    V4_FIN_RCV,
    V6_FIN_RCV,
    V4_FIN_V6_FIN_RCV,
    TRANS;

    private static final TcpState[] VALUES = values();

    /** Jool's number for this state (0 to 6). */
    public int code() {
        return ordinal();
    }

    /** The state with Jool's number {@code code}, or an {@link IllegalArgumentException}. */
    public static TcpState fromCode(int code) {
        if (code < 0 || code >= VALUES.length) {
            throw new IllegalArgumentException("unknown TCP state code " + code);
        }
        return VALUES[code];
    }
}
