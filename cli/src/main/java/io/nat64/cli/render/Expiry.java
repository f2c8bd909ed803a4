package io.nat64.cli.render;

/**
 * The console's remaining-time text, as the seed shows it: {@code 2 minutes, 57 seconds}, with
 * {@code 1 hours, } in front only when there are hours; milliseconds are left out.
 */
public final class Expiry {
    private Expiry() {}

    /** {@code millis} as {@code [H hours, ]M minutes, S seconds}. */
    public static String friendly(long millis) {
        long seconds = Math.max(0, millis) / 1000;
        long hours = seconds / 3600;
        long minutes = (seconds / 60) % 60;
        StringBuilder sb = new StringBuilder(32);
        if (hours > 0) {
            sb.append(hours).append(" hours, ");
        }
        return sb.append(minutes)
                .append(" minutes, ")
                .append(seconds % 60)
                .append(" seconds")
                .toString();
    }
}
