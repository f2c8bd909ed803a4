package io.nat64.core.translate;

import java.util.Arrays;

/**
 * The RFC 7915 translation globals, with Jool's names and defaults ({@code docs/en/usr-flags-global.md}).
 *
 * <p>{@code mtu-plateaus} is normalised as Jool does (sorted descending, duplicates and zeros removed, at most 64
 * values, each 0 to 65535, at least one non-zero). {@code TranslationGlobals.defaults().withTos(true, 0x28)}
 *
 * @param zeroizeTrafficClass {@code zeroize-traffic-class}: IPv4 TOS is not copied into the IPv6 traffic class
 * @param overrideTos {@code override-tos}: the IPv4 TOS is {@code tos} instead of the IPv6 traffic class
 * @param tos {@code tos}: the TOS used when {@code override-tos} is on (0 to 255)
 * @param mtuPlateaus {@code mtu-plateaus}: RFC 1191 plateaus for fragmentation-needed errors whose MTU is 0
 * @param lowestIpv6Mtu {@code lowest-ipv6-mtu}: smallest reachable IPv6 MTU, at least 1280; IPv4 packets
 *     without DF that would exceed it are fragmented to it
 * @param sourceIcmpv6ErrorsBetter {@code source-icmpv6-errors-better}: a translated ICMPv4 error comes from
 *     pool6 + the IPv4 address of the router that sent it (Jool issue #132), not pool6 + the IPv4 peer
 * @param dropIcmpv6Info {@code drop-icmpv6-info}: ICMPv6 echo requests and replies are not translated
 */
