package io.nat64.core.pool;

import static io.nat64.core.addr.L4Protocol.ICMP;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** pool4 rows against a naive model: the sorted set of every transport address added and not removed. */
class Pool4RowsModelTest {

    private final Pool4 pool4 = new Pool4(1, 2);

    private static int ip(String text) {
        return Ipv4Address.parseBits(text);
    }

    @Test
    void randomAddsAndRemovesMatchANaiveSetOfTransportAddresses() {
        long seed = Long.getLong("nat64.seed", new Random().nextLong());
        Random random = new Random(seed);
        TreeSet<Long> model = new TreeSet<>();
        try {
            for (int step = 0; step < 400; step++) {
                int prefixLength = 29 + random.nextInt(4);
                int base = ip("192.0.2.0") + (random.nextInt(16) & -(1 << (32 - prefixLength)));
                Ipv4Prefix prefix = new Ipv4Prefix(new Ipv4Address(base), prefixLength);
                int min = random.nextInt(120);
                int max = min + random.nextInt(40);
                Pool4Entry entry = Pool4Entry.of(ICMP, prefix, min, max);
                boolean adding = random.nextInt(3) > 0;
                long before = model.size();
                for (long a = 0; a < prefix.size(); a++) {
                    for (int port = min; port <= max; port++) {
                        long t = Pool4.pack(base + (int) a, port);
                        if (adding) {
                            model.add(t);
                        } else {
                            model.remove(t);
                        }
                    }
                }
                boolean changed = adding ? pool4.add(entry) : pool4.remove(entry);
                assertThat(changed)
                        .as("step %d %s %s", step, adding ? "add" : "remove", entry)
                        .isEqualTo(model.size() != before);
                assertMatches(model);
            }
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + " (rerun with -Dnat64.seed=" + seed + "): " + e.getMessage(), e);
        }
    }

    private void assertMatches(TreeSet<Long> model) {
        List<Long> walked = new ArrayList<>();
        for (long t = pool4.next(ICMP, -1); t != -1; t = pool4.next(ICMP, t)) {
            walked.add(t);
        }
        assertThat(walked).containsExactlyElementsOf(model);
        assertThat(pool4.transportAddressCount(ICMP)).isEqualTo(model.size());
        for (int a = 0; a < 17; a++) {
            for (int port = 0; port < 162; port++) {
                int addr = ip("192.0.2.0") + a;
                assertThat(pool4.contains(ICMP, addr, port)).isEqualTo(model.contains(Pool4.pack(addr, port)));
            }
        }
        // Rows are fused: the rows of one address never overlap or touch.
        List<Pool4Entry> rows = pool4.entries(ICMP);
        long expanded = 0;
        for (int i = 0; i < rows.size(); i++) {
            Pool4Entry row = rows.get(i);
            expanded += row.transportAddressCount();
            if (i > 0 && rows.get(i - 1).prefix().equals(row.prefix())) {
                assertThat(rows.get(i - 1).maxPort() + 1)
                        .as("rows %s and %s", rows.get(i - 1), row)
                        .isLessThan(row.minPort());
            }
        }
        assertThat(expanded).isEqualTo(model.size());
    }
}
