package io.nat64.cli.daemon;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The daemon's configuration file as written (YAML or JSON), before validation; {@link DaemonPlan} checks it. Unknown
 * keys are errors. The format is documented in {@code docs/daemon.md}. {@code metrics} is the Prometheus endpoint's
 * {@code HOST:PORT} or {@code off}, as {@code --metrics}.
 */
record DaemonConfig(
        @JsonProperty("instances") @Nullable List<InstanceSpec> instances,
        @JsonProperty("metrics") @Nullable String metrics) {

    /** The instances, none if the key is absent. */
    List<InstanceSpec> instanceList() {
        return instances == null ? List.of() : instances;
    }

    /** One instance: {@code name}, {@code pool6}, optional {@code tun}, {@code queues}, globals, pool4, static BIB. */
    record InstanceSpec(
            @JsonProperty("name") @Nullable String name,
            @JsonProperty("pool6") @Nullable String pool6,
            @JsonProperty("tun") @Nullable String tun,
            @JsonProperty("queues") @Nullable Integer queues,
            @JsonProperty("globals") @Nullable Map<String, String> globals,
            @JsonProperty("pool4") @Nullable List<Pool4Spec> pool4,
            @JsonProperty("bib") @Nullable List<BibSpec> bib) {}

    /** A pool4 row: an address or prefix, an optional port range and an optional protocol (none: all three). */
    record Pool4Spec(
            @JsonProperty("prefix") @Nullable String prefix,
            @JsonProperty("ports") @Nullable String ports,
            @JsonProperty("protocol") @Nullable String protocol) {}

    /** A static BIB entry: the protocol and both transport addresses as {@code ADDRESS#PORT}. */
    record BibSpec(
            @JsonProperty("protocol") @Nullable String protocol,
            @JsonProperty("ipv6") @Nullable String ipv6,
            @JsonProperty("ipv4") @Nullable String ipv4) {}
}
