package io.nat64.streams.sync;

import io.nat64.core.instance.Instance;
import io.nat64.streams.sync.codec.SyncBatch;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Where a {@link ReplicationSource} merges the records of a valid datagram: normally a local instance. */
public interface MergeTarget {

    /**
     * Merges all of {@code batch}'s records at once (one task on the owner thread, not one per session) and
     * emits the tally; refuses the whole batch with {@link MergeTally#DISABLED} when ss-enabled is false.
     */
    Mono<MergeTally> merge(SyncBatch batch);

    /**
     * Merges several datagrams' batches, in order, and emits their tallies in the same order. The default merges
     * them one by one; an instance merges them all in one owner task.
     */
    default Mono<List<MergeTally>> mergeAll(List<SyncBatch> batches) {
        return Flux.fromIterable(batches).concatMap(this::merge).collectList();
    }

    /** Merges into {@code instance}'s tables through {@code BibTable.merge} (the later expiry wins). */
    static MergeTarget of(Instance instance) {
        return new InstanceMergeTarget(instance);
    }
}
