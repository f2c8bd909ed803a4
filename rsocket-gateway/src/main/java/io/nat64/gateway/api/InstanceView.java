package io.nat64.gateway.api;

/** One instance: its name, pool6 prefix and TUN device name. */
public record InstanceView(String name, String pool6, String tun) {}
