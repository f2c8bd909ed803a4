package io.nat64.core.session;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.config.Globals;
import io.nat64.core.pool.Pool4;
import io.nat64.core.pool.Pool6;

/**
 * The BIB and session tables of one instance, one {@link BibTable} per protocol, with masks from the
 * instance's pool4 (Jool's {@code struct bib}). Owner thread only.
 */
public final class SessionDb {
    private final BibTable[] tables = new BibTable[L4Protocol.values().length];

    /** Tables over {@code pool6} and {@code pool4}; {@code seed} salts every hash index. */
    public SessionDb(Pool6 pool6, Pool4 pool4, Globals globals, SessionListener listener, long seed) {
        for (L4Protocol p : L4Protocol.values()) {
            MaskAllocator masks = new MaskAllocator() {
                @Override
                public long allocate(
                        long src6High,
                        long src6Low,
                        int src6Port,
                        long dst6High,
                        long dst6Low,
                        int dst6Port,
                        Pool4.Occupancy taken) {
                    return pool4.allocate(p, src6High, src6Low, src6Port, dst6High, dst6Low, dst6Port, taken);
                }

                @Override
                public long capacity() {
                    return pool4.transportAddressCount(p);
                }

                @Override
                public boolean contains(int addr, int port) {
                    return pool4.contains(p, addr, port);
                }
            };
            tables[p.ordinal()] = new BibTable(p, pool6, masks, globals, listener, seed + 31L * p.ordinal());
        }
    }

    /** The table of {@code protocol}. */
    public BibTable table(L4Protocol protocol) {
        return tables[protocol.ordinal()];
    }

    /** Applies new globals to every table. */
    public void setGlobals(Globals globals) {
        for (BibTable t : tables) {
            t.setGlobals(globals);
        }
    }

    /** Runs expiry on every table with a shared work budget; returns the work done (see {@link BibTable#expire}). */
    public int expire(long now, int budget) {
        int used = 0;
        for (BibTable t : tables) {
            used += t.expire(now, budget - used);
            if (used >= budget) {
                break;
            }
        }
        return used;
    }

    /** Sessions in every table. */
    public long sessionCount() {
        long n = 0;
        for (BibTable t : tables) {
            n += t.sessionCount();
        }
        return n;
    }

    /** BIB entries in every table. */
    public long bibCount() {
        long n = 0;
        for (BibTable t : tables) {
            n += t.bibCount();
        }
        return n;
    }

    /** Removes the entries whose masks left pool4, in every table; returns how many. */
    public int evictOutsidePool4(long now) {
        int n = 0;
        for (BibTable t : tables) {
            n += t.evictOutsidePool4(now);
        }
        return n;
    }

    /** Empties every table. */
    public void flush(long now) {
        for (BibTable t : tables) {
            t.flush(now);
        }
    }
}
