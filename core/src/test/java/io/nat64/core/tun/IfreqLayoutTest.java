package io.nat64.core.tun;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IfreqLayoutTest {

    @Test
    void ifreqIsFortyBytesAsOnLp64Linux() {
        assertThat(new LibC.Ifreq("n64", (short) 0).size()).isEqualTo(40);
    }

    @Test
    void flagsSitAtOffsetSixteenInNativeMemory() {
        short flags = (short) (LibC.IFF_TUN | LibC.IFF_NO_PI | LibC.IFF_MULTI_QUEUE);
        LibC.Ifreq ifr = new LibC.Ifreq("n64tun0", flags);
        ifr.write();

        assertThat(ifr.flagsOffset()).isEqualTo(16);
        assertThat(ifr.getPointer().getShort(16)).isEqualTo((short) 0x1101);
        assertThat(ifr.getPointer().getString(0)).isEqualTo("n64tun0");
    }

    @Test
    void tunSetIffIsIowOfTWith202AndAnIntArgument() {
        long iow = (1L << 30) | (4L << 16) | ('T' << 8) | 202;

        assertThat(LibC.TUNSETIFF).isEqualTo(iow).isEqualTo(0x400454caL);
    }

    @Test
    void nameReadBackStopsAtTheFirstNulAndKeepsRoomForIt() {
        LibC.Ifreq ifr = new LibC.Ifreq("abcdefghijklmnopq", (short) 0);

        assertThat(ifr.name()).isEqualTo("abcdefghijklmno");
        assertThat(ifr.ifr_name[15]).isZero();
    }
}
