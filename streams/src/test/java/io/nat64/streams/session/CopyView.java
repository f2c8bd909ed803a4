package io.nat64.streams.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.addr.L4Protocol;
import io.nat64.core.instance.Instance;
import io.nat64.core.session.Session;
import io.nat64.core.session.SessionMutation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a peer rebuilds from a stream of mutations: the last copy of each session, removals applied. */
final class CopyView {
    private final Map<String, Session> copies = new HashMap<>();
    private long updates;

    /** Applies {@code m} (from one thread at a time). */
    synchronized void apply(SessionMutation m) {
        String key = Nat.key(m.session());
        if (m.kind() == SessionMutation.Kind.REMOVED) {
            copies.remove(key);
        } else {
            copies.put(key, m.session());
        }
        if (m.kind() != SessionMutation.Kind.ADDED) {
            updates++;
        }
    }

    /** Mutations applied that were not creations (state changes, refreshes, removals). */
    synchronized long updates() {
        return updates;
    }

    /** Every session of the instance's three tables, read on its owner now. */
    static List<Session> table(Instance nat) {
        List<Session> all = new ArrayList<>();
        for (L4Protocol p : SessionAdvertise.ORDER) {
            all.addAll(nat.sessions(p).block());
        }
        return all;
    }

    /** Differences between the copies and {@code table}: missing, extra, or in another state; empty when none. */
    synchronized List<String> differences(List<Session> table) {
        List<String> out = new ArrayList<>();
        Map<String, Session> rest = new HashMap<>(copies);
        for (Session s : table) {
            Session copy = rest.remove(Nat.key(s));
            if (copy == null) {
                out.add("missing " + s);
            } else if (copy.state() != s.state() || copy.timer() != s.timer()) {
                out.add("stale state " + copy + " vs " + s);
            } else if (copy.expiresAt() > s.expiresAt()) {
                out.add("copy outlives " + copy + " vs " + s);
            }
        }
        rest.values().forEach(s -> out.add("extra " + s));
        return out;
    }

    /** Asserts the copies match {@code table} (states equal, never a later expiry than the original). */
    void assertMatches(List<Session> table) {
        assertThat(differences(table)).isEmpty();
    }
}
