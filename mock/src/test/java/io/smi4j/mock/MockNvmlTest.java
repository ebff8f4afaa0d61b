package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.mock.scenario.SimVgpuHost;
import io.smi4j.model.NvmlReturn;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlException;
import io.smi4j.nvml.NvmlFunction;
import io.smi4j.nvml.NvmlProvider;
import io.smi4j.nvml.NvmlSource;
import io.smi4j.nvml.VgpuUtilizationSample;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class MockNvmlTest {

    private static NvmlReturn code(Runnable call) {
        return assertThrows(NvmlException.class, call::run).result();
    }

    @Test
    void everyCallButTheNvmlVersionAnswersUninitializedBeforeInit() {
        MockNvml nvml = MockNvml.live("vgpu-host", 1);
        assertEquals("12.550.163.01", nvml.systemNvmlVersion());
        assertEquals(NvmlReturn.UNINITIALIZED, code(nvml::deviceCount));
        nvml.init();
        assertEquals(4, nvml.deviceCount());
        nvml.shutdown();
        assertEquals(NvmlReturn.UNINITIALIZED, code(() -> nvml.deviceHandleByIndex(0)));
    }

    @Test
    void initAnswersDriverNotLoadedOnTheNoDriverHost() {
        MockNvml nvml = MockNvml.live("no-driver", 1);
        assertEquals(NvmlReturn.DRIVER_NOT_LOADED, code(nvml::init));
    }

    @Test
    void vgpuHostCallsAnswerNotSupportedOffVgpuHosts() {
        MockNvml nvml = MockNvml.live("bare-metal", 1);
        nvml.init();
        long gpu = nvml.deviceHandleByIndex(0);
        assertEquals(NvmlReturn.NOT_SUPPORTED, code(() -> nvml.deviceVgpuSchedulerState(gpu)));
        assertEquals(NvmlReturn.NOT_SUPPORTED, code(() -> nvml.deviceActiveVgpus(gpu)));
        assertEquals(NvmlReturn.NOT_SUPPORTED, code(() -> nvml.deviceFanSpeed(gpu)));
    }

    @Test
    void r550OnlyCallsAreMissingFromTheR535Host() {
        MockNvml nvml = MockNvml.live("vgpu-host-large", 1);
        nvml.init();
        long gpu = nvml.deviceHandleByIndex(0);
        assertEquals(NvmlReturn.FUNCTION_NOT_FOUND, code(() -> nvml.deviceVgpuHeterogeneousMode(gpu)));
        assertEquals(NvmlReturn.FUNCTION_NOT_FOUND, code(() -> nvml.deviceVgpuInstancesUtilizationInfo(gpu, 0)));
        assertEquals(32, nvml.deviceVgpuUtilization(gpu, 0).size());
    }

    @Test
    void utilizationSamplingReturnsOnlySamplesNewerThanLastSeen() {
        MockNvml nvml = MockNvml.live("vgpu-host", 1);
        nvml.init();
        long gpu = nvml.deviceHandleByIndex(0);
        List<VgpuUtilizationSample> all = nvml.deviceVgpuInstancesUtilizationInfo(gpu, 0);
        long newest = all.stream().mapToLong(VgpuUtilizationSample::timestampUs).max().orElseThrow();
        assertTrue(nvml.deviceVgpuInstancesUtilizationInfo(gpu, newest).isEmpty());
        nvml.advance();
        List<VgpuUtilizationSample> next = nvml.deviceVgpuInstancesUtilizationInfo(gpu, newest);
        assertTrue(!next.isEmpty() && next.stream().allMatch(s -> s.timestampUs() > newest));
    }

    @Test
    void theSchedulerLogGrowsWithRisingTimestampsAndHoldsAtMost200Entries() {
        // steps of two simulated seconds (a real-time clock polled this fast has short steps with fewer entries)
        MockNvml nvml = MockNvml.live("vgpu-host", 1, SimClock.fixed(java.time.Instant.parse("2026-01-01T00:00:00Z")));
        nvml.init();
        long gpu = nvml.deviceHandleByIndex(0);
        for (int i = 0; i < 100; i++) {
            nvml.advance();
        }
        List<SchedulerLogEntry> log = nvml.deviceVgpuSchedulerLog(gpu, Long.MIN_VALUE).entries();
        assertEquals(Nvml.SCHEDULER_MAX_LOG_ENTRIES, log.size());
        for (int i = 1; i < log.size(); i++) {
            assertTrue(log.get(i).timestampNs() > log.get(i - 1).timestampNs());
        }
    }

    @Test
    void aLogReadNewerThanATimestampHoldsOnlyTheLaterEntries() {
        MockNvml nvml = MockNvml.live("vgpu-host", 1);
        nvml.init();
        long gpu = nvml.deviceHandleByIndex(0);
        List<SchedulerLogEntry> all = nvml.deviceVgpuSchedulerLog(gpu, Long.MIN_VALUE).entries();
        long seen = all.get(all.size() - 4).timestampNs();
        assertEquals(all.subList(all.size() - 3, all.size()), nvml.deviceVgpuSchedulerLog(gpu, seen).entries());
    }

    @Test
    void theSameSeedGivesTheSameEvolutionAndAnotherSeedAnother() {
        SimClock clock = SimClock.fixed(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        MockNvml a = MockNvml.live("vgpu-host", 42, clock);
        MockNvml b = MockNvml.live("vgpu-host", 42, clock);
        MockNvml c = MockNvml.live("vgpu-host", 43, clock);
        for (int i = 0; i < 50; i++) {
            a.advance();
            b.advance();
            c.advance();
        }
        assertEquals(a.scenario(), b.scenario());
        assertNotEquals(a.scenario(), c.scenario());
    }

    @Test
    void processMemoryMovesAndTheGpusUsedMemoryFollowsIt() {
        MockNvml nvml = MockNvml.live("bare-metal", 2);
        SimGpu before = nvml.scenario().gpus().get(0);
        for (int i = 0; i < 10; i++) {
            nvml.advance();
        }
        SimGpu after = nvml.scenario().gpus().get(0);
        long procBefore = before.processes().stream().mapToLong(p -> p.usedGpuMemoryBytes()).sum();
        long procAfter = after.processes().stream().mapToLong(p -> p.usedGpuMemoryBytes()).sum();
        assertNotEquals(procBefore, procAfter);
        assertEquals(after.memory().usedBytes() - before.memory().usedBytes(), procAfter - procBefore);
        assertEquals(after.memory().totalBytes(), after.memory().usedBytes() + after.memory().freeBytes()
                + after.memory().reservedBytes());
    }

    @Test
    void vgpusStartAndStopOverTime() {
        MockNvml nvml = MockNvml.live("vgpu-host-large", 7);
        List<Long> first = ids(nvml.scenario());
        for (int i = 0; i < 200; i++) {
            nvml.advance();
        }
        List<Long> later = ids(nvml.scenario());
        assertTrue(!later.containsAll(first), "some VMs stopped");
        assertTrue(!first.containsAll(later), "some VMs started");
    }

    private static List<Long> ids(Scenario s) {
        return s.gpus().stream().flatMap(g -> g.vgpuHost().orElseThrow().vgpus().stream()).map(v -> v.id())
                .toList();
    }

    @Test
    void aVgpuDestroyedAfterEnumerationAnswersNotFound() {
        MockNvml nvml = new MockNvml(Scenarios.create("vgpu-host", 1), 1, FaultPlan.none().withChurn(1), true);
        nvml.init();
        long gpu = nvml.deviceHandleByIndex(0);
        long[] listed = nvml.deviceActiveVgpus(gpu);
        int notFound = 0;
        for (long id : listed) {
            try {
                nvml.vgpuInstanceFbUsage(id);
            } catch (NvmlException e) {
                assertEquals(NvmlReturn.NOT_FOUND, e.result());
                notFound++;
            }
        }
        assertEquals(1, notFound);
    }

    @Test
    void aGrowingCountListsTheVgpuThatStartedMeanwhile() {
        MockNvml nvml = new MockNvml(Scenarios.create("vgpu-host", 1), 1, FaultPlan.none().withCountGrowth(1), true);
        nvml.init();
        long gpu = nvml.deviceHandleByIndex(0);
        int before = nvml.scenario().gpus().get(0).vgpuHost().orElseThrow().vgpus().size();
        long[] listed = nvml.deviceActiveVgpus(gpu);
        assertEquals(before + 1, listed.length);
        assertTrue(nvml.vgpuInstanceFbUsage(listed[listed.length - 1]) >= 0);
    }

    @Test
    void aLostGpuAnswersGpuIsLostUntilNvmlIsInitialisedAgain() {
        MockNvml nvml = MockNvml.live("bare-metal", 1);
        nvml.init();
        long gpu = nvml.deviceHandleByIndex(3);
        nvml.loseGpu(3);
        assertEquals(NvmlReturn.GPU_IS_LOST, code(() -> nvml.deviceTemperature(gpu)));
        nvml.deviceTemperature(nvml.deviceHandleByIndex(2));
        nvml.shutdown();
        nvml.init();
        assertTrue(nvml.deviceTemperature(gpu) > 0);
    }

    @Test
    void forcedErrorsAndInjectedErrorsFailTheirCalls() {
        FaultPlan plan = FaultPlan.none().withErrors(1).withForcedError(NvmlFunction.nvmlDeviceGetName, NvmlReturn.NO_PERMISSION);
        MockNvml nvml = new MockNvml(Scenarios.create("bare-metal", 1), 1, plan, true);
        nvml.init();
        assertTrue(FaultPlan.TRANSIENT_CODES.contains(code(nvml::deviceCount)));
        assertEquals(NvmlReturn.NO_PERMISSION, code(() -> nvml.deviceName(1L << 16)));
    }

    @Test
    void callsAreCountedPerFunctionFailuresIncluded() {
        MockNvml nvml = MockNvml.live("bare-metal", 1);
        nvml.init();
        long gpu = nvml.deviceHandleByIndex(0);
        for (int i = 0; i < 3; i++) {
            assertThrows(NvmlException.class, () -> nvml.deviceFanSpeed(gpu));
        }
        assertEquals(3, nvml.calls(NvmlFunction.nvmlDeviceGetFanSpeed));
        assertEquals(1, nvml.calls(NvmlFunction.nvmlDeviceGetHandleByIndex_v2));
        assertEquals(0, nvml.calls(NvmlFunction.nvmlDeviceGetActiveVgpus));
    }

    @Test
    void everyPollAdvancesALiveMockOneStepAndAFrozenOneNever() {
        MockNvml live = MockNvml.live("vgpu-host", 1);
        MockNvml frozen = MockNvml.frozen(Scenarios.create("vgpu-host", 1));
        live.init();
        frozen.init();
        for (int i = 0; i < 3; i++) {
            live.deviceCount();
            frozen.deviceCount();
        }
        assertEquals(2, live.step());
        assertEquals(0, frozen.step());
        assertEquals(Scenarios.create("vgpu-host", 1), frozen.scenario());
    }

    @Test
    void thePresetsHaveTheAdvertisedShape() {
        assertEquals(8, Scenarios.create("bare-metal", 1).gpus().size());
        Scenario large = Scenarios.create("vgpu-host-large", 1);
        assertEquals(8, large.gpus().size());
        for (SimGpu g : large.gpus()) {
            assertEquals(32, g.vgpuHost().orElseThrow().vgpus().size());
        }
        List<SimGpu> host = Scenarios.create("vgpu-host", 1).gpus();
        for (int i = 0; i < host.size(); i++) {
            SimVgpuHost h = host.get(i).vgpuHost().orElseThrow();
            if (i == 1) {
                assertEquals(List.of(), h.vgpus(), "GPU 1 runs no vGPUs: its scheduler can be changed");
            } else {
                assertTrue(h.vgpus().size() >= 4 && h.vgpus().size() <= 16);
            }
            assertTrue(h.capabilities().arrModeSupported());
        }
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Scenarios.create("nope", 1));
        assertTrue(e.getMessage().contains("vgpu-host-large"));
    }

    @Test
    void theProviderIsFoundByServiceLoaderAndOffersEveryPreset() {
        NvmlProvider p = ServiceLoader.load(NvmlProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(provider -> !provider.scenarios().isEmpty()).findFirst().orElseThrow();
        assertEquals(Scenarios.names(), p.scenarios());
        Nvml nvml = p.open(new NvmlSource.Simulated("mig-host", 3));
        nvml.init();
        assertEquals(3, nvml.deviceCount());
    }
}
