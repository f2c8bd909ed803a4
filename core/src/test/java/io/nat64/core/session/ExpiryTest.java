package io.nat64.core.session;

import static io.nat64.core.session.TableFixture.CLIENT;
import static io.nat64.core.session.TableFixture.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.config.GlobalKey;
import io.nat64.core.config.Globals;
import org.junit.jupiter.api.Test;

class ExpiryTest {

    @Test
    void udpSessionLivesExactlyUdpTimeoutAfterItsLastPacket() {
        TableFixture f = new TableFixture();
        f.udp6(CLIENT, 1, SERVER, 53, 0);
        f.udp6(CLIENT, 1, SERVER, 53, 1_000);
        f.udp().expire(300_999, 100);
        assertThat(f.udp().sessionCount()).isEqualTo(1);
        f.udp().expire(301_000, 100);
        assertThat(f.udp().sessionCount()).isZero();
    }

    @Test
    void icmpSessionLivesIcmpTimeout() {
        TableFixture f = new TableFixture();
        f.icmp().udpIcmp6(CLIENT.high(), CLIENT.low(), 7, 0, 0, SERVER.bits(), 7, 0, f.out);
        f.icmp().expire(59_999, 100);
        assertThat(f.icmp().sessionCount()).isEqualTo(1);
        f.icmp().expire(60_000, 100);
        assertThat(f.icmp().sessionCount()).isZero();
    }

    @Test
    void changingATimeoutAppliesToExistingSessionsAtOnceAsInJool() {
        TableFixture f = new TableFixture();
        f.udp6(CLIENT, 1, SERVER, 53, 0);
        f.db.setGlobals(Globals.defaults().with(GlobalKey.UDP_TIMEOUT, "2:00"));
        f.udp().expire(120_000, 100);
        assertThat(f.udp().sessionCount()).isZero();
    }

    @Test
    void v6InitLivesTcpTransTimeout() {
        TableFixture f = new TableFixture();
        f.tcp6(1, 80, TcpSegment.fromIpv6(TcpSegment.SYN), 0);
        f.tcp().expire(239_999, 100);
        assertThat(f.tcp().sessionCount()).isEqualTo(1);
        f.tcp().expire(240_000, 100);
        assertThat(f.tcp().sessionCount()).isZero();
    }

    @Test
    void expiryWorkIsBoundedByTheBudgetAndResumes() {
        TableFixture f = new TableFixture(Globals.defaults(), 1, 65535);
        for (int i = 0; i < 1000; i++) {
            f.udp6(CLIENT, 10_000 + i, SERVER, 53, i);
        }
        assertThat(f.udp().expire(400_000, 300)).isEqualTo(300);
        assertThat(f.udp().sessionCount()).isEqualTo(700);
        int rounds = 1;
        while (f.udp().expire(400_000, 300) == 300) {
            rounds++;
        }
        assertThat(rounds)
                .as("three full slices of 300, then a last one of 100")
                .isEqualTo(3);
        assertThat(f.udp().sessionCount()).isZero();
    }

    @Test
    void aRefreshInPlaceDelaysNobodyBehindItTheExpiryPassMovesItWhenItsPlaceComesDue() {
        TableFixture f = new TableFixture();
        f.udp6(CLIENT, 1, SERVER, 53, 0); // A, queued at 0: the announcement cursor stands on it
        f.udp6(CLIENT, 2, SERVER, 53, 10); // B, queued at 10, behind A
        f.udp6(CLIENT, 3, SERVER, 53, 20); // C, queued at 20, behind B
        f.udp6(CLIENT, 2, SERVER, 53, 250_000); // B refreshed in place, long after its move
        f.udp6(CLIENT, 3, SERVER, 53, 280_000); // and C
        assertThat(f.udp().flows.src6Port(f.udp().est.head()))
                .as("nothing relinked")
                .isEqualTo(1);
        f.mutations.clear();
        f.udp().expire(300_000, 100);
        assertThat(f.udp().sessions()).extracting(Session::src6Port).containsExactlyInAnyOrder(2, 3);
        f.udp().expire(300_020, 100); // B's and C's places are due: they move, they do not expire
        assertThat(f.udp().sessions()).extracting(Session::src6Port).containsExactlyInAnyOrder(2, 3);
        f.udp().expire(550_000, 100); // B's deadline exactly
        assertThat(f.udp().sessions()).extracting(Session::src6Port).containsExactly(3);
        f.udp().expire(579_999, 100);
        assertThat(f.udp().sessions()).extracting(Session::src6Port).containsExactly(3);
        f.udp().expire(580_000, 100);
        assertThat(f.udp().sessionCount()).isZero();
    }

    @Test
    void aSessionRefreshedInPlaceWhosePlaceComesDueBeforeTheAnnouncementPassIsMovedNotExpired() {
        TableFixture f = new TableFixture();
        f.udp6(CLIENT, 1, SERVER, 53, 0); // A: the announcement cursor stands on it
        f.udp6(CLIENT, 2, SERVER, 53, 10); // B
        f.udp6(CLIENT, 2, SERVER, 53, 20_000); // B refreshed in place
        assertThat(f.udp().expire(300_010, 1)).isEqualTo(1); // a budget of one: A expires, no announcement pass
        assertThat(f.udp().expire(300_020, 1)).isEqualTo(1); // B's place is due: the unit moves it
        assertThat(f.udp().sessions()).singleElement().satisfies(s -> assertThat(s.src6Port())
                .isEqualTo(2));
        f.udp().expire(319_999, 100);
        assertThat(f.udp().sessionCount()).isEqualTo(1);
        f.udp().expire(320_000 + ExpiryQueue.LATE_BUCKET_MILLIS, 100);
        assertThat(f.udp().sessionCount()).isZero();
    }

    @Test
    void aSessionTheAnnouncementPassAlreadyExaminedIsMovedToTheTailWhenRefreshed() {
        TableFixture f = new TableFixture();
        f.udp6(CLIENT, 1, SERVER, 53, 0); // A
        f.udp6(CLIENT, 2, SERVER, 53, 10); // B
        f.udp().expire(75_010, 100); // a quarter of udp-timeout: the cursor passes A and B
        f.udp6(CLIENT, 1, SERVER, 53, 80_000); // A refreshed after the pass: relinked behind B
        assertThat(f.udp().flows.src6Port(f.udp().est.head())).isEqualTo(2);
        f.udp().expire(300_010, 100);
        assertThat(f.udp().sessions()).singleElement().satisfies(s -> assertThat(s.src6Port())
                .isEqualTo(1));
    }

    @Test
    void expiryOfNothingCostsNothing() {
        TableFixture f = new TableFixture();
        for (int i = 0; i < 100; i++) {
            f.udp6(CLIENT, 10_000 + i, SERVER, 53, 1000);
        }
        // Announcement pass not due yet either: no unit of work is spent.
        assertThat(f.udp().expire(1000, 1_000)).isZero();
    }
}
