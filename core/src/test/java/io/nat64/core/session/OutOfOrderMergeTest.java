package io.nat64.core.session;

import static io.nat64.core.session.TableFixture.CLIENT;
import static io.nat64.core.session.TableFixture.POOL4;
import static io.nat64.core.session.TableFixture.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.Globals;
import io.nat64.core.session.SessionMutation.Kind;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Peers' copies merged in any order of expiry (session synchronisation, a replay from a peer): inserting
 * never walks the queue, and every session still expires within a second of its deadline, never before it,
 * with a published copy that never lapses while it lives. Seeded; the seed is in every failure message.
 */
class OutOfOrderMergeTest {
    private static final long UDP_TIMEOUT = 300_000;
    private static final long TICK = 250;

    private static Session copy(int port) {
        return new Session(
                L4Protocol.UDP,
                CLIENT,
                port,
                Ipv6Address.parse("64:ff9b::c000:208"),
                53,
                POOL4,
                port,
                SERVER,
                53,
                TcpState.ESTABLISHED,
                TimerType.EST,
                0,
                0);
    }

    @Test
    void mergingCopiesInReverseOrderOfExpiryStepsOverAtMostAFewSessionsEach() {
        TableFixture f = new TableFixture(Globals.defaults(), 1, 65535);
        f.listening = false;
        int n = 60_000;
        for (int i = 1; i <= n; i++) {
            // the newest first, so every later copy sorts before the whole queue
            assertThat(f.udp().merge(copy(i), UDP_TIMEOUT - i, 0)).isEqualTo(MergeResult.ADDED);
        }
        assertThat(f.udp().est.insertSteps)
                .as("a walk from the tail would step over n^2/2 = 1.8e9 sessions")
                .isLessThanOrEqualTo((long) ExpiryQueue.NEAR_STEPS * n);
        assertThat(f.udp().est.lateSize()).isGreaterThan(n / 2);
        assertThat(f.udp().sessionCount()).isEqualTo(n);
    }

    @Test
    void copiesMergedInRandomOrderExpireInOrderWithinASecondOfTheirDeadline() {
        for (long seed = 1; seed <= 8; seed++) {
            runOnce(seed);
        }
    }

    private static void runOnce(long seed) {
        Random r = new Random(seed);
        TableFixture f = new TableFixture(Globals.defaults(), 1, 65535);
        int keys = 1500;
        Map<Integer, Long> deadline = new HashMap<>(); // the model: port -> expiry
        Map<Integer, Long> published = new HashMap<>(); // port -> expiry of the last copy published
        long end = 3 * UDP_TIMEOUT;
        long merges = 0;
        for (long now = TICK; now <= end; now += TICK) {
            String ctx = "seed " + seed + " at " + now;
            int ops = r.nextInt(4);
            for (int i = 0; i < ops; i++) {
                int port = 1 + r.nextInt(keys);
                Long d = deadline.get(port);
                if (d != null && r.nextInt(4) == 0) {
                    f.udp6(CLIENT, port, SERVER, 53, now); // local traffic on a merged session
                    deadline.put(port, now + UDP_TIMEOUT);
                } else {
                    long remaining =
                            r.nextInt(10) == 0 ? 1 + r.nextInt(1000) : 1 + r.nextInt((int) UDP_TIMEOUT + 60_000);
                    MergeResult m = f.udp().merge(copy(port), remaining, now);
                    merges++;
                    if (d == null) {
                        assertThat(m).as(ctx).isEqualTo(MergeResult.ADDED);
                        deadline.put(port, now + remaining);
                    } else if (now + remaining > d) {
                        assertThat(m).as(ctx).isEqualTo(MergeResult.UPDATED);
                        deadline.put(port, now + remaining);
                    } else {
                        assertThat(m).as(ctx).isEqualTo(MergeResult.KEPT_LOCAL);
                    }
                }
            }
            f.udp().expire(now, 1 << 20);
            for (SessionMutation m : f.mutations) {
                int port = m.session().src6Port();
                if (m.kind() == Kind.REMOVED) {
                    long due = deadline.remove(port);
                    assertThat(now).as(ctx + " port " + port + " removed at").isBetween(due, due + 1000);
                    published.remove(port);
                } else {
                    published.put(port, m.session().expiresAt());
                }
            }
            f.mutations.clear();
            for (Map.Entry<Integer, Long> e : deadline.entrySet()) {
                assertThat(e.getValue())
                        .as(ctx + " port " + e.getKey() + " still alive, due")
                        .isGreaterThan(now - 1000);
                if (e.getValue() > now) { // not yet due: the copy kept from the mutations must not have lapsed
                    assertThat(published.get(e.getKey()))
                            .as(ctx + " port " + e.getKey() + " published copy")
                            .isGreaterThan(now);
                }
            }
            assertThat(f.udp().sessionCount()).as(ctx).isEqualTo(deadline.size());
        }
        assertThat(f.udp().est.insertSteps).as("seed " + seed).isLessThanOrEqualTo(ExpiryQueue.NEAR_STEPS * merges);
    }
}
