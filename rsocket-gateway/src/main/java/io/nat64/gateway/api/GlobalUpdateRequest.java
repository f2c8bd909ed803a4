package io.nat64.gateway.api;

/** {@code global update KEY VALUE}, the value in Jool's text syntax: {@code {"instance":"default","key":"ss-enabled","value":"true"}}. */
public record GlobalUpdateRequest(String instance, String key, String value) {}
