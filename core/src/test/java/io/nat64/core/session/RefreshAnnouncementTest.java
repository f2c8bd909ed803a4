package io.nat64.core.session;

import static io.nat64.core.session.TableFixture.CLIENT;
import static io.nat64.core.session.TableFixture.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.session.SessionMutation.Kind;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The refresh policy: a copy of the table kept from the mutations alone (what a peer does) never expires
 * a session that is alive, and a busy flow costs a few mutations per timeout rather than one per packet.
 */
class RefreshAnnouncementTest {

    @Test
    void busyFlowPublishesAFewRefreshesPerTimeoutNotOnePerPacket() {
        TableFixture f = new TableFixture();
        for (long t = 0; t <= 3_000_000; t += 100) { // a packet every 100 ms for 50 minutes
            f.udp6(CLIENT, 5000, SERVER, 53, t);
            if (t % 250 == 0) {
                f.udp().expire(t, 10_000);
            }
        }
        long refreshes =
                f.mutations.stream().filter(m -> m.kind() == Kind.REFRESHED).count();
        // udp-timeout 5 min: one refresh per 2.5 min at most, so 20 in 50 minutes, instead of 30,000 packets.
        assertThat(refreshes).isBetween(19L, 21L);
    }

    @Test
    void aCopyMadeFromMutationsNeverExpiresALiveSession() {
        for (long seed = 1; seed <= 10; seed++) {
            Random r = new Random(seed);
            TableFixture f = new TableFixture();
            Map<String, Long> peer = new HashMap<>();
            int applied = 0;
            long now = 0;
            for (int step = 0; step < 20_000; step++) {
                now += r.nextInt(20_000);
                int port = 1 + r.nextInt(20);
                if (r.nextInt(3) > 0) {
                    f.udp6(CLIENT, port, SERVER, 53, now);
                }
                f.udp().expire(now, Integer.MAX_VALUE);
                for (; applied < f.mutations.size(); applied++) {
                    SessionMutation m = f.mutations.get(applied);
                    String key = m.session().src6Port() + "";
                    if (m.kind() == Kind.REMOVED) {
                        peer.remove(key);
                    } else {
                        peer.put(key, m.session().expiresAt());
                    }
                }
                for (Session live : f.udp().sessions()) {
                    Long copyExpiry = peer.get(live.src6Port() + "");
                    assertThat(copyExpiry)
                            .as("seed %d step %d: copy of %s", seed, step, live)
                            .isNotNull();
                    assertThat(copyExpiry)
                            .as("seed %d step %d: copy of %s lapses early", seed, step, live)
                            .isGreaterThan(now);
                }
            }
        }
    }
}
