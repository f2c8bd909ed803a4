package io.nat64.core.session;

import static io.nat64.core.session.TableFixture.CLIENT;
import static io.nat64.core.session.TableFixture.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.config.Globals;
import org.junit.jupiter.api.Test;

/** How a {@link BibTable} sizes its {@link FlowTable} from pool4's capacity. */
class TableSizingTest {

    @Test
    void aTableReservedForPool4NeverGrowsWhileItFillsAndGrowsOnePast() {
        TableFixture f = new TableFixture(Globals.defaults(), 7000, 8999); // 2,000 masks: 2,048 slots
        FlowTable flows = f.udp().flows;
        assertThat(flows.capacity()).isEqualTo(BibTable.INITIAL_SLOTS);
        for (int i = 0; i < 2048; i++) {
            assertThat(f.udp6(CLIENT, 1 + i % 64, SERVER, 1 + i / 64, 0)).isEqualTo(Verdict.TRANSLATE);
            assertThat(flows.capacity()).as("capacity at %d sessions", i + 1).isEqualTo(2048);
        }
        assertThat(f.udp6(CLIENT, 1, SERVER, 5000, 0)).isEqualTo(Verdict.TRANSLATE);
        assertThat(f.udp().sessionCount()).isEqualTo(2049);
        assertThat(flows.capacity()).as("doubled past the reservation").isEqualTo(4096);
    }

    @Test
    void aSmallPool4KeepsTheInitialSlots() {
        TableFixture f = new TableFixture(Globals.defaults(), 7000, 7099);
        assertThat(f.udp6(CLIENT, 1, SERVER, 1, 0)).isEqualTo(Verdict.TRANSLATE);
        assertThat(f.udp().flows.capacity()).as("a reservation never shrinks").isEqualTo(BibTable.INITIAL_SLOTS);
    }
}
