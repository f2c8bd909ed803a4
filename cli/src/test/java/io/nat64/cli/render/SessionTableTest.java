package io.nat64.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.cli.resolve.Names;
import io.nat64.core.addr.L4Protocol;
import io.nat64.gateway.api.SessionView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden tests: the seed's sessions in, the seed's text out, byte for byte. */
class SessionTableTest {
    private static String render(List<SessionView> sessions, Names names, boolean csv, boolean headers) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        SessionTable table = new SessionTable(out, names, csv);
        table.begin(headers);
        sessions.forEach(table::add);
        out.flush();
        return text.toString();
    }

    /** The names of the seed's "resolve names" example, as a fake resolver would give them. */
    static final Names SEED_NAMES = new Names() {
        private final Map<String, String> hosts =
                Map.of("93.184.216.119", "example.com", "2001:db8::2", "ipv6client.mx");

        @Override
        public String host(String address) {
            return hosts.getOrDefault(address, address);
        }

        @Override
        public String service(int port, String protocol) {
            return port == 80 && !protocol.equals("ICMP") ? "http" : Integer.toString(port);
        }
    };

    @Test
    void consoleNumericIsTheSeedsSecondExample() {
        assertThat(render(SeedSessions.seedTcp(), Names.NUMERIC, false, true))
                .isEqualTo("---------------------------------\n"
                        + "(V4_FIN_V6_FIN_RCV) Expires in 2 minutes, 57 seconds\n"
                        + "Remote: 93.184.216.119#80\t2001:db8::2#58239\n"
                        + "Local: 192.0.2.1#60477\t\t64:ff9b::5db8:d877#80\n"
                        + "---------------------------------\n"
                        + "(V4_FIN_V6_FIN_RCV) Expires in 3 minutes, 52 seconds\n"
                        + "Remote: 93.184.216.119#80\t2001:db8::2#58237\n"
                        + "Local: 192.0.2.1#6617\t\t64:ff9b::5db8:d877#80\n"
                        + "---------------------------------\n");
    }

    @Test
    void consoleResolvedIsTheSeedsFirstExample() {
        assertThat(render(SeedSessions.seedTcp(), SEED_NAMES, false, true))
                .isEqualTo("---------------------------------\n"
                        + "(V4_FIN_V6_FIN_RCV) Expires in 2 minutes, 57 seconds\n"
                        + "Remote: example.com#http\tipv6client.mx#58239\n"
                        + "Local: 192.0.2.1#60477\t\t64:ff9b::5db8:d877#80\n"
                        + "---------------------------------\n"
                        + "(V4_FIN_V6_FIN_RCV) Expires in 3 minutes, 52 seconds\n"
                        + "Remote: example.com#http\tipv6client.mx#58237\n"
                        + "Local: 192.0.2.1#6617\t\t64:ff9b::5db8:d877#80\n"
                        + "---------------------------------\n");
    }

    @Test
    void csvIsJoolsHeaderAndRowsWithTheStateForTcpOnly() {
        List<SessionView> sessions = List.of(
                SeedSessions.seedTcp().get(0),
                SeedSessions.followExample(L4Protocol.UDP, 299_028),
                SeedSessions.followExample(L4Protocol.ICMP, 60_000));
        assertThat(render(sessions, Names.NUMERIC, true, true))
                .isEqualTo("Protocol,IPv6 Remote Address,IPv6 Remote L4-ID,IPv6 Local Address,IPv6 Local L4-ID,"
                        + "IPv4 Local Address,IPv4 Local L4-ID,IPv4 Remote Address,IPv4 Remote L4-ID,Expires in,State\n"
                        + "TCP,2001:db8::2,58239,64:ff9b::5db8:d877,80,192.0.2.1,60477,93.184.216.119,80,"
                        + "0:02:57.044,V4_FIN_V6_FIN_RCV\n"
                        + "UDP,2001:db8::8,60927,64:ff9b::c000:208,1234,192.0.2.1,62806,192.0.2.8,1234,0:04:59.028\n"
                        + "ICMP,2001:db8::8,211,64:ff9b::c000:208,211,192.0.2.1,15308,192.0.2.8,15308,0:01:00\n");
    }

    @Test
    void csvWithoutHeadersAndResolvedRemoteSide() {
        assertThat(render(SeedSessions.seedTcp().subList(0, 1), SEED_NAMES, true, false))
                .isEqualTo("TCP,ipv6client.mx,58239,64:ff9b::5db8:d877,80,192.0.2.1,60477,example.com,http,"
                        + "0:02:57.044,V4_FIN_V6_FIN_RCV\n");
    }

    @Test
    void consoleUdpAndIcmpHaveNoStateAndIcmpIdsStayNumbers() {
        assertThat(render(List.of(SeedSessions.followExample(L4Protocol.ICMP, 57_512)), SEED_NAMES, false, false))
                .isEqualTo("---------------------------------\n"
                        + "Expires in 0 minutes, 57 seconds\n"
                        + "Remote: 192.0.2.8#15308\t2001:db8::8#211\n"
                        + "Local: 192.0.2.1#15308\t\t64:ff9b::c000:208#211\n"
                        + "---------------------------------\n");
    }

    @Test
    void anEmptyTableIsJustTheDashesOrTheHeader() {
        assertThat(render(List.of(), Names.NUMERIC, false, false)).isEqualTo("---------------------------------\n");
        assertThat(render(List.of(), Names.NUMERIC, true, true))
                .startsWith("Protocol,")
                .hasLineCount(1);
        assertThat(render(List.of(), Names.NUMERIC, true, false)).isEmpty();
    }

    @Test
    void hoursAppearOnlyWhenThereAreAny() {
        assertThat(Expiry.friendly(7_198_232)).isEqualTo("1 hours, 59 minutes, 58 seconds");
        assertThat(Expiry.friendly(177_044)).isEqualTo("2 minutes, 57 seconds");
        assertThat(Expiry.friendly(3_600_000)).isEqualTo("1 hours, 0 minutes, 0 seconds");
        assertThat(Expiry.friendly(999)).isEqualTo("0 minutes, 0 seconds");
    }
}
