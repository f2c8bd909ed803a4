package io.nat64.core.dataplane;

/**
 * The counters of a {@link TunDataPlane}: what it read, skipped, dropped, handed to the translator and wrote. They
 * sit beside the instance's Jool counters ({@link io.nat64.core.stats.Stat}); names are stable, for scripts.
 */
public enum DataPlaneStat {
    RX_PACKETS("DP_RX_PACKETS", "Packets read from the TUN device."),
    RX_BYTES("DP_RX_BYTES", "Bytes read from the TUN device."),
    RX_SKIPPED_ND(
            "DP_RX_SKIPPED_ND",
            "IPv6 neighbour discovery, router solicitations and multicast (MLD) skipped before translation."),
    RX_DROPPED_BUSY("DP_RX_DROPPED_BUSY", "Packets dropped by a reader because the owner thread was behind."),
    KERNEL_TX_DROPPED(
            "DP_KERNEL_TX_DROPPED",
            "Packets the kernel dropped at the full TUN queue (txqueuelen) because no reader was reading: the"
                    + " owner thread was behind (policy wait) or the readers were (the device's tx_dropped)."),
    INJECTED("DP_INJECTED", "Packets fed through the injection hook (tests and diagnostics)."),
    BATCHES("DP_BATCHES", "Batches handed to the owner thread."),
    TRANSLATED("DP_TRANSLATED", "Packets the translator translated."),
    DROPPED("DP_DROPPED", "Packets the translator dropped (the Jool counters say why)."),
    STOLEN("DP_STOLEN", "Packets the translator kept (simultaneous-open SYNs)."),
    PROCESS_ERRORS("DP_PROCESS_ERRORS", "Packets whose processing threw (a bug; logged)."),
    TX_PACKETS("DP_TX_PACKETS", "Packets written to the TUN device."),
    TX_BYTES("DP_TX_BYTES", "Bytes written to the TUN device."),
    TX_DROPPED("DP_TX_DROPPED", "Packets the kernel dropped because the TUN interface was down."),
    TX_ERRORS("DP_TX_ERRORS", "Packets the kernel refused (logged).");

    private final String label;
    private final String description;

    DataPlaneStat(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** The name shown in stats output, e.g. {@code DP_RX_PACKETS}. */
    public String label() {
        return label;
    }

    /** One sentence on what it counts. */
    public String description() {
        return description;
    }
}
