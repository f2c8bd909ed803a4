package io.nat64.streams.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.nat64.core.session.MergeResult;
import io.nat64.core.stats.Stat;
import io.nat64.streams.sync.codec.RejectReason;
import org.junit.jupiter.api.Test;

class SyncCounterTest {
    @Test
    void everyRejectionReasonAndMergeResultHasItsOwnCounter() {
        for (RejectReason r : RejectReason.values()) {
            assertThat(SyncCounter.rejected(r).name()).isEqualTo("REJECTED_" + r.name());
        }
        for (MergeResult r : MergeResult.values()) {
            assertThat(SyncCounter.merged(r).name()).isEqualTo("MERGE_" + r.name());
        }
    }

    @Test
    void joolsCountersKeepJoolsNames() {
        for (SyncCounter c : SyncCounter.values()) {
            Stat s = c.joolStat();
            if (s != null) {
                assertThat(s.joolName()).isEqualTo("JSTAT_JOOLD_" + c.name());
            }
        }
        assertThat(SyncCounter.SSS_ENOSPC.joolStat()).isEqualTo(Stat.JOOLD_SSS_ENOSPC);
    }

    @Test
    void statsAddUpAndPrintOnlyWhatIsNotZero() {
        SyncStats s = new SyncStats();
        s.inc(SyncCounter.PKT_SENT);
        s.add(SyncCounter.SSS_SENT, 36);
        s.add(SyncCounter.SSS_RCVD, 0);
        assertThat(s.get(SyncCounter.SSS_SENT)).isEqualTo(36);
        assertThat(s.snapshot()).containsEntry(SyncCounter.PKT_SENT, 1L).containsEntry(SyncCounter.ADS, 0L);
        assertThat(s).hasToString("SyncStats{SSS_SENT=36, PKT_SENT=1}");
    }
}
