package io.nat64.core.session;

import static io.nat64.core.session.TableFixture.CLIENT;
import static io.nat64.core.session.TableFixture.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.config.GlobalKey;
import io.nat64.core.config.Globals;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.SessionMutation.Kind;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Refreshes that leave sessions where they stand in their expiry queue, against a model of when each session
 * is due: with the expiry pass run every tick, as the owner thread runs it, no session ever expires before its
 * deadline, none outlives it by more than a tick plus a late bucket, and a copy kept from the mutations never
 * lapses before its session's deadline. Flows are busy (a packet every few hundred ms), idle for long stretches, or
 * come back after the announcement pass has gone by, so every path of a refresh is taken. Seeded; the seed is
 * in every failure message.
 */
class LazyRefreshModelTest {
    private static final long TIMEOUT = 120_000;
    private static final long TICK = Instance.TICK_MILLIS;
    /** A requeued session may land in a late bucket, which expires whole once its last millisecond is due. */
    private static final long LATEST = TICK + ExpiryQueue.LATE_BUCKET_MILLIS;

    private static final int FLOWS = 200;

    @Test
    void sessionsExpireBetweenTheirDeadlineAndATickLaterAndTheirPublishedCopyNeverLapses() {
        for (long seed = 1; seed <= 4; seed++) {
            Random r = new Random(seed);
            TableFixture f = new TableFixture(Globals.defaults().with(GlobalKey.UDP_TIMEOUT, "2:00"), 1, 65535);
            Map<Integer, Long> lastPacket = new HashMap<>();
            Map<Integer, Long> copyExpiry = new HashMap<>();
            int applied = 0;
            long now = 0;
            for (int tick = 0; tick < 20_000; tick++) {
                now += TICK;
                int packets = r.nextInt(6);
                for (int p = 0; p < packets; p++) {
                    long at = now - TICK + 1 + r.nextInt((int) TICK - 1);
                    int flow = flow(r);
                    Long last = lastPacket.get(flow);
                    if (last != null && at <= last) {
                        continue; // packets of one flow arrive in time order
                    }
                    f.udp6(CLIENT, 1000 + flow, SERVER, 53, at);
                    lastPacket.put(flow, at);
                }
                f.udp().expire(now, Integer.MAX_VALUE);
                for (; applied < f.mutations.size(); applied++) {
                    SessionMutation m = f.mutations.get(applied);
                    int flow = m.session().src6Port() - 1000;
                    if (m.kind() == Kind.REMOVED) {
                        long deadline = lastPacket.get(flow) + TIMEOUT;
                        assertThat(m.at())
                                .as("seed %d: flow %d removed at %d, due at %d", seed, flow, m.at(), deadline)
                                .isBetween(deadline, deadline + LATEST);
                        lastPacket.remove(flow);
                        copyExpiry.remove(flow);
                    } else {
                        copyExpiry.put(flow, m.session().expiresAt());
                    }
                }
                for (Map.Entry<Integer, Long> e : lastPacket.entrySet()) {
                    long deadline = e.getValue() + TIMEOUT;
                    assertThat(now)
                            .as("seed %d: flow %d, due at %d, still alive at %d", seed, e.getKey(), deadline, now)
                            .isLessThan(deadline + LATEST);
                    assertThat(copyExpiry.get(e.getKey()))
                            .as("seed %d: flow %d has a published copy", seed, e.getKey())
                            .isNotNull();
                    if (now < deadline) { // past it, the session is expiring (within LATEST), and so is the copy
                        assertThat(copyExpiry.get(e.getKey()))
                                .as("seed %d: the published copy of flow %d lapses early at %d", seed, e.getKey(), now)
                                .isGreaterThan(now);
                    }
                }
            }
            assertThat(f.udp().sessionCount()).isEqualTo(lastPacket.size());
        }
    }

    /** A flow: one in ten busy (most packets), the rest now and then. */
    private static int flow(Random r) {
        return r.nextInt(3) > 0 ? r.nextInt(FLOWS / 10) : r.nextInt(FLOWS);
    }
}