public record TranslationGlobals(
        boolean zeroizeTrafficClass,
        boolean overrideTos,
        int tos,
        int[] mtuPlateaus,
        int lowestIpv6Mtu,
        boolean sourceIcmpv6ErrorsBetter,
        boolean dropIcmpv6Info) {

    /** Jool's default plateaus (RFC 1191 section 7, table 7-1). */
    public static final int[] DEFAULT_MTU_PLATEAUS = {65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68};

    /** The IPv6 minimum MTU (RFC 8200 section 5), the smallest {@code lowest-ipv6-mtu}. */
    public static final int IPV6_MIN_MTU = 1280;

    private static final int MAX_PLATEAUS = 64;

    /** Validates every value and normalises {@code mtu-plateaus} into a private copy. */
    public TranslationGlobals {
        if (tos < 0 || tos > 255) {
            throw new IllegalArgumentException("tos must be 0 to 255, not " + tos);
        }
        if (lowestIpv6Mtu < IPV6_MIN_MTU) {
            throw new IllegalArgumentException(
                    "lowest-ipv6-mtu (" + lowestIpv6Mtu + ") is too small (min: " + IPV6_MIN_MTU + ")");
        }
        mtuPlateaus = normalise(mtuPlateaus);
    }

    /** Jool's defaults: everything off, tos 0, the default plateaus, lowest-ipv6-mtu 1280, errors-better on. */
    public static TranslationGlobals defaults() {
        return new TranslationGlobals(false, false, 0, DEFAULT_MTU_PLATEAUS, IPV6_MIN_MTU, true, false);
    }

    /** A copy with {@code zeroize-traffic-class} set. */
    public TranslationGlobals withZeroizeTrafficClass(boolean value) {
        return new TranslationGlobals(
                value, overrideTos, tos, mtuPlateaus, lowestIpv6Mtu, sourceIcmpv6ErrorsBetter, dropIcmpv6Info);
    }

    /** A copy with {@code override-tos} and {@code tos} set. */
    public TranslationGlobals withTos(boolean override, int newTos) {
        return new TranslationGlobals(
                zeroizeTrafficClass,
                override,
                newTos,
                mtuPlateaus,
                lowestIpv6Mtu,
                sourceIcmpv6ErrorsBetter,
                dropIcmpv6Info);
    }

    /** A copy with {@code mtu-plateaus} set. */
    public TranslationGlobals withMtuPlateaus(int... plateaus) {
        return new TranslationGlobals(
                zeroizeTrafficClass,
                overrideTos,
                tos,
                plateaus,
                lowestIpv6Mtu,
                sourceIcmpv6ErrorsBetter,
                dropIcmpv6Info);
    }

    /** A copy with {@code lowest-ipv6-mtu} set. */
    public TranslationGlobals withLowestIpv6Mtu(int mtu) {
        return new TranslationGlobals(
                zeroizeTrafficClass, overrideTos, tos, mtuPlateaus, mtu, sourceIcmpv6ErrorsBetter, dropIcmpv6Info);
    }

    /** A copy with {@code source-icmpv6-errors-better} set. */
    public TranslationGlobals withSourceIcmpv6ErrorsBetter(boolean value) {
        return new TranslationGlobals(
                zeroizeTrafficClass, overrideTos, tos, mtuPlateaus, lowestIpv6Mtu, value, dropIcmpv6Info);
    }

    /** A copy with {@code drop-icmpv6-info} set. */
    public TranslationGlobals withDropIcmpv6Info(boolean value) {
        return new TranslationGlobals(
                zeroizeTrafficClass, overrideTos, tos, mtuPlateaus, lowestIpv6Mtu, sourceIcmpv6ErrorsBetter, value);
    }

    /** The normalised plateaus, largest first (a copy). */
    @Override
    public int[] mtuPlateaus() {
        return mtuPlateaus.clone();
    }

    /** RFC 1191 section 7 as RFC 7915 section 4.2 asks: the greatest plateau below {@code totalLength}, or 0. */
    int plateauBelow(int totalLength) {
        for (int plateau : mtuPlateaus) {
            if (plateau < totalLength) {
                return plateau;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TranslationGlobals g
                && zeroizeTrafficClass == g.zeroizeTrafficClass
                && overrideTos == g.overrideTos
                && tos == g.tos
                && Arrays.equals(mtuPlateaus, g.mtuPlateaus)
                && lowestIpv6Mtu == g.lowestIpv6Mtu
                && sourceIcmpv6ErrorsBetter == g.sourceIcmpv6ErrorsBetter
                && dropIcmpv6Info == g.dropIcmpv6Info;
    }

    @Override
    public int hashCode() {
        int h = Boolean.hashCode(zeroizeTrafficClass);
        h = 31 * h + Boolean.hashCode(overrideTos);
        h = 31 * h + tos;
        h = 31 * h + Arrays.hashCode(mtuPlateaus);
        h = 31 * h + lowestIpv6Mtu;
        h = 31 * h + Boolean.hashCode(sourceIcmpv6ErrorsBetter);
        return 31 * h + Boolean.hashCode(dropIcmpv6Info);
    }

    @Override
    public String toString() {
        return "TranslationGlobals[zeroize-traffic-class=" + zeroizeTrafficClass + ", override-tos=" + overrideTos
                + ", tos=" + tos + ", mtu-plateaus=" + Arrays.toString(mtuPlateaus) + ", lowest-ipv6-mtu="
                + lowestIpv6Mtu + ", source-icmpv6-errors-better=" + sourceIcmpv6ErrorsBetter
                + ", drop-icmpv6-info=" + dropIcmpv6Info + "]";
    }

    private static int[] normalise(int[] plateaus) {
        if (plateaus.length == 0 || plateaus.length > MAX_PLATEAUS) {
            throw new IllegalArgumentException(
                    "mtu-plateaus needs 1 to " + MAX_PLATEAUS + " values, not " + plateaus.length);
        }
        int[] sorted = plateaus.clone();
        for (int p : sorted) {
            if (p < 0 || p > 0xffff) {
                throw new IllegalArgumentException("mtu-plateaus values must be 0 to 65535, not " + p);
            }
        }
        Arrays.sort(sorted);
        int count = 0;
        int[] result = new int[sorted.length];
        for (int i = sorted.length - 1; i >= 0; i--) {
            int p = sorted[i];
            if (p != 0 && (count == 0 || result[count - 1] != p)) {
                result[count++] = p;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("The plateaus list contains nothing but zeroes.");
        }
        return Arrays.copyOf(result, count);
    }
}
