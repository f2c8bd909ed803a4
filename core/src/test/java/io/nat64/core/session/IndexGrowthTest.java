package io.nat64.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both indexes stay exact while they grow incrementally, with lookups and removals during every migration. */
class IndexGrowthTest {

    @Test
    void bibIndexFindsEveryLiveEntryAcrossManyIncrementalGrowths() {
        Random r = new Random(11);
        BibIndex index = new BibIndex(5);
        Map<Long, TabledBib> model = new HashMap<>();
        List<Long> keys = new ArrayList<>();
        for (int step = 0; step < 200_000; step++) {
            if (r.nextInt(4) > 0 || keys.isEmpty()) {
                long k = r.nextLong() & 0xffffffffffffL;
                if (model.containsKey(k)) {
                    continue;
                }
                TabledBib b = new TabledBib(
                        0x20010db8L << 32, k, (int) (k & 0xffff), (int) (k >>> 16), (int) (k & 0xffff), false, step);
                index.add(b);
                model.put(k, b);
                keys.add(k);
            } else {
                long k = keys.remove(r.nextInt(keys.size()));
                index.remove(model.remove(k));
                assertThat(index.get6(0x20010db8L << 32, k, (int) (k & 0xffff))).isNull();
            }
            if (step % 997 == 0) {
                for (Map.Entry<Long, TabledBib> e : model.entrySet()) {
                    long k = e.getKey();
                    assertThat(index.get6(0x20010db8L << 32, k, (int) (k & 0xffff)))
                            .isSameAs(e.getValue());
                    assertThat(index.get4((int) (k >>> 16), (int) (k & 0xffff))).isSameAs(e.getValue());
                }
            }
        }
        assertThat(index.size()).isEqualTo(model.size());
        int[] seen = {0};
        index.forEach(b -> seen[0]++);
        assertThat(seen[0]).isEqualTo(model.size());
    }

    @Test
    void sessionIndexFindsEveryLiveSessionAcrossManyIncrementalGrowths() {
        Random r = new Random(12);
        SessionIndex index = new SessionIndex(9);
        TabledBib bib = new TabledBib(1, 2, 3, 4, 5, false, 6);
        Map<Long, TabledSession> model = new HashMap<>();
        List<Long> keys = new ArrayList<>();
        for (int step = 0; step < 200_000; step++) {
            if (r.nextInt(4) > 0 || keys.isEmpty()) {
                long k = r.nextLong() & 0xffffffffffffL;
                if (model.containsKey(k)) {
                    continue;
                }
                TabledSession s = new TabledSession(bib, (int) (k >>> 16), (int) (k & 0xffff), TcpState.ESTABLISHED, 0);
                index.add(s);
                model.put(k, s);
                keys.add(k);
            } else {
                long k = keys.remove(r.nextInt(keys.size()));
                index.remove(model.remove(k));
                assertThat(index.get(bib, (int) (k >>> 16), (int) (k & 0xffff))).isNull();
            }
            if (step % 997 == 0) {
                for (Map.Entry<Long, TabledSession> e : model.entrySet()) {
                    long k = e.getKey();
                    assertThat(index.get(bib, (int) (k >>> 16), (int) (k & 0xffff)))
                            .isSameAs(e.getValue());
                }
            }
        }
        assertThat(index.size()).isEqualTo(model.size());
    }
}
