package io.nat64.bench;

import io.nat64.core.session.Session;
import io.nat64.core.session.SessionListener;
import io.nat64.core.session.SessionMutation;

/**
 * A listener that keeps the last 4096 mutations and probes, as a bounded sink would hold them until its
 * subscribers drained it, so that building them cannot be optimised away. Owner thread only.
 */
final class RingListener implements SessionListener {
    private static final int SIZE = 4096;

    private final Object[] ring = new Object[SIZE];
    private long count;

    @Override
    public boolean isListening() {
        return true;
    }

    @Override
    public void onMutation(SessionMutation mutation) {
        ring[(int) (count++ & (SIZE - 1))] = mutation;
    }

    @Override
    public void onProbe(Session session) {
        ring[(int) (count++ & (SIZE - 1))] = session;
    }
}
