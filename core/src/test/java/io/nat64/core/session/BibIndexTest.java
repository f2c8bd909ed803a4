package io.nat64.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The packed words of {@link BibIndex}'s flat entries keep every field apart, across pages and reused numbers. */
class BibIndexTest {

    @Test
    void everyFieldReadsBackAsWrittenAtTheExtremesOfItsRange() {
        BibIndex index = new BibIndex(3);
        int e = index.add(-1L, Long.MIN_VALUE, 65535, 0xcb007101, 65535, true); // 203.0.113.1, top bits set
        int f = index.add(0, 0, 0, 0, 0, false);

        assertThat(index.src6High(e)).isEqualTo(-1L);
        assertThat(index.src6Low(e)).isEqualTo(Long.MIN_VALUE);
        assertThat(index.src6Port(e)).isEqualTo(65535);
        assertThat(index.src4Addr(e)).isEqualTo(0xcb007101);
        assertThat(index.src4Port(e)).isEqualTo(65535);
        assertThat(index.isStatic(e)).isTrue();
        assertThat(index.head(e)).isEqualTo(FlowTable.NIL);
        assertThat(index.isStatic(f)).isFalse();
        assertThat(index.src4Port(f)).isZero();

        index.setHead(e, Integer.MAX_VALUE);
        assertThat(index.isStatic(e)).as("the head leaves the flags alone").isTrue();
        index.setStatic(e, false);
        assertThat(index.head(e)).as("the flags leave the head alone").isEqualTo(Integer.MAX_VALUE);
        index.setHead(e, FlowTable.NIL);
        assertThat(index.head(e)).isEqualTo(FlowTable.NIL);
        assertThat(index.isStatic(e)).isFalse();
        assertThat(index.get4(0xcb007101, 65535)).isEqualTo(e);
        assertThat(index.get6(-1L, Long.MIN_VALUE, 65535)).isEqualTo(e);
        assertThat(index.get4(0xcb007101, 65534)).isEqualTo(BibIndex.NONE);
    }

    @Test
    void aNumberFreedOnAnEarlierPageIsReusedWithItsNewEntrysFieldsAndNoOldHead() {
        BibIndex index = new BibIndex(9);
        int n = 3 * BibIndex.PAGE + 5;
        for (int k = 0; k < n; k++) {
            int e = index.add(7, k, k & 0xffff, 0xc6336400 | (k >>> 16), k & 0xffff, false);
            assertThat(e).isEqualTo(k);
            index.setHead(e, k);
        }
        index.remove(17);
        index.remove(17); // twice: nothing more
        assertThat(index.size()).isEqualTo(n - 1);

        int again = index.add(8, 1, 2, 0xcb007101, 3, true);

        assertThat(again).isEqualTo(17);
        assertThat(index.head(again)).isEqualTo(FlowTable.NIL);
        assertThat(index.get6(7, 17, 17)).isEqualTo(BibIndex.NONE);
        assertThat(index.get6(8, 1, 2)).isEqualTo(17);
        assertThat(index.get4(0xcb007101, 3)).isEqualTo(17);
        for (int k = 0; k < n; k++) {
            if (k != 17) {
                assertThat(index.get4(0xc6336400 | (k >>> 16), k & 0xffff)).isEqualTo(k);
                assertThat(index.head(k)).isEqualTo(k);
            }
        }
    }
}
