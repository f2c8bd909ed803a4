package io.nat64.core.tun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What can be checked without root or /dev/net/tun: argument checks and the sentences of the errors. */
class TunDeviceTest {

    @Test
    void nameOfSixteenCharactersIsRejectedBeforeTheKernelSeesIt() {
        assertThatThrownBy(() -> TunDevice.open("abcdefghijklmnop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than 15 characters");
    }

    @Test
    void namesWithSpaceSlashOrColonAreRejected() {
        for (String bad : new String[] {"a b", "a/b", "a:b", "..", "tün0"}) {
            assertThatThrownBy(() -> TunDevice.checkName(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void kernelNumberedAndEmptyNamesAreAccepted() {
        assertThatCode(() -> TunDevice.checkName("n64t%d")).doesNotThrowAnyException();
        assertThatCode(() -> TunDevice.checkName("")).doesNotThrowAnyException();
        assertThatCode(() -> TunDevice.checkName("abcdefghijklmno")).doesNotThrowAnyException();
    }

    @Test
    void queueCountOutsideOneTo256IsRejected() {
        assertThatThrownBy(() -> TunDevice.open("n64", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TunDevice.open("n64", 257))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("queues must be between 1 and 256, not 257");
    }

    @Test
    void permissionDeniedOnOpenAsksAboutRootAndCapNetAdmin() {
        TunException e = TunException.openTun(LibC.EACCES);

        assertThat(e.errno()).isEqualTo(13);
        assertThat(e)
                .hasMessage("cannot open /dev/net/tun: permission denied (are you root / CAP_NET_ADMIN?)"
                        + " [errno 13 EACCES]");
    }

    @Test
    void missingDeviceNodeSaysHowToCreateIt() {
        assertThat(TunException.openTun(LibC.ENOENT)).hasMessageContaining("mknod /dev/net/tun c 10 200");
    }

    @Test
    void busyDeviceNamesTheDeviceAndTheLikelyCause() {
        assertThat(TunException.setIff("n64tun0", false, LibC.EBUSY))
                .hasMessage("cannot create or attach TUN device 'n64tun0': the device is busy (a single-queue TUN"
                        + " device already open by another process?) [errno 16 EBUSY]");
    }

    @Test
    void multiQueueMismatchExplainsWhichWay() {
        assertThat(TunException.setIff("n64tun0", true, LibC.EINVAL))
                .hasMessageContaining("created without multi-queue");
    }

    @Test
    void unknownErrnoFallsBackToTheLibcSentence() {
        assertThat(TunException.io("read a packet from", "n64tun0", 0, 28))
                .hasMessage("cannot read a packet from TUN device 'n64tun0' queue 0: no space left on device"
                        + " [errno 28]");
    }

    @Test
    void nativeLoadFailureSaysHowToWorkAroundANoexecTmp() {
        TunException e = TunException.nativeAccess(new UnsatisfiedLinkError("Failed to create temporary file"));

        assertThat(e.errno()).isZero();
        assertThat(e).hasMessageContaining("cannot reach libc through JNA").hasMessageContaining("-Djna.tmpdir=");
    }
}
