package io.nat64.core.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class TranslationGlobalsTest {

    @Test
    void defaultsAreJools() {
        TranslationGlobals g = TranslationGlobals.defaults();

        assertThat(g.zeroizeTrafficClass()).isFalse();
        assertThat(g.overrideTos()).isFalse();
        assertThat(g.tos()).isZero();
        assertThat(g.mtuPlateaus()).containsExactly(65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68);
        assertThat(g.lowestIpv6Mtu()).isEqualTo(1280);
        assertThat(g.sourceIcmpv6ErrorsBetter()).isTrue();
        assertThat(g.dropIcmpv6Info()).isFalse();
    }

    @Test
    void plateausAreSortedDescendingWithoutZerosOrDuplicates() {
        TranslationGlobals g = TranslationGlobals.defaults().withMtuPlateaus(1000, 0, 2000, 1000, 1500);

        assertThat(g.mtuPlateaus()).containsExactly(2000, 1500, 1000);
        assertThat(g.plateauBelow(1500)).isEqualTo(1000);
        assertThat(g.plateauBelow(1000)).isZero();
    }

    @Test
    void plateausCannotBeChangedFromOutside() {
        int[] mine = {1500, 1000};
        TranslationGlobals g = TranslationGlobals.defaults().withMtuPlateaus(mine);
        mine[0] = 9;
        g.mtuPlateaus()[0] = 9;

        assertThat(g.mtuPlateaus()).containsExactly(1500, 1000);
        assertThat(g).isEqualTo(TranslationGlobals.defaults().withMtuPlateaus(1000, 1500));
    }

    @Test
    void invalidValuesAreRefusedWithTheirName() {
        TranslationGlobals d = TranslationGlobals.defaults();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> d.withTos(true, 256))
                .withMessageContaining("tos");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> d.withLowestIpv6Mtu(1279))
                .withMessageContaining("lowest-ipv6-mtu");
        assertThatIllegalArgumentException().isThrownBy(() -> d.withMtuPlateaus(0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> d.withMtuPlateaus());
        assertThatIllegalArgumentException().isThrownBy(() -> d.withMtuPlateaus(70000));
    }
}
