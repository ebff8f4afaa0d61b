package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smi4j.mock.scenario.Scenario;
import io.smi4j.model.ArrMode;
import io.smi4j.model.NvmlReturn;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.nvml.GpuInstance;
import io.smi4j.nvml.GpuInstanceProfile;
import io.smi4j.nvml.NvmlException;
import io.smi4j.nvml.SchedulerLog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The MIG-backed vGPU calls of R575 through the Java mock: per GPU instance its vGPUs, creatable types and free
 * placements, its scheduler (v1 and v2) and log with weights; FUNCTION_NOT_FOUND on an R550 driver.
 */
class MigBackedVgpuCallsTest {

    private static List<GpuInstance> gpuInstances(MockNvml nvml, long device) {
        List<GpuInstance> out = new ArrayList<>();
        for (GpuInstanceProfile p : nvml.deviceGpuInstanceProfiles(device)) {
            out.addAll(nvml.deviceGpuInstances(device, p.id()));
        }
        out.sort(java.util.Comparator.comparingLong(GpuInstance::id));
        return out;
    }

    @Test
    void eachGpuInstanceAnswersItsOwnVgpusTypesPlacementsAndScheduler() {
        Scenario s = MigBackedScenario.create();
        try (MockNvml nvml = MockNvml.frozen(s)) {
            nvml.init();
            long d = nvml.deviceHandleByIndex(0);
            List<GpuInstance> gis = gpuInstances(nvml, d);
            assertEquals(List.of(1L, 2L, 3L), gis.stream().map(GpuInstance::id).toList());
            assertArrayEquals(new long[] {0xE000_0001L, 0xE000_0002L}, nvml.gpuInstanceActiveVgpus(gis.get(0).handle()));
            assertArrayEquals(new long[] {0xE000_0003L}, nvml.gpuInstanceActiveVgpus(gis.get(1).handle()));
            assertArrayEquals(new long[] {}, nvml.gpuInstanceActiveVgpus(gis.get(2).handle()));
            assertArrayEquals(new long[] {}, nvml.gpuInstanceCreatableVgpus(gis.get(0).handle()));
            assertArrayEquals(new long[] {712}, nvml.gpuInstanceCreatableVgpus(gis.get(1).handle()));
            assertArrayEquals(new long[] {1}, nvml.gpuInstanceVgpuTypeCreatablePlacements(gis.get(1).handle(), 712)
                    .placementIds());
            assertArrayEquals(new long[] {0, 1}, nvml.gpuInstanceVgpuTypeCreatablePlacements(gis.get(2).handle(), 712)
                    .placementIds());
            assertEquals(2, nvml.vgpuTypeMaxInstancesPerGpuInstance(711));
            assertEquals(ArrMode.UNKNOWN, nvml.gpuInstanceVgpuSchedulerStateV2(gis.get(0).handle()).arrMode());
            SchedulerLog log = nvml.gpuInstanceVgpuSchedulerLogV2(gis.get(0).handle(), Long.MIN_VALUE);
            assertEquals(List.of(2L, 1L), log.entries().stream().map(SchedulerLogEntry::weight).distinct().toList());
            SchedulerLog v1 = nvml.gpuInstanceVgpuSchedulerLog(gis.get(0).handle(), Long.MIN_VALUE);
            assertEquals(List.of(-1L), v1.entries().stream().map(SchedulerLogEntry::weight).distinct().toList());
            // the device-level scheduler does not answer while MIG is on
            NvmlException e = assertThrows(NvmlException.class, () -> nvml.deviceVgpuSchedulerStateV2(d));
            assertEquals(NvmlReturn.NOT_SUPPORTED, e.result());
        }
    }

    @Test
    void onAnR550DriverTheGpuInstanceCallsAreNotFound() {
        Scenario mig = Scenarios.create("mig-host", 7); // an R580 preset: the same GPUs on an R550 driver
        try (MockNvml nvml = MockNvml.frozen(new Scenario(mig.name(), true, "550.163.01", "12.550.163.01", 12040,
                mig.gpus()))) {
            nvml.init();
            long d = nvml.deviceHandleByIndex(0);
            long gi = gpuInstances(nvml, d).get(0).handle();
            assertEquals(NvmlReturn.FUNCTION_NOT_FOUND,
                    assertThrows(NvmlException.class, () -> nvml.gpuInstanceActiveVgpus(gi)).result());
            assertEquals(NvmlReturn.FUNCTION_NOT_FOUND,
                    assertThrows(NvmlException.class, () -> nvml.vgpuTypeMaxInstancesPerGpuInstance(711)).result());
        }
    }
}
