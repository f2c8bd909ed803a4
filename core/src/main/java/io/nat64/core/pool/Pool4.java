package io.nat64.core.pool;

import io.nat64.core.addr.Ipv4Address;
import io.nat64.core.addr.Ipv4Prefix;
import io.nat64.core.addr.L4Protocol;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * pool4: the IPv4 transport addresses (address, port) a NAT64 masks IPv6 clients behind, per protocol, and
 * the RFC 6056 algorithm 3 allocation of a mask for a new BIB entry, as Jool does it.
 *
 * <p>Single writer: the instance's owner thread makes every call, queries included ({@link #allocate} uses
 * a scratch buffer and the {@code next_ephemeral} counter). Other threads ask the owner thread.
 *
 * <p>A transport address travels packed in a {@code long}: {@code (address & 0xffffffffL) << 16 | port}
 * ({@link #pack}); packed values order by address (unsigned), then port, which is pool4's iteration order.
 *
 * <p>F() is SipHash-2-4 with a 128-bit secret where Jool uses MD5 with a 128-byte secret: SipHash is a keyed
 * PRF made for short inputs, so the tuple (at most 36 bytes) costs a handful of 64-bit rounds and no
 * allocation, where MD5 through {@code MessageDigest} needs a digest object and three 64-byte block compressions
 * for tuple plus secret; session creation targets 2 M/s. Masks therefore differ from Jool's for the same flow,
 * as they already differ between two Jool nodes. Fields are hashed in network byte order (Jool: native), and
 * {@code next_ephemeral} is one counter per pool4, shared by its protocols (Jool: one per kernel module).
 *
 * <pre>{@code
 * Pool4 pool4 = Pool4.withRandomSecret();
 * pool4.add(Pool4Entry.of(L4Protocol.TCP, Ipv4Prefix.parse("192.0.2.0/30")));
 * long mask = pool4.allocate(L4Protocol.TCP, srcHigh, srcLow, srcPort, dstHigh, dstLow, dstPort, bib::isTaken);
 * }</pre>
 */
public final class Pool4 {

    /** Jool's default {@code f-args}: source address, destination address and port; not the source port. */
    public static final int DEFAULT_F_ARGS = 0b1011;
    /** {@code f-args} bit: hash the IPv6 source address. */
    public static final int F_ARGS_SRC_ADDRESS = 0b1000;
    /** {@code f-args} bit: hash the IPv6 source port. */
    public static final int F_ARGS_SRC_PORT = 0b0100;
    /** {@code f-args} bit: hash the IPv6 destination address. */
    public static final int F_ARGS_DST_ADDRESS = 0b0010;
    /** {@code f-args} bit: hash the IPv6 destination port. */
    public static final int F_ARGS_DST_PORT = 0b0001;

    static final long MAX_TRANSPORT_ADDRESS = (1L << 48) - 1;

    /** F()'s fields go in network byte order with one store each: eight byte stores read back as one long stall. */
    private static final VarHandle BIG_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** Whether a candidate mask is in use; the BIB answers it from its IPv4 index. */
    @FunctionalInterface
    public interface Occupancy {
        /** Whether transport address {@code addr}#{@code port} already masks some BIB entry. */
        boolean isTaken(int addr, int port);
    }

    private final Pool4Table[] tables = {new Pool4Table(), new Pool4Table(), new Pool4Table()};
    private final long secretK0;
    private final long secretK1;
    private final byte[] scratch = new byte[36];
    private int fArgs = DEFAULT_F_ARGS;
    private MaxIterations maxIterations = MaxIterations.AUTO;
    private long nextEphemeral;

    /** An empty pool4 whose F() is keyed by the 128-bit secret {@code secretK0, secretK1}. */
    public Pool4(long secretK0, long secretK1) {
        this.secretK0 = secretK0;
        this.secretK1 = secretK1;
    }

    /** An empty pool4 with a secret drawn once from {@link SecureRandom}, as Jool draws one at module load. */
    public static Pool4 withRandomSecret() {
        SecureRandom random = new SecureRandom();
        return new Pool4(random.nextLong(), random.nextLong());
    }

    /** Packs a transport address: {@code (addr & 0xffffffffL) << 16 | port}. */
    public static long pack(int addr, int port) {
        return (addr & 0xffffffffL) << 16 | (port & 0xffff);
    }

    /** The address bits of a packed transport address. */
    public static int addressOf(long taddr) {
        return (int) (taddr >>> 16);
    }

    /** The port of a packed transport address. */
    public static int portOf(long taddr) {
        return (int) taddr & 0xffff;
    }

    /** Adds the entry's port range to each of its addresses, fusing ranges; whether anything was new. */
    public boolean add(Pool4Entry entry) {
        return table(entry.protocol()).add(entry.prefix(), entry.minPort(), entry.maxPort());
    }

    /** Removes the entry's port range from each of its addresses, splitting ranges; whether anything went. */
    public boolean remove(Pool4Entry entry) {
        return table(entry.protocol()).remove(entry.prefix(), entry.minPort(), entry.maxPort());
    }

    /** Empties pool4 for every protocol. */
    public void flush() {
        for (Pool4Table table : tables) {
            table.flush();
        }
    }

    /** The rows of {@code protocol}, one per address and fused range, by address then port. */
    public List<Pool4Entry> entries(L4Protocol protocol) {
        Pool4Table table = table(protocol);
        List<Pool4Entry> entries = new ArrayList<>(table.rows());
        for (int row = 0; row < table.rows(); row++) {
            Ipv4Prefix address = new Ipv4Prefix(new Ipv4Address(addressOf(table.first(row))), 32);
            entries.add(new Pool4Entry(protocol, address, portOf(table.first(row)), portOf(table.last(row))));
        }
        return Collections.unmodifiableList(entries);
    }

    /** Whether {@code addr}#{@code port} belongs to pool4 of {@code protocol}; O(log n). */
    public boolean contains(L4Protocol protocol, int addr, int port) {
        return port >= 0 && port <= 0xffff && table(protocol).contains(pack(addr, port));
    }

    /** The number of transport addresses of {@code protocol}. */
    public long transportAddressCount(L4Protocol protocol) {
        return table(protocol).count();
    }

    /** Whether pool4 holds no transport address of {@code protocol}. */
    public boolean isEmpty(L4Protocol protocol) {
        return table(protocol).count() == 0;
    }

    /** The packed transport address after {@code after} ({@code -1}: the first), or -1 past the last. */
    public long next(L4Protocol protocol, long after) {
        return table(protocol).next(after);
    }

    /** The {@code f-args} bit mask: which IPv6 tuple fields F() hashes. */
    public int fArgs() {
        return fArgs;
    }

    /** Sets {@code f-args}, 0 to 15: bit 3 source address, 2 source port, 1 destination address, 0 its port. */
    public void setFArgs(int fArgs) {
        if (fArgs < 0 || fArgs > 15) {
            throw new IllegalArgumentException("f-args is a 4-bit mask (0 to 15), not " + fArgs);
        }
        this.fArgs = fArgs;
    }

    /** The cap on candidates probed per allocation. */
    public MaxIterations maxIterations() {
        return maxIterations;
    }

    /** Sets the cap on candidates probed per allocation. */
    public void setMaxIterations(MaxIterations maxIterations) {
        this.maxIterations = maxIterations;
    }

    /**
     * Chooses a free mask for a new BIB entry of IPv6 source {@code src6}, talking to {@code dst6}: RFC 6056
     * algorithm 3, as Jool's {@code mask_domain_find}/{@code mask_domain_next}.
     *
     * <p>The first candidate is the {@code (F(tuple) + next_ephemeral) mod count}-th transport address in
     * iteration order; then port+1, the next range, wrapping to the first. It stops at the first candidate
     * {@code taken} does not hold, or after {@code count} or {@code max-iterations} candidates; either way
     * {@code next_ephemeral} grows by the candidates tried. Ports are 16-bit; higher bits are ignored.
     * Allocates nothing. An empty pool4 gives -1: Jool's fallback to the routing source address is the
     * caller's business.
     *
     * @return the packed mask, or -1 when pool4 of {@code protocol} is empty or no candidate tried was free
     */
    public long allocate(
            L4Protocol protocol,
            long src6High,
            long src6Low,
            int src6Port,
            long dst6High,
            long dst6Low,
            int dst6Port,
            Occupancy taken) {
        Pool4Table table = table(protocol);
        long count = table.count();
        if (count == 0) {
            return -1;
        }
        long offset = f(src6High, src6Low, src6Port, dst6High, dst6Low, dst6Port) + nextEphemeral;
        long index = Long.remainderUnsigned(offset, count);
        long limit = maxIterations.candidates(count);
        int row = table.rowOf(index);
        long candidate = table.at(row, index);
        long last = table.last(row);
        long tried = 0;
        while (tried < limit) {
            tried++;
            if (!taken.isTaken(addressOf(candidate), portOf(candidate))) {
                nextEphemeral += tried;
                return candidate;
            }
            if (candidate < last) {
                candidate++;
            } else {
                row = row + 1 == table.rows() ? 0 : row + 1;
                candidate = table.first(row);
                last = table.last(row);
            }
        }
        nextEphemeral += tried;
        return -1;
    }

    /** F(): SipHash-2-4 over the fields {@code f-args} selects, in network byte order, in Jool's order. */
    long f(long src6High, long src6Low, int src6Port, long dst6High, long dst6Low, int dst6Port) {
        int length = 0;
        if ((fArgs & F_ARGS_SRC_ADDRESS) != 0) {
            length = putLong(length, src6High);
            length = putLong(length, src6Low);
        }
        if ((fArgs & F_ARGS_SRC_PORT) != 0) {
            length = putShort(length, src6Port);
        }
        if ((fArgs & F_ARGS_DST_ADDRESS) != 0) {
            length = putLong(length, dst6High);
            length = putLong(length, dst6Low);
        }
        if ((fArgs & F_ARGS_DST_PORT) != 0) {
            length = putShort(length, dst6Port);
        }
        return SipHash.hash(secretK0, secretK1, scratch, 0, length);
    }

    private int putLong(int at, long value) {
        BIG_ENDIAN_LONG.set(scratch, at, value);
        return at + 8;
    }

    private int putShort(int at, int value) {
        scratch[at] = (byte) (value >>> 8);
        scratch[at + 1] = (byte) value;
        return at + 2;
    }

    private Pool4Table table(L4Protocol protocol) {
        return tables[protocol.ordinal()];
    }
}
