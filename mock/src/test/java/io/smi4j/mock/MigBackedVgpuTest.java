package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.GpuInstanceVgpuType;
import io.smi4j.model.GpuInstanceVgpus;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.MigBackedVgpu;
import io.smi4j.model.RunlistShare;
import io.smi4j.model.SchedulerPolicy;
import io.smi4j.model.Toggle;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.nvml.NvmlFunction;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The collector reads MIG-backed vGPU (the R575 GPU instance calls) into {@link VgpuHostInfo#migBackedVgpu()}: the
 * values of {@link MigBackedScenario} written out by hand, and, on drivers without those calls, nothing and no error.
 */
class MigBackedVgpuTest {

    /** What {@link MigBackedScenario}'s first snapshot holds of MIG-backed vGPU, value by value. */
    static void assertMigBackedValues(HostSnapshot s) {
        VgpuHostInfo host = s.gpus().get(0).vgpuHost().orElseThrow();
        MigBackedVgpu mb = host.migBackedVgpu().orElseThrow();
        assertEquals(List.of(1L, 2L, 3L), mb.gpuInstances().stream().map(GpuInstanceVgpus::gpuInstanceId).toList());
        assertEquals(List.of(9L, 14L, 14L),
                mb.gpuInstances().stream().map(GpuInstanceVgpus::gpuInstanceProfileId).toList());
        // the GPU-level scheduler does not answer in MIG mode
        assertTrue(host.schedulerState().isEmpty());

        GpuInstanceVgpus one = mb.gpuInstance(1).orElseThrow();
        assertEquals(SchedulerPolicy.FIXED_SHARE, one.schedulerState().orElseThrow().policy());
        assertEquals(0.002, one.schedulerState().orElseThrow().params().timesliceSeconds(), 1e-12);
        assertEquals(Toggle.OFF, one.heterogeneousMode());
        assertEquals(List.of(0xE000_0001L, 0xE000_0002L), one.vgpuIds());
        assertEquals(List.of(new GpuInstanceVgpuType(711, "NVIDIA A100-3-10C", 2, false, -1, List.of(), 2, 0)),
                one.types());
        assertEquals(8, one.recentLogEntries().size());
        assertEquals(8, one.logEntriesTotal());
        // two runlists, four entries of 1.5 ms each: half the run time each, weights 2 and 1 (the v2 log)
        assertEquals(List.of(new RunlistShare(0, 0.5, 0.006, 4, 2), new RunlistShare(1, 0.5, 0.006, 4, 1)),
                one.runlistShares().stream().map(MigBackedVgpuTest::rounded).toList());
        assertEquals(List.of(0xE000_0001L, 0xE000_0002L),
                MigBackedVgpu.vgpusOf(host, one).stream().map(v -> v.id()).toList());

        GpuInstanceVgpus two = mb.gpuInstance(2).orElseThrow();
        assertEquals(SchedulerPolicy.EQUAL_SHARE, two.schedulerState().orElseThrow().policy());
        assertEquals(List.of(0xE000_0003L), two.vgpuIds());
        // 2 per instance, one running, one placement free: one more
        assertEquals(List.of(new GpuInstanceVgpuType(712, "NVIDIA A100-2-5C", 2, true, 1, List.of(1L), 1, 1)),
                two.types());
        assertEquals(List.of(new RunlistShare(0, 1.0, 0.006, 4, 2)),
                two.runlistShares().stream().map(MigBackedVgpuTest::rounded).toList());

        GpuInstanceVgpus three = mb.gpuInstance(3).orElseThrow();
        assertEquals(List.of(), three.vgpuIds());
        assertEquals(List.of(new GpuInstanceVgpuType(712, "NVIDIA A100-2-5C", 2, true, 1, List.of(0L, 1L), 0, 2)),
                three.types());
        assertEquals(List.of(), three.recentLogEntries());
        assertEquals(List.of(), three.runlistShares());
        for (GpuInfo g : s.gpus().subList(1, s.gpus().size())) {
            assertTrue(g.vgpuHost().flatMap(VgpuHostInfo::migBackedVgpu).isEmpty(), "GPU " + g.index());
        }
    }

    private static RunlistShare rounded(RunlistShare r) {
        return new RunlistShare(r.swRunlistId(), Math.round(r.share() * 1e9) / 1e9,
                Math.round(r.timeRunSeconds() * 1e9) / 1e9, r.entries(), r.weight());
    }

    @Test
    void theSecondPollCountsOnlyNewLogEntriesAndKeepsTheCapacity() {
        try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.frozen(MigBackedScenario.create()), 2)) {
            HostSnapshot first = reader.read();
            HostSnapshot second = reader.read();
            assertEquals(List.of(), second.errors());
            GpuInstanceVgpus before = first.gpus().get(0).vgpuHost().orElseThrow().migBackedVgpu().orElseThrow()
                    .gpuInstance(1).orElseThrow();
            GpuInstanceVgpus after = second.gpus().get(0).vgpuHost().orElseThrow().migBackedVgpu().orElseThrow()
                    .gpuInstance(1).orElseThrow();
            assertEquals(8, after.logEntriesTotal());
            assertEquals(List.of(), after.logEntriesSince(java.util.Optional.of(before)));
            assertEquals(before.types(), after.types());
        }
    }

    @Test
    void anUnchangedMigBackedHostKeepsItsTypeListWithTheCapacitySummedOverItsGpuInstances() {
        try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.frozen(MigBackedScenario.create()), 2)) {
            reader.read();
            VgpuHostInfo second = reader.read().gpus().get(0).vgpuHost().orElseThrow();
            VgpuHostInfo third = reader.read().gpus().get(0).vgpuHost().orElseThrow();
            assertSame(second.types(), third.types(), "nothing changed: the same list, not records made again");
            for (io.smi4j.model.VgpuTypeInfo t : third.types()) {
                long sum = 0;
                boolean offered = false;
                for (GpuInstanceVgpus gi : third.migBackedVgpu().orElseThrow().gpuInstances()) {
                    for (GpuInstanceVgpuType it : gi.types()) {
                        if (it.typeId() == t.typeId()) {
                            offered = true;
                            sum = sum < 0 || it.creatableCapacity() < 0 ? -1 : sum + it.creatableCapacity();
                        }
                    }
                }
                if (offered) {
                    assertEquals(sum, t.creatableCapacity(), t.name() + ": the sum over the GPU instances");
                }
            }
        }
    }

    @Test
    void onAnR550DriverTheGpuInstanceCallsAreAskedOnceAndCountNoError() {
        Scenario r580 = MigBackedScenario.create();
        Scenario r550 = new Scenario(r580.name(), true, "550.127.05", "12.550.127.05", 12040, r580.gpus());
        MockNvml nvml = MockNvml.frozen(r550);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 2)) {
            for (int poll = 0; poll < 3; poll++) {
                HostSnapshot s = reader.read();
                assertEquals(List.of(), s.errors());
                assertTrue(s.gpus().get(0).vgpuHost().orElseThrow().migBackedVgpu().isEmpty());
            }
            // once per GPU instance, in the first poll: FUNCTION_NOT_FOUND is remembered
            assertEquals(3, nvml.calls(NvmlFunction.nvmlGpuInstanceGetActiveVgpus));
            assertEquals(0, nvml.calls(NvmlFunction.nvmlVgpuTypeGetMaxInstancesPerGpuInstance));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vgpu-host", "vgpu-host-large"})
    void presetsWithoutMigModeHaveNoMigBackedSideAndMakeNoGpuInstanceCall(String name) {
        MockNvml nvml = MockNvml.frozen(Scenarios.create(name, 3));
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 2)) {
            HostSnapshot s = reader.read();
            assertEquals(List.of(), s.errors());
            for (GpuInfo g : s.gpus()) {
                assertTrue(g.vgpuHost().flatMap(VgpuHostInfo::migBackedVgpu).isEmpty(), name + " GPU " + g.index());
            }
            assertEquals(0, nvml.calls(NvmlFunction.nvmlGpuInstanceGetActiveVgpus));
        }
    }

    @Test
    void theR580PresetHasMigBackedVgpusOnItsThirdGpuOnly() {
        MockNvml nvml = MockNvml.frozen(Scenarios.create("vgpu-host-r580", 3));
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 2)) {
            HostSnapshot s = reader.read();
            assertEquals(List.of(), s.errors());
            for (GpuInfo g : s.gpus().subList(0, 2)) {
                assertTrue(g.vgpuHost().flatMap(VgpuHostInfo::migBackedVgpu).isEmpty(), "GPU " + g.index());
            }
            VgpuHostInfo h = s.gpus().get(2).vgpuHost().orElseThrow();
            var mb = h.migBackedVgpu().orElseThrow();
            assertEquals(1, mb.gpuInstance(1).orElseThrow().vgpuIds().size());
            assertEquals(2, mb.gpuInstance(2).orElseThrow().vgpuIds().size());
            assertEquals(2, mb.gpuInstance(3).orElseThrow().vgpuIds().size());
            assertEquals(List.of(), mb.gpuInstance(4).orElseThrow().vgpuIds());
            assertEquals(4, nvml.calls(NvmlFunction.nvmlGpuInstanceGetActiveVgpus));
        }
    }
}
