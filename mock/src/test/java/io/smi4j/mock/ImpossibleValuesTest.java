package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.model.AnomalyTotal;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.VgpuInstance;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.nvml.Nvml;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values NVML answers that cannot be true are not available in the snapshot and are counted by function and kind. */
class ImpossibleValuesTest {

    /** {@code scenario} (frozen) with the {@code oddities} of each GPU's every vGPU, in every poll. */
    private static MockNvml odd(String scenario, FaultPlan.OddityKind... kinds) {
        Scenario s = Scenarios.create(scenario, 2);
        FaultPlan plan = FaultPlan.none();
        for (FaultPlan.OddityKind kind : kinds) {
            for (int g = 0; g < s.gpus().size(); g++) {
                plan = plan.with(FaultPlan.Oddity.always(kind, g, -1));
            }
        }
        return new MockNvml(s, 2, plan, true);
    }

    private static long total(HostSnapshot s, String function, AnomalyTotal.Kind kind) {
        return s.anomalyTotals().stream().filter(a -> a.function().equals(function) && a.kind() == kind)
                .mapToLong(AnomalyTotal::total).sum();
    }

    @Test
    void aVgpuUtilizationSampleOfAllOnesOrOverAHundredIsAbsentNotFourBillionPercentAndCounted() {
        // the first vGPU of GPU 0 answers 0xFFFFFFFF for SM and 808334905 for memory
        Nvml nvml = new MockNvml(Scenarios.create("vgpu-host", 2), 2, FaultPlan.none()
                .with(FaultPlan.Oddity.always(FaultPlan.OddityKind.SAMPLE_ALL_ONES, 0, 0))
                .with(FaultPlan.Oddity.always(FaultPlan.OddityKind.SAMPLE_OVER_HUNDRED, 0, 0)), true);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            HostSnapshot s = reader.read();
            List<VgpuInstance> vgpus = new ArrayList<>();
            s.gpus().forEach(g -> g.vgpuHost().ifPresent(h -> vgpus.addAll(h.vgpus())));
            VgpuInstance odd = vgpus.stream().filter(v -> Double.isNaN(v.smUtil())).findFirst().orElseThrow();
            assertTrue(Double.isNaN(odd.memUtil()), "808334905 percent is not available either");
            assertFalse(Double.isNaN(odd.encUtil()), "the sample's possible values stay");
            assertTrue(vgpus.stream().allMatch(v -> Double.isNaN(v.smUtil()) || v.smUtil() <= 100));
            long sentinels = total(s, "nvmlDeviceGetVgpuInstancesUtilizationInfo", AnomalyTotal.Kind.SENTINEL);
            assertTrue(sentinels >= 1, "counted: " + s.anomalyTotals());
            assertEquals(sentinels, total(s, "nvmlDeviceGetVgpuInstancesUtilizationInfo",
                    AnomalyTotal.Kind.PERCENT_OUT_OF_RANGE));
        }
    }

    @Test
    void aVgpuUsingMoreFramebufferThanItsTypeHasShowsNoUsageAndIsCounted() {
        Nvml nvml = odd("vgpu-host", FaultPlan.OddityKind.VGPU_FB_OVER_TYPE);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            HostSnapshot s = reader.read();
            long vgpus = 0;
            for (GpuInfo g : s.gpus()) {
                for (VgpuInstance v : g.vgpuHost().map(h -> h.vgpus()).orElse(List.of())) {
                    assertEquals(-1, v.fbUsedBytes(), "over its type's " + v.fbTotalBytes() + " bytes");
                    vgpus++;
                }
            }
            assertTrue(vgpus > 0);
            assertEquals(vgpus, total(s, "nvmlVgpuInstanceGetFbUsage", AnomalyTotal.Kind.USED_OVER_TOTAL));
        }
    }

    @Test
    void gpuMemoryUsedOverTotalAndAWrappedFreeAreAbsentAndCounted() {
        Nvml nvml = odd("bare-metal", FaultPlan.OddityKind.GPU_USED_OVER_TOTAL);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            HostSnapshot s = reader.read();
            GpuInfo g = s.gpus().get(0);
            assertEquals(-1, g.memoryUsedBytes());
            assertEquals(-1, g.memoryFreeBytes());
            assertTrue(g.memoryTotalBytes() > 0, "the total is possible");
            assertEquals(s.gpus().size(), total(s, "nvmlDeviceGetMemoryInfo_v2", AnomalyTotal.Kind.USED_OVER_TOTAL));
            assertEquals(s.gpus().size(), total(s, "nvmlDeviceGetMemoryInfo_v2", AnomalyTotal.Kind.FREE_UNDERFLOW));
        }
    }

    @Test
    void aSampleFromTheFutureIsDroppedCountedAndDoesNotMoveTheCursor() {
        Scenario scenario = Scenarios.create("vgpu-host", 2);
        FaultPlan plan = FaultPlan.none();
        for (int g = 0; g < scenario.gpus().size(); g++) {
            plan = plan.with(new FaultPlan.Oddity(FaultPlan.OddityKind.SAMPLE_IN_FUTURE, g, -1, 1, 2));
        }
        MockNvml mock = new MockNvml(scenario, 2, plan, false);
        try (NvmlGpuReader reader = new NvmlGpuReader(mock, 64)) {
            reader.read();
            HostSnapshot s = reader.read();
            s.gpus().forEach(g -> g.vgpuHost().ifPresent(h -> h.vgpus().forEach(v -> assertTrue(
                    Double.isNaN(v.smUtil()) && v.utilizationTimestampNs() == -1, "no sample from the future"))));
            assertTrue(total(s, "nvmlDeviceGetVgpuInstancesUtilizationInfo", AnomalyTotal.Kind.FUTURE_TIMESTAMP) > 0);
            // poll 3 answers the true samples: had the cursor jumped an hour ahead, they would all be older than it
            HostSnapshot after = reader.read();
            List<VgpuInstance> vgpus = new ArrayList<>();
            after.gpus().forEach(g -> g.vgpuHost().ifPresent(h -> vgpus.addAll(h.vgpus())));
            assertFalse(vgpus.isEmpty());
            assertTrue(vgpus.stream().allMatch(v -> v.utilizationAgePolls(after.sequence()) == 0
                    && !Double.isNaN(v.smUtil())),
                    "the cursor never jumped ahead");
        }
    }
}
