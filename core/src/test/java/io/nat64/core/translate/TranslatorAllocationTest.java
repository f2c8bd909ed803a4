package io.nat64.core.translate;

import static io.nat64.core.translate.Fixture.DST4;
import static io.nat64.core.translate.Fixture.DST6;
import static io.nat64.core.translate.Fixture.PORT;
import static io.nat64.core.translate.Fixture.SRC4;
import static io.nat64.core.translate.Fixture.SRC4_PORT;
import static io.nat64.core.translate.Fixture.SRC6;
import static io.nat64.core.translate.Fixture.SRC6_PORT;
import static io.nat64.core.translate.Fixture.high;
import static io.nat64.core.translate.Fixture.low;
import static io.nat64.core.translate.Fixture.v4;
import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.packet.PacketBuilder;
import io.nat64.core.packet.PacketInfo;
import io.nat64.core.packet.PacketParser;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The per-packet path (parse, translate, ICMP error, probe) allocates nothing, measured per thread. */
class TranslatorAllocationTest {

    private final Translator translator = Translator.create(Fixture.POOL6, 3);
    private final IcmpErrors errors = IcmpErrors.create();
    private final TranslationGlobals g = TranslationGlobals.defaults();
    private final PacketInfo info = new PacketInfo();
    private final byte[] out = new byte[2048];
    private final byte[] tcp6 =
            PacketBuilder.ipv6(SRC6, DST6).tcp(SRC6_PORT, PORT, 2).payload(100).build();
    private final byte[] echo4 =
            PacketBuilder.ipv4(DST4, SRC4).echo(false, SRC4_PORT, 1).payload(56).build();
    private final byte[] error4 = PacketBuilder.ipv4("198.51.100.9", SRC4)
            .icmp(
                    11,
                    0,
                    0,
                    PacketBuilder.ipv4(SRC4, DST4)
                            .udp(SRC4_PORT, PORT)
                            .payload(30)
                            .build())
            .build();
    private final byte[] error6 = PacketBuilder.ipv6(SRC6, DST6)
            .icmp(
                    1,
                    4,
                    0,
                    PacketBuilder.ipv6(DST6, SRC6)
                            .udp(PORT, SRC6_PORT)
                            .payload(30)
                            .build())
            .build();
    private final int src4 = v4(SRC4);
    private final long dst6High = high(DST6);
    private final long dst6Low = low(DST6);
    private final long src6High = high(SRC6);
    private final long src6Low = low(SRC6);
    private long sink;

    private void once() {
        PacketParser.parse6(tcp6, 0, tcp6.length, info);
        sink += translator.translate6to4(tcp6, 0, tcp6.length, info, 1, 2, 3, 4, out, 0, g);
        PacketParser.parse6(error6, 0, error6.length, info);
        sink += translator.translate6to4(error6, 0, error6.length, info, 1, 2, 3, 4, out, 0, g);
        PacketParser.parse4(echo4, 0, echo4.length, info);
        sink += translator.translate4to6(echo4, 0, echo4.length, info, 1, 2, 3, 4, 5, 6, out, 0, g);
        PacketParser.parse4(error4, 0, error4.length, info);
        sink += translator.translate4to6(error4, 0, error4.length, info, 1, 2, 3, 4, 5, 6, out, 0, g);
        sink += errors.toIpv6(Icmp6Error.TIME_EXCEEDED, 0, tcp6, 0, tcp6.length, 1, 2, out, 0);
        sink += errors.toIpv4(Icmp4Error.PORT_UNREACHABLE, 0, echo4, 0, echo4.length, src4, out, 0);
        sink += TcpProbe.write(dst6High, dst6Low, 80, src6High, src6Low, 1, out, 0);
    }

    @Test
    void thePacketPathAllocatesNothing() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean)
                || !bean.isThreadAllocatedMemorySupported()) {
            Assumptions.abort("per-thread allocation counters are not available on this JVM");
            return;
        }
        for (int i = 0; i < 20_000; i++) {
            once();
        }
        long thread = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 20_000; i++) {
            once();
        }
        long allocated = bean.getThreadAllocatedBytes(thread) - before;

        assertThat(sink).isPositive();
        assertThat(allocated).as("bytes allocated by 20,000 rounds").isLessThan(1024);
    }
}
