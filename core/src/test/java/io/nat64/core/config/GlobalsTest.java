package io.nat64.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobalsTest {

    @Test
    void defaultsAreJools() {
        Globals g = Globals.defaults();
        assertThat(GlobalKey.UDP_TIMEOUT.format(g)).isEqualTo("0:05:00");
        assertThat(GlobalKey.TCP_EST_TIMEOUT.format(g)).isEqualTo("2:00:00");
        assertThat(GlobalKey.TCP_TRANS_TIMEOUT.format(g)).isEqualTo("0:04:00");
        assertThat(GlobalKey.ICMP_TIMEOUT.format(g)).isEqualTo("0:01:00");
        assertThat(g.maximumSimultaneousOpens()).isEqualTo(10);
        assertThat(g.fArgs()).isEqualTo(0b1011);
        assertThat(g.ssEnabled()).isFalse();
        assertThat(g.ssFlushDeadline()).isEqualTo(2000);
        assertThat(g.ssCapacity()).isEqualTo(512);
        assertThat(g.ssMaxPayload()).isEqualTo(1452);
        assertThat(g.ssMaxSessionsPerPacket()).isEqualTo(36);
        assertThat(g.sourceIcmpv6ErrorsBetter()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"true,true", "1,true", "YES,true", "on,true", "False,false", "0,false", "no,false", "OFF,false"})
    void booleansAcceptJoolsSpellings(String text, boolean expected) {
        assertThat(Globals.defaults().with(GlobalKey.SS_ENABLED, text).ssEnabled())
                .isEqualTo(expected);
    }

    @Test
    void minimumsAreEnforcedWithTheGlobalsName() {
        assertThatThrownBy(() -> Globals.defaults().with(GlobalKey.TCP_EST_TIMEOUT, "1:59:59"))
                .hasMessage("tcp-est-timeout must be at least 2:00:00, not 1:59:59");
        assertThatThrownBy(() -> Globals.defaults().with(GlobalKey.TCP_TRANS_TIMEOUT, "3:59"))
                .hasMessageContaining("tcp-trans-timeout");
        assertThatThrownBy(() -> Globals.defaults().with(GlobalKey.F_ARGS, "16"))
                .hasMessageContaining("f-args");
        assertThatThrownBy(() -> Globals.defaults().with(GlobalKey.SS_CAPACITY, "-1"))
                .hasMessageContaining("ss-capacity expects an unsigned 32-bit integer");
        assertThatThrownBy(() -> Globals.defaults().with(GlobalKey.SS_MAX_SESSIONS_PER_PACKET, "0"))
                .hasMessageContaining("ss-max-sessions-per-packet");
    }

    @Test
    void keysAreFoundByJoolsNamesCaseInsensitively() {
        assertThat(GlobalKey.byName("SS-Enabled")).contains(GlobalKey.SS_ENABLED);
        assertThat(GlobalKey.byName("no-such-thing")).isEmpty();
        assertThat(GlobalKey.values()).extracting(GlobalKey::jsonName).doesNotHaveDuplicates();
    }
}
