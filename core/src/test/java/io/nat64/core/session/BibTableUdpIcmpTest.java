package io.nat64.core.session;

import static io.nat64.core.session.TableFixture.CLIENT;
import static io.nat64.core.session.TableFixture.POOL4;
import static io.nat64.core.session.TableFixture.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv6Address;
import io.nat64.core.config.GlobalKey;
import io.nat64.core.config.Globals;
import io.nat64.core.session.SessionMutation.Kind;
import io.nat64.core.session.SessionMutation.RemovalReason;
import org.junit.jupiter.api.Test;

class BibTableUdpIcmpTest {

    @Test
    void ipv6DatagramCreatesBibEntryAndSessionWithAMaskFromPool4() {
        TableFixture f = new TableFixture();
        assertThat(f.udp6(CLIENT, 37878, SERVER, 1234, 0)).isEqualTo(Verdict.TRANSLATE);
        assertThat(f.out.src4Addr()).isEqualTo(POOL4.bits());
        assertThat(f.out.src4Port()).isBetween(61001, 65535);
        Session s = f.udp().sessions().get(0);
        assertThat(s.src6()).isEqualTo(CLIENT);
        assertThat(s.dst6()).isEqualTo(Ipv6Address.parse("64:ff9b::c000:208"));
        assertThat(s.dst4()).isEqualTo(SERVER);
        assertThat(s.dst4Port()).isEqualTo(1234);
        assertThat(s.expiresAt()).isEqualTo(300_000);
        assertThat(f.kinds()).containsExactly(Kind.ADDED);
        assertThat(f.udp().bibCount()).isEqualTo(1);
    }

    @Test
    void ipv4ReplyFindsTheBibEntryAndTranslatesToTheIpv6Node() {
        TableFixture f = new TableFixture();
        f.udp6(CLIENT, 37878, SERVER, 1234, 0);
        int mask = f.out.src4Port();
        assertThat(f.udp4(mask, SERVER, 1234, 1000)).isEqualTo(Verdict.TRANSLATE);
        assertThat(f.out.src6High()).isEqualTo(CLIENT.high());
        assertThat(f.out.src6Low()).isEqualTo(CLIENT.low());
        assertThat(f.out.src6Port()).isEqualTo(37878);
        assertThat(f.udp().sessions().get(0).updateTime()).isEqualTo(1000);
    }

    @Test
    void ipv4DatagramWithoutBibEntryIsRefusedWithAddressUnreachable() {
        TableFixture f = new TableFixture();
        Verdict v = f.udp4(61001, SERVER, 1234, 0);
        assertThat(v).isEqualTo(Verdict.NO_BIB);
        assertThat(v.icmp()).isEqualTo(Verdict.Icmp.ADDRESS_UNREACHABLE_V4);
        assertThat(f.udp().sessionCount()).isZero();
    }

    @Test
    void withoutAddressDependentFilteringAnyIpv4PeerOpensASession() {
        TableFixture f = new TableFixture();
        f.udp6(CLIENT, 5000, SERVER, 53, 0);
        Ipv4Address stranger = Ipv4Address.parse("203.0.113.9");
        assertThat(f.udp4(f.out.src4Port(), stranger, 9999, 10)).isEqualTo(Verdict.TRANSLATE);
        assertThat(f.udp().sessionCount()).isEqualTo(2);
    }

    @Test
    void addressDependentFilteringRefusesPeersTheNodeNeverTalkedTo() {
        Globals adf = Globals.defaults().with(GlobalKey.ADDRESS_DEPENDENT_FILTERING, "true");
        TableFixture f = new TableFixture(adf, 61001, 65535);
        f.udp6(CLIENT, 5000, SERVER, 53, 0);
        int mask = f.out.src4Port();
        assertThat(f.udp4(mask, Ipv4Address.parse("203.0.113.9"), 53, 10)).isEqualTo(Verdict.FILTERED);
        assertThat(f.udp4(mask, SERVER, 5353, 10)).isEqualTo(Verdict.TRANSLATE); // same address, other port
        assertThat(f.udp().sessionCount()).isEqualTo(2);
    }

