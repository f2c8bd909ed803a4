package io.nat64.gateway.peer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared secret of a peer link ({@code --auth.secret-file}): the file's UTF-8 text without its trailing
 * white space, at least {@value #MIN_LENGTH} bytes. Never printed: {@link #toString()} names the file only.
 * Compared in constant time (SHA-256 of both sides, then {@link MessageDigest#isEqual}), so neither the
 * content nor the length of the secret leaks through timing.
 */
public final class PeerSecret {
    /** The shortest secret accepted, in bytes. */
    public static final int MIN_LENGTH = 16;
    /** The longest secret accepted, in bytes (it travels in the SETUP frame). */
    public static final int MAX_LENGTH = 4096;

    private static final Logger log = LoggerFactory.getLogger(PeerSecret.class);

    private final String source;
    private final char[] token;
    private final byte[] digest;

    private PeerSecret(String source, String text) {
        this.source = source;
        this.token = text.toCharArray();
        this.digest = sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the secret in {@code file}; the message of the exception says what is wrong and how to fix it. */
    public static PeerSecret read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--auth.secret-file: cannot read " + file + ": " + e.getMessage(), e);
        }
        PeerSecret secret = of(file.toString(), new String(bytes, StandardCharsets.UTF_8).stripTrailing());
        warnIfOthersCanRead(file);
        return secret;
    }

    /** A secret given as text ({@code source} names where it came from, for messages). */
    public static PeerSecret of(String source, String text) {
        int length = text.getBytes(StandardCharsets.UTF_8).length;
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("--auth.secret-file: the secret in " + source + " is " + length
                    + " bytes; use " + MIN_LENGTH + " to " + MAX_LENGTH + " (for example: openssl rand -hex 32 > "
                    + source + ")");
        }
        return new PeerSecret(source, text);
    }

    /** The token a subscriber presents (a copy). */
    char[] token() {
        return token.clone();
    }

    /** Whether {@code presented} is this secret, in time independent of both. */
    boolean matches(char[] presented) {
        byte[] bytes = new String(presented).getBytes(StandardCharsets.UTF_8);
        try {
            return MessageDigest.isEqual(digest, sha256(bytes));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void warnIfOthersCanRead(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.OTHERS_READ) || p.contains(PosixFilePermission.GROUP_READ)) {
                log.warn("--auth.secret-file {} can be read by other users; chmod 600 it", file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("cannot read the permissions of {}", file, e);
        }
    }

    @Override
    public String toString() {
        return "PeerSecret(from " + source + ")";
    }
}
