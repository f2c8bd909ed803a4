package io.nat64.streams.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.TcpState;
import io.nat64.core.session.TimerType;
import io.nat64.streams.sync.codec.Decoded;
import io.nat64.streams.sync.codec.Rejection;
import io.nat64.streams.sync.codec.SyncBatch;
import io.nat64.streams.sync.codec.SyncCodec;
import io.nat64.streams.sync.codec.SyncRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Random datagrams, a million decoded and twenty thousand merged: no exception, nothing accepted that is not a
 * canonical encoding, no change to the tables. Four generators: random bytes; valid datagrams with a few
 * random bytes changed, cut or extended; our header with random records and a correct CRC (so the record
 * checks, not the CRC, are what is tested); Jool's attribute headers with random payloads. The valid templates'
 * mask lies outside the receiver's pool4: a change Jool's format cannot detect leaves a valid datagram, which
 * must still change nothing here. The seed is printed
 * and can be replayed with {@code -Dnat64.fuzz.seed=N}.
 */
class SyncFuzzTest {
    private static final long PEER = 0x0f00_0000_0000_0001L;
    private static final long SELF = 0x0f00_0000_0000_0002L;

    /** The templates' mask: outside the receiver's pool4, so what Jool's format cannot detect changes nothing. */
    private static final Ipv4Address OUTSIDE = Ipv4Address.parse("203.0.113.1");

    private final long seed = Long.getLong("nat64.fuzz.seed", System.nanoTime());
    private final SyncCodec ours = SyncCodec.nat64(SELF);
    private final SyncCodec peer = SyncCodec.nat64(PEER);
    private final SyncCodec jool = SyncCodec.jool();
    private final List<byte[]> valid = new ArrayList<>();

    SyncFuzzTest() {
        List<SyncRecord> records = new ArrayList<>();
        for (int i = 0; i < 36; i++) {
            records.add(new SyncRecord(
                    L4Protocol.values()[i % 3],
                    Nodes.client(i),
                    5000 + i,
                    OUTSIDE,
                    40000 + i,
                    Nodes.SERVER,
                    i % 3 == 2 ? 40000 + i : 80,
                    TcpState.ESTABLISHED,
                    TimerType.EST,
                    60_000 + i));
            if (i % 7 == 0) {
                valid.add(peer.encode(records));
                valid.add(jool.encode(records));
            }
        }
    }

    /** One random datagram of generator {@code kind} into {@code buf}; returns its length. */
    private int generate(SplittableRandom r, int kind, byte[] buf) {
        switch (kind) {
            case 0 -> {
                int len = r.nextInt(1600);
                fill(r, buf, 0, len);
                if (len >= 4 && r.nextBoolean()) { // sometimes with our magic, to get past the first check
                    buf[0] = 0x4e;
                    buf[1] = 0x36;
                    buf[2] = 0x34;
                    buf[3] = 0x53;
                    buf[4] = 1;
                }
                return len;
            }
            case 1 -> {
                byte[] v = valid.get(r.nextInt(valid.size()));
                int len = v.length;
                System.arraycopy(v, 0, buf, 0, len);
                for (int i = 1 + r.nextInt(4); i > 0; i--) {
                    buf[r.nextInt(len)] ^= (byte) (1 + r.nextInt(255));
                }
                int cut = r.nextInt(8);
                if (cut == 0) {
                    len = r.nextInt(len);
                } else if (cut == 1) {
                    int more = r.nextInt(80);
                    fill(r, buf, len, more);
                    len += more;
                }
                return len;
            }
            case 2 -> {
                int n = r.nextInt(40);
                int len = 20 + 36 * n + 4;
                fill(r, buf, 0, len);
                buf[0] = 0x4e;
                buf[1] = 0x36;
                buf[2] = 0x34;
                buf[3] = 0x53;
                buf[4] = 1;
                buf[5] = 0;
                buf[6] = (byte) (n >>> 8);
                buf[7] = (byte) n;
                for (int i = 0; i < n; i++) { // a plausible flags word half the time
                    if (r.nextBoolean()) {
                        buf[20 + 36 * i + 34] = 0;
                        buf[20 + 36 * i + 35] = (byte) (r.nextInt(3) << 5 | r.nextInt(7) << 2 | r.nextInt(3));
                    }
                }
                CRC32C crc = new CRC32C();
                crc.update(buf, 0, len - 4);
                int c = (int) crc.getValue();
                buf[len - 4] = (byte) (c >>> 24);
                buf[len - 3] = (byte) (c >>> 16);
                buf[len - 2] = (byte) (c >>> 8);
                buf[len - 1] = (byte) c;
                return len;
            }
            default -> {
                int n = 1 + r.nextInt(40);
                fill(r, buf, 0, n * 40);
                for (int i = 0; i < n; i++) {
                    buf[40 * i] = 40;
                    buf[40 * i + 1] = 0;
                    buf[40 * i + 2] = 1;
                    buf[40 * i + 3] = 0;
                    if (r.nextBoolean()) {
                        buf[40 * i + 38] = 0;
                        buf[40 * i + 39] = (byte) (r.nextInt(3) << 5 | r.nextInt(7) << 2 | r.nextInt(3));
                    }
                }
                return n * 40;
            }
        }
    }

