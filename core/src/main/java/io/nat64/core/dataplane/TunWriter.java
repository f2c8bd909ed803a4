package io.nat64.core.dataplane;

import io.nat64.core.instance.PacketPath;
import io.nat64.core.tun.TunDevice;
import io.nat64.core.tun.TunException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PacketPath.Output} of an instance: copies each packet into one reused direct buffer and writes it to
 * queue 0 of the TUN device.
 *
 * <p>Threading: the owner thread only (it is the queue's one writer).
 */
final class TunWriter implements PacketPath.Output {
    private static final Logger log = LoggerFactory.getLogger(TunWriter.class);

    private final TunDevice tun;
    private final ByteBuffer buffer;
    private final StatCells stats;

    TunWriter(TunDevice tun, int bufferBytes, StatCells stats) {
        this.tun = tun;
        this.buffer = ByteBuffer.allocateDirect(bufferBytes);
        this.stats = stats;
    }

    @Override
    public void send(byte[] buf, int off, int len) {
        if (len > buffer.capacity()) {
            stats.inc(DataPlaneStat.TX_ERRORS);
            return;
        }
        buffer.put(0, buf, off, len);
        try {
            int n = tun.write(0, buffer, len);
            if (n > 0) {
                stats.inc(DataPlaneStat.TX_PACKETS);
                stats.add(DataPlaneStat.TX_BYTES, n);
            } else if (n == 0) {
                stats.inc(DataPlaneStat.TX_DROPPED);
            }
        } catch (TunException e) {
            stats.inc(DataPlaneStat.TX_ERRORS);
            long errors = stats.get(DataPlaneStat.TX_ERRORS);
            if (Long.bitCount(errors) == 1) {
                log.warn(
                        "write to {} failed (error #{}; logged at powers of two): {}",
                        tun.name(),
                        errors,
                        e.getMessage());
            }
        }
    }
}