    @Test
    void exhaustedPool4IsAVerdictNotAnException() {
        TableFixture f = new TableFixture(Globals.defaults(), 7000, 7001);
        assertThat(f.udp6(CLIENT, 1, SERVER, 1, 0)).isEqualTo(Verdict.TRANSLATE);
        assertThat(f.udp6(CLIENT, 2, SERVER, 1, 0)).isEqualTo(Verdict.TRANSLATE);
        Verdict third = f.udp6(CLIENT, 3, SERVER, 1, 0);
        assertThat(third).isEqualTo(Verdict.POOL4_EXHAUSTED);
        assertThat(third.icmp()).isEqualTo(Verdict.Icmp.ADDRESS_UNREACHABLE_V6);
        assertThat(f.udp().bibCount()).isEqualTo(2);
    }

    @Test
    void sameIpv6SourceReusesItsMaskForEveryDestination() {
        TableFixture f = new TableFixture();
        f.udp6(CLIENT, 4000, SERVER, 53, 0);
        int mask = f.out.src4Port();
        f.udp6(CLIENT, 4000, Ipv4Address.parse("198.51.100.7"), 123, 0);
        assertThat(f.out.src4Port()).isEqualTo(mask);
        assertThat(f.udp().bibCount()).isEqualTo(1);
        assertThat(f.udp().sessionCount()).isEqualTo(2);
    }

    @Test
    void bibEntryDiesWithItsLastSession() {
        TableFixture f = new TableFixture();
        f.udp6(CLIENT, 4000, SERVER, 53, 0);
        f.udp6(CLIENT, 4000, SERVER, 54, 100_000);
        f.udp().expire(300_000, 1000);
        assertThat(f.udp().sessionCount()).isEqualTo(1);
        assertThat(f.udp().bibCount()).isEqualTo(1);
        f.udp().expire(400_000, 1000);
        assertThat(f.udp().sessionCount()).isZero();
        assertThat(f.udp().bibCount()).isZero();
        assertThat(f.mutations.get(f.mutations.size() - 1).reason()).isEqualTo(RemovalReason.EXPIRED);
    }

    @Test
    void staticBibEntryOutlivesItsSessions() {
        TableFixture f = new TableFixture();
        f.udp().addStatic(new BibEntry(io.nat64.core.addr.L4Protocol.UDP, CLIENT, 53, POOL4, 61053, true));
        assertThat(f.udp4(61053, SERVER, 4444, 0)).isEqualTo(Verdict.TRANSLATE);
        assertThat(f.out.src6Port()).isEqualTo(53);
        f.udp().expire(300_000, 1000);
        assertThat(f.udp().sessionCount()).isZero();
        assertThat(f.udp().bibEntries()).singleElement().satisfies(b -> assertThat(b.isStatic())
                .isTrue());
    }

    @Test
    void icmpSessionsUseTheMaskIdentifierAsTheIpv4PeerPort() {
        TableFixture f = new TableFixture();
        assertThat(f.icmp()
                        .udpIcmp6(
                                CLIENT.high(),
                                CLIENT.low(),
                                211,
                                f.pool6.embedHigh(SERVER.bits()),
                                f.pool6.embedLow(SERVER.bits()),
                                SERVER.bits(),
                                211,
                                0,
                                f.out))
                .isEqualTo(Verdict.TRANSLATE);
        int id4 = f.out.src4Port();
        Session s = f.icmp().sessions().get(0);
        assertThat(s.src6Port()).isEqualTo(211);
        assertThat(s.dst6Port()).isEqualTo(211);
        assertThat(s.src4Port()).isEqualTo(id4);
        assertThat(s.dst4Port()).isEqualTo(id4);
        assertThat(s.expiresAt()).isEqualTo(60_000);
        // The echo reply comes back to the mask identifier from the server.
        assertThat(f.icmp().udpIcmp4(POOL4.bits(), id4, SERVER.bits(), id4, 10, f.out))
                .isEqualTo(Verdict.TRANSLATE);
        assertThat(f.out.src6Port()).isEqualTo(211);
        assertThat(f.icmp().sessionCount()).isEqualTo(1);
    }

    @Test
    void tablesBuildNoMutationWhenNobodyListens() {
        TableFixture f = new TableFixture();
        f.listening = false;
        f.udp6(CLIENT, 4000, SERVER, 53, 0);
        f.udp().expire(300_000, 10);
        assertThat(f.mutations).isEmpty();
        assertThat(f.udp().sessionCount()).isZero();
    }
}
