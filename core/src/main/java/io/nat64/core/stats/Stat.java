package io.nat64.core.stats;

/**
 * The counters of an instance, named exactly as Jool's {@code jool stats display} names them, so scripts
 * written for Jool read ours. Kernel-only ones exist for compatibility and stay 0.
 */
public enum Stat {
    RECEIVED6("JSTAT_RECEIVED6", "IPv6 packets received."),
    RECEIVED4("JSTAT_RECEIVED4", "IPv4 packets received."),
    SUCCESS("JSTAT_SUCCESS", "Packets translated (translation does not imply delivery)."),
    BIB_ENTRIES("JSTAT_BIB_ENTRIES", "BIB entries currently held."),
    SESSIONS("JSTAT_SESSIONS", "Sessions currently held."),
    ENOMEM("JSTAT_ENOMEM", "Memory allocation failures: new sessions dropped because the session table is full."),
    XLATOR_DISABLED("JSTAT_XLATOR_DISABLED", "Translator was disabled."),
    POOL6_UNSET("JSTAT_POOL6_UNSET", "pool6 was unset."),
    SKB_SHARED("JSTAT_SKB_SHARED", "Packet was shared (kernel-only; always 0 here)."),
    L3HDR_OFFSET("JSTAT_L3HDR_OFFSET", "Network header offset was bogus (kernel-only; always 0 here)."),
    SKB_TRUNCATED("JSTAT_SKB_TRUNCATED", "Packet ended in the middle of a header."),
    HDR6("JSTAT_HDR6", "An IPv6 header field was bogus (version, payload length, extension headers)."),
    HDR4("JSTAT_HDR4", "An IPv4 header field was bogus (version, IHL, total length, header checksum)."),
    UNKNOWN_L4_PROTO("JSTAT_UNKNOWN_L4_PROTO", "Transport protocol a NAT64 cannot translate."),
    UNKNOWN_ICMP6_TYPE("JSTAT_UNKNOWN_ICMP6_TYPE", "ICMPv6 type/code with no ICMPv4 counterpart."),
    UNKNOWN_ICMP4_TYPE("JSTAT_UNKNOWN_ICMP4_TYPE", "ICMPv4 type/code with no ICMPv6 counterpart."),
    DOUBLE_ICMP6_ERROR("JSTAT_DOUBLE_ICMP6_ERROR", "ICMPv6 error inside an ICMPv6 error."),
    DOUBLE_ICMP4_ERROR("JSTAT_DOUBLE_ICMP4_ERROR", "ICMPv4 error inside an ICMPv4 error."),
    UNKNOWN_PROTO_INNER("JSTAT_UNKNOWN_PROTO_INNER", "ICMP error whose inner packet has an untranslatable protocol."),
    HAIRPIN_LOOP("JSTAT_HAIRPIN_LOOP", "IPv6 source address inside pool6 (would loop)."),
    POOL6_MISMATCH("JSTAT_POOL6_MISMATCH", "IPv6 destination outside pool6: not for translation."),
    POOL4_MISMATCH("JSTAT_POOL4_MISMATCH", "IPv4 destination and protocol outside pool4: not for translation."),
    ICMP6_FILTER("JSTAT_ICMP6_FILTER", "Dropped by drop-icmpv6-info."),
    UNTRANSLATABLE_DST6("JSTAT_UNTRANSLATABLE_DST6", "IPv6 destination could not be translated with pool6."),
    UNTRANSLATABLE_DST4("JSTAT_UNTRANSLATABLE_DST4", "IPv4 source could not be translated with pool6."),
    RFC6056_F("JSTAT_6056_F", "Could not compute the RFC 6056 hash."),
    MASK_DOMAIN_NOT_FOUND("JSTAT_MASK_DOMAIN_NOT_FOUND", "No pool4 entry for the packet's protocol."),
    BIB6_NOT_FOUND(
            "JSTAT_BIB6_NOT_FOUND", "IPv6 packet matched no BIB entry and none could be created (pool4 exhausted)."),
    BIB4_NOT_FOUND("JSTAT_BIB4_NOT_FOUND", "IPv4 packet matched no BIB entry."),
    SESSION_NOT_FOUND("JSTAT_SESSION_NOT_FOUND", "ICMP error matching no session."),
    ADF("JSTAT_ADF", "Dropped by address-dependent-filtering."),
    V4_SYN("JSTAT_V4_SYN", "Dropped by drop-externally-initiated-tcp."),
    SYN6_EXPECTED("JSTAT_SYN6_EXPECTED", "First IPv6 segment of a TCP connection had no SYN."),
    SYN4_EXPECTED("JSTAT_SYN4_EXPECTED", "First IPv4 segment of a TCP connection had no SYN."),
    TYPE1PKT("JSTAT_TYPE1PKT", "Type 1 simultaneous-open packets stored (never decremented)."),
    TYPE2PKT("JSTAT_TYPE2PKT", "Type 2 simultaneous-open packets stored (never decremented)."),
    SO_EXISTS("JSTAT_SO_EXISTS", "Simultaneous-open retry of a SYN already stored."),
    SO_FULL("JSTAT_SO_FULL", "Simultaneous-open store full (maximum-simultaneous-opens)."),
    XLAT64_SRC("JSTAT64_SRC", "IPv6 source address untranslatable."),
    XLAT64_DST("JSTAT64_DST", "IPv6 destination address untranslatable."),
    XLAT64_PSKB_COPY("JSTAT64_PSKB_COPY", "Could not allocate the IPv4 packet."),
    XLAT64_6791_ENOENT("JSTAT64_6791_ENOENT", "An RFC 6791 address was needed and none was available."),
    XLAT64_ICMP_CSUM("JSTAT64_ICMP_CSUM", "ICMPv6 error with a wrong checksum."),
    XLAT64_UNTRANSLATABLE_PARAM_PROB_PTR(
            "JSTAT64_UNTRANSLATABLE_PARAM_PROB_PTR", "ICMPv6 parameter problem with an untranslatable pointer."),
    XLAT64_TTL("JSTAT64_TTL", "IPv6 hop limit was 0 or 1."),
    XLAT64_FRAGMENTED_ICMP("JSTAT64_FRAGMENTED_ICMP", "Fragmented ICMPv6 (checksum cannot be translated)."),
    XLAT64_2XFRAG("JSTAT64_2XFRAG", "IPv6 packet with two fragment headers."),
    XLAT64_FRAG_THEN_EXT("JSTAT64_FRAG_THEN_EXT", "IPv6 extension header after the fragment header."),
    XLAT64_SEGMENTS_LEFT("JSTAT64_SEGMENTS_LEFT", "IPv6 routing header with segments left."),
    XLAT46_SRC("JSTAT46_SRC", "IPv4 source address untranslatable."),
    XLAT46_DST("JSTAT46_DST", "IPv4 destination address untranslatable."),
    XLAT46_PSKB_COPY("JSTAT46_PSKB_COPY", "Could not allocate the IPv6 packet."),
    XLAT46_6791_ENOENT("JSTAT46_6791_ENOENT", "An RFC 6791 address was needed and none was available."),
    XLAT46_ICMP_CSUM("JSTAT46_ICMP_CSUM", "ICMPv4 error with a wrong checksum."),
    XLAT46_UNTRANSLATABLE_PARAM_PROBLEM_PTR(
            "JSTAT46_UNTRANSLATABLE_PARAM_PROBLEM_PTR", "ICMPv4 parameter problem with an untranslatable pointer."),
    XLAT46_TTL("JSTAT46_TTL", "IPv4 TTL was 0 or 1."),
    XLAT46_FRAGMENTED_ICMP("JSTAT46_FRAGMENTED_ICMP", "Fragmented ICMPv4 error or echo."),
    XLAT46_SRC_ROUTE("JSTAT46_SRC_ROUTE", "IPv4 packet with an unexpired source route."),
    XLAT46_FRAGMENTED_ZERO_CSUM("JSTAT46_FRAGMENTED_ZERO_CSUM", "Fragmented IPv4 UDP with a zero checksum."),
    XLAT46_BAD_MTU("JSTAT46_BAD_MTU", "ICMPv4 fragmentation needed with a bogus MTU."),
    FAILED_ROUTES("JSTAT_FAILED_ROUTES", "The translated packet could not be routed."),
    PKT_TOO_BIG("JSTAT_PKT_TOO_BIG", "Translated packet larger than the MTU (packet too big sent)."),
    DST_OUTPUT("JSTAT_DST_OUTPUT", "The translated packet could not be written out."),
    ICMP6ERR_SUCCESS("JSTAT_ICMP6ERR_SUCCESS", "ICMPv6 errors sent."),
    ICMP6ERR_FAILURE("JSTAT_ICMP6ERR_FAILURE", "ICMPv6 errors that could not be sent."),
    ICMP4ERR_SUCCESS("JSTAT_ICMP4ERR_SUCCESS", "ICMPv4 errors sent."),
    ICMP4ERR_FAILURE("JSTAT_ICMP4ERR_FAILURE", "ICMPv4 errors that could not be sent."),
    ICMPEXT_BIG("JSTAT_ICMPEXT_BIG", "ICMP extension too big to translate."),
    JOOLD_EMPTY("JSTAT_JOOLD_EMPTY", "Sync decision: nothing queued."),
    JOOLD_TIMEOUT("JSTAT_JOOLD_TIMEOUT", "Sync decision: ss-flush-deadline passed, batch sent."),
    JOOLD_MISSING_ACK("JSTAT_JOOLD_MISSING_ACK", "Sync decision: waiting for the previous batch's acknowledgement."),
    JOOLD_AD_ONGOING("JSTAT_JOOLD_AD_ONGOING", "Sync decision: advertise in progress, batch sent."),
    JOOLD_PKT_FULL("JSTAT_JOOLD_PKT_FULL", "Sync decision: batch full, sent."),
    JOOLD_QUEUING("JSTAT_JOOLD_QUEUING", "Sync decision: kept queuing."),
    JOOLD_SSS_QUEUED("JSTAT_JOOLD_SSS_QUEUED", "Sessions queued for synchronisation."),
    JOOLD_SSS_SENT("JSTAT_JOOLD_SSS_SENT", "Sessions sent to peers."),
    JOOLD_SSS_RCVD("JSTAT_JOOLD_SSS_RCVD", "Sessions received from peers."),
    JOOLD_SSS_ENOSPC("JSTAT_JOOLD_SSS_ENOSPC", "Sessions dropped because the sync queue was full (ss-capacity)."),
    JOOLD_PKT_SENT("JSTAT_JOOLD_PKT_SENT", "Sync datagrams sent."),
    JOOLD_PKT_RCVD("JSTAT_JOOLD_PKT_RCVD", "Sync datagrams received."),
    JOOLD_ADS("JSTAT_JOOLD_ADS", "Advertisements performed."),
    JOOLD_ACKS("JSTAT_JOOLD_ACKS", "Sync acknowledgements received."),
    UNKNOWN("JSTAT_UNKNOWN", "Unexpected errors (none should happen).");

    private final String joolName;
    private final String description;

    Stat(String joolName, String description) {
        this.joolName = joolName;
        this.description = description;
    }

    /** Jool's name, e.g. {@code JSTAT_SESSIONS}. */
    public String joolName() {
        return joolName;
    }

    /** One sentence on what it counts ({@code stats display --explain}). */
    public String description() {
        return description;
    }
}
