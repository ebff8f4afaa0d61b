package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.Collector;
import io.smi4j.collect.CollectorOptions;
import io.smi4j.collect.GpuReader;
import io.smi4j.model.AnomalyTotal;
import io.smi4j.model.GpuHealth;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.model.VgpuInstance;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The faulty-host preset, as tools open it, shows a GPU not opened, a lost GPU, a failing list and impossible values. */
class FaultyHostPresetTest {

    private static long anomalies(HostSnapshot s, AnomalyTotal.Kind kind) {
        return s.anomalyTotals().stream().filter(a -> a.kind() == kind).mapToLong(AnomalyTotal::total).sum();
    }

    @Test
    void everyFaultOfThePresetShowsAsWhatItIsWhileTheHealthyPartsReadNormally() {
        List<HostSnapshot> polls = new ArrayList<>();
        try (GpuReader reader = Collector.openReader(CollectorOptions.defaults().withMock("faulty-host"))) {
            for (int i = 0; i < 7; i++) {
                polls.add(reader.read());
            }
        }
        String gpu3Uuid = polls.get(0).gpus().get(3).uuid();
        assertFalse(gpu3Uuid.isEmpty(), "GPU 3 was read in poll 1");
        for (int i = 0; i < polls.size(); i++) {
            HostSnapshot s = polls.get(i);
            int poll = i + 1;
            String at = "poll " + poll + ": " + s.statusDetail();
            assertEquals(HostStatus.DEGRADED, s.status(), at);
            GpuInfo unopened = s.gpus().get(1);
            assertEquals(GpuHealth.State.UNAVAILABLE, unopened.health().state(), at);
            assertEquals("", unopened.uuid(), "nothing identifies a GPU that cannot be opened");
            assertTrue(s.statusDetail().contains("GPU 1 unavailable"), at);
            if (poll >= 2) {
                GpuInfo lost = s.gpus().get(3);
                assertEquals(GpuHealth.State.LOST, lost.health().state(), at);
                assertEquals(gpu3Uuid, lost.uuid(), "its identity as read before");
                assertTrue(lost.vgpuHost().isEmpty(), "no readings of a lost GPU");
            }
            GpuInfo listing = s.gpus().get(2);
            assertEquals(poll % 3 == 0, listing.health().stale(GpuHealth.ListKind.VGPUS), at);
            assertFalse(listing.vgpuHost().orElseThrow().vgpus().isEmpty(), "a failed list is not an empty one");
            if (poll % 3 == 0) {
                // the last list read, its vGPUs read one by one: one whose VM stopped since answers NOT_FOUND
                List<Long> before = polls.get(i - 1).gpus().get(2).vgpuHost().orElseThrow().vgpus().stream()
                        .map(VgpuInstance::id).toList();
                List<Long> shown = listing.vgpuHost().orElseThrow().vgpus().stream().map(VgpuInstance::id).toList();
                assertTrue(before.containsAll(shown) && shown.size() >= before.size() - 2,
                        "the last list read: " + before + " shows as " + shown);
            }
            List<VgpuInstance> odd = s.gpus().get(0).vgpuHost().orElseThrow().vgpus();
            assertTrue(Double.isNaN(odd.get(0).smUtil()), "an all-ones sample is no 4.29e9 percent");
            assertEquals(-1, odd.get(1).fbUsedBytes(), "more framebuffer than its type has is not shown");
            assertTrue(odd.stream().skip(2).allMatch(v -> v.fbUsedBytes() >= 0), "the others read normally");
            assertEquals(GpuHealth.State.OK, s.gpus().get(0).health().state(), "impossible values are no failed calls");
            // a sample comes when the simulation made a newer one (polled fast, not every poll); FB usage every poll
            long sentinels = anomalies(s, AnomalyTotal.Kind.SENTINEL);
            assertTrue(sentinels >= 1 && sentinels <= poll, "all-ones samples counted: " + sentinels);
            assertEquals(poll, anomalies(s, AnomalyTotal.Kind.USED_OVER_TOTAL), "one FB over its type per poll");
        }
    }
}
