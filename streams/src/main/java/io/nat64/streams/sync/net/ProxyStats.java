package io.nat64.streams.sync.net;

/**
 * The proxy's six counters, as its stats server prints them (jool-session.md 6.8, with the code's meaning, not
 * the docs'): datagrams (and their payload bytes) the local node handed over to be sent, whether or not the
 * send worked ({@code KERNEL_SENT}); received from the network ({@code NET_RCVD}); actually sent
 * ({@code NET_SENT}).
 */
public record ProxyStats(
        long kernelSentPkts,
        long kernelSentBytes,
        long netRcvdPkts,
        long netRcvdBytes,
        long netSentPkts,
        long netSentBytes) {

    /** All zero. */
    public static final ProxyStats ZERO = new ProxyStats(0, 0, 0, 0, 0, 0);

    /** The stats server's reply: exactly six {@code NAME,value} lines, each ending in {@code \n}. */
    public String toText() {
        return "KERNEL_SENT_PKTS," + kernelSentPkts + "\n"
                + "KERNEL_SENT_BYTES," + kernelSentBytes + "\n"
                + "NET_RCVD_PKTS," + netRcvdPkts + "\n"
                + "NET_RCVD_BYTES," + netRcvdBytes + "\n"
                + "NET_SENT_PKTS," + netSentPkts + "\n"
                + "NET_SENT_BYTES," + netSentBytes + "\n";
    }
}