    private static void fill(SplittableRandom r, byte[] buf, int from, int len) {
        int i = from;
        int end = from + len;
        while (i + 8 <= end) {
            long v = r.nextLong();
            for (int k = 0; k < 8; k++) {
                buf[i++] = (byte) (v >>> (8 * k));
            }
        }
        while (i < end) {
            buf[i++] = (byte) r.nextInt();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aMillionRandomDatagramsDecodeWithoutAnExceptionAndOnlyCanonicalOnesAreAccepted() {
        System.out.println("SyncFuzzTest seed " + seed + " (replay with -Dnat64.fuzz.seed=" + seed + ")");
        SplittableRandom r = new SplittableRandom(seed);
        byte[] buf = new byte[2048];
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < 1_000_000; i++) {
            int kind = i & 3;
            int len = generate(r, kind, buf);
            SyncCodec codec = kind == 3 || (kind == 1 && buf[0] == 40) ? jool : ours;
            Decoded d;
            try {
                d = codec.decode(buf, 0, len);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ", datagram " + i + ": " + e, e);
            }
            if (d instanceof SyncBatch b) {
                assertCanonical(codec, b, buf, len, i);
                outcomes.merge(kind + " accepted", 1, Integer::sum);
            } else {
                outcomes.merge(kind + " " + ((Rejection) d).reason(), 1, Integer::sum);
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("SyncFuzzTest: 1,000,000 datagrams in " + ms + " ms: " + outcomes);
        assertThat(outcomes.getOrDefault("0 accepted", 0)).isZero(); // random bytes never pass the CRC
        assertThat(outcomes.keySet()).contains("2 BAD_RECORD", "3 BAD_RECORD", "2 accepted", "3 accepted");
    }

    /** An accepted datagram re-encodes to exactly its own bytes: no two encodings mean the same thing. */
    private void assertCanonical(SyncCodec codec, SyncBatch b, byte[] buf, int len, int i) {
        if (b.records().isEmpty()) {
            assertThat(len).isEqualTo(24);
            return;
        }
        byte[] again = codec.encode(b.records());
        int from = codec == jool ? 0 : 20;
        int to = codec == jool ? len : len - 4;
        int againTo = codec == jool ? again.length : again.length - 4;
        assertThat(Arrays.copyOfRange(again, from, againTo))
                .as("seed %d, datagram %d", seed, i)
                .isEqualTo(Arrays.copyOfRange(buf, from, to));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void twentyThousandRandomDatagramsMergedChangeNothing() {
        SplittableRandom r = new SplittableRandom(seed + 1);
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Instance node = Nodes.node(vts, 3);
        try {
            Nodes.udpSessions(node, 1, 50);
            List<io.nat64.core.session.Session> before = Nodes.sessions(node);
            SyncStats stats = new SyncStats();
            ReplicationSource ourSource = ReplicationSource.create(ours, MergeTarget.of(node), stats);
            ReplicationSource joolSource = ReplicationSource.create(jool, MergeTarget.of(node), stats);
            byte[] buf = new byte[2048];
            Map<String, Long> results = new java.util.TreeMap<>();
            for (int i = 0; i < 20_000; i++) {
                int kind = i & 3;
                int len = generate(r, kind, buf);
                byte[] d = Arrays.copyOf(buf, len);
                (kind == 3 || (kind == 1 && d.length > 0 && d[0] == 40) ? joolSource : ourSource)
                        .accept(d)
                        .block();
            }
            assertThat(Nodes.sessions(node)).as("seed %d", seed + 1).isEqualTo(before);
            stats.snapshot().forEach((k, v) -> {
                if (v != 0) {
                    results.put(k.name(), v);
                }
            });
            System.out.println("SyncFuzzTest merge run: " + results);
            assertThat(stats.get(SyncCounter.MERGE_ADDED) + stats.get(SyncCounter.MERGE_UPDATED))
                    .isZero();
        } finally {
            node.shutdown().subscribe();
            vts.advanceTime();
            vts.dispose();
        }
    }
}
