package io.nat64.core.config;

/**
 * Jool's timeout text format: {@code [HH:[MM:]]SS[.mmm]} in, {@code H:MM:SS[.mmm]} out.
 *
 * <p>{@code Timeouts.format(7_198_232)} is {@code "1:59:58.232"}; {@code Timeouts.parse("4:00")} is 240000.
 */
public final class Timeouts {
    private Timeouts() {}

    /** Formats milliseconds as {@code H:MM:SS}, followed by {@code .mmm} only when non-zero (negative as 0). */
    public static String format(long millis) {
        StringBuilder sb = new StringBuilder(16);
        appendTo(sb, millis);
        return sb.toString();
    }

    /** Appends {@link #format(long)} of {@code millis} to {@code sb} without intermediate strings. */
    public static void appendTo(StringBuilder sb, long millis) {
        long ms = Math.max(0, Math.min(millis, 0xffffffffL));
        long seconds = ms / 1000;
        long h = seconds / 3600;
        long m = (seconds / 60) % 60;
        long s = seconds % 60;
        long frac = ms % 1000;
        sb.append(h).append(':');
        if (m < 10) {
            sb.append('0');
        }
        sb.append(m).append(':');
        if (s < 10) {
            sb.append('0');
        }
        sb.append(s);
        if (frac != 0) {
            sb.append('.');
            if (frac < 100) {
                sb.append('0');
            }
            if (frac < 10) {
                sb.append('0');
            }
            sb.append(frac);
        }
    }

    /** Parses {@code SS}, {@code MM:SS} or {@code HH:MM:SS}, each with an optional {@code .mmm} (3+ digits). */
    public static long parse(String text) {
        String t = text.trim();
        String fraction = "";
        int dot = t.indexOf('.');
        if (dot >= 0) {
            fraction = t.substring(dot + 1);
            t = t.substring(0, dot);
            if (fraction.length() < 3 || !fraction.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("bad timeout '" + text + "': the fraction needs at least 3 digits");
            }
        }
        String[] parts = t.split(":", -1);
        if (parts.length > 3 || t.isEmpty()) {
            throw new IllegalArgumentException("bad timeout '" + text + "': expected [HH:[MM:]]SS[.mmm]");
        }
        long total = 0;
        for (String part : parts) {
            if (part.isEmpty() || !part.chars().allMatch(Character::isDigit) || part.length() > 9) {
                throw new IllegalArgumentException("bad timeout '" + text + "': expected [HH:[MM:]]SS[.mmm]");
            }
            total = total * 60 + Long.parseLong(part);
        }
        long millis = total * 1000 + (fraction.isEmpty() ? 0 : Long.parseLong(fraction.substring(0, 3)));
        if (millis > 0xffffffffL) {
            throw new IllegalArgumentException("bad timeout '" + text + "': too large");
        }
        return millis;
    }
}
