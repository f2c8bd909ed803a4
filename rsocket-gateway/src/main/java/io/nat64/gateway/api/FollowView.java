package io.nat64.gateway.api;

/**
 * One update of {@code session follow}: {@code line} is Jool's follow line
 * ({@code PROTO,src6,port,src4,port,dst4,port,H:MM:SS[.mmm]}), {@code kind} what happened (ADDED, UPDATED,
 * REFRESHED), {@code session} the session at that moment.
 */
public record FollowView(String line, String kind, SessionView session) {}
