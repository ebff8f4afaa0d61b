package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.control.SchedulerControl;
import io.smi4j.control.SchedulerControlException;
import io.smi4j.control.SchedulerControlException.Reason;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.model.ArrMode;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.RunlistShare;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.SchedulerPolicy;
import io.smi4j.model.SchedulerSetState;
import io.smi4j.model.SchedulerState;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.nvml.NvmlFunction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each vGPU-host preset is read through the scheduler generation its driver claims: {@code vgpu-host-r580} through
 * the v2 calls only (weights, no ARR), {@code vgpu-host} (R550) and {@code vgpu-host-large} (R535) through the v1
 * calls, the v2 calls tried once per GPU and remembered as FUNCTION_NOT_FOUND.
 */
class SchedulerGenerationTest {

    private static MockNvml polled(String preset, int polls) {
        MockNvml nvml = MockNvml.frozen(Scenarios.create(preset, 5));
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            for (int i = 0; i < polls; i++) {
                reader.read();
            }
        }
        return nvml;
    }

    private static int vgpuHostGpus(String preset) {
        return (int) Scenarios.create(preset, 5).gpus().stream().filter(g -> g.vgpuHost().isPresent()).count();
    }

    @Test
    void theR580PresetIsReadThroughTheV2CallsOnly() {
        MockNvml nvml = polled("vgpu-host-r580", 3);
        int gpus = vgpuHostGpus("vgpu-host-r580");
        int mig = (int) Scenarios.create("vgpu-host-r580", 5).gpus().stream()
                .filter(g -> g.vgpuHost().isPresent() && g.mig().current()).count();
        // a GPU in MIG mode answers NOT_SUPPORTED (its vGPUs are scheduled per GPU instance) to either generation:
        // asked once each, remembered; the other GPUs through the v2 calls only
        assertEquals(1, mig);
        assertEquals(3L * (gpus - mig) + mig, nvml.calls(NvmlFunction.nvmlDeviceGetVgpuSchedulerState_v2));
        assertEquals(3L * (gpus - mig) + mig, nvml.calls(NvmlFunction.nvmlDeviceGetVgpuSchedulerLog_v2));
        assertEquals(mig, nvml.calls(NvmlFunction.nvmlDeviceGetVgpuSchedulerState));
        assertEquals(mig, nvml.calls(NvmlFunction.nvmlDeviceGetVgpuSchedulerLog));
    }

    @Test
    void theR550AndR535PresetsAreReadThroughTheV1CallsAfterOneV2AttemptPerGpu() {
        for (String preset : List.of("vgpu-host", "vgpu-host-large")) {
            MockNvml nvml = polled(preset, 3);
            int gpus = vgpuHostGpus(preset);
            assertEquals(gpus, nvml.calls(NvmlFunction.nvmlDeviceGetVgpuSchedulerState_v2), preset);
            assertEquals(gpus, nvml.calls(NvmlFunction.nvmlDeviceGetVgpuSchedulerLog_v2), preset);
            assertEquals(3L * gpus, nvml.calls(NvmlFunction.nvmlDeviceGetVgpuSchedulerState), preset);
            assertEquals(3L * gpus, nvml.calls(NvmlFunction.nvmlDeviceGetVgpuSchedulerLog), preset);
        }
        // and R535 lacks the R550 calls as before
        assertEquals(0, polled("vgpu-host-large", 2).calls(NvmlFunction.nvmlDeviceGetVgpuInstancesUtilizationInfo)
                - vgpuHostGpus("vgpu-host-large"));
    }

    @Test
    void theV2StateHasNoArrModeAndEveryV2LogEntryCarriesItsRunlistsWeight() {
        Scenario s = Scenarios.create("vgpu-host-r580", 5);
        try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.frozen(s), 64)) {
            HostSnapshot snap = reader.read();
            VgpuHostInfo h = snap.gpus().get(0).vgpuHost().orElseThrow();
            SchedulerState state = h.schedulerState().orElseThrow();
            assertEquals(ArrMode.UNKNOWN, state.arrMode());
            assertEquals(SchedulerPolicy.FIXED_SHARE, state.policy());
            assertFalse(h.recentLogEntries().isEmpty());
            // runlist r is vGPU r; its weight is the placement slots of the vGPU's type
            var host = s.gpus().get(0).vgpuHost().orElseThrow();
            for (SchedulerLogEntry e : h.recentLogEntries()) {
                long type = host.vgpus().get((int) e.swRunlistId()).typeId();
                long slots = Scenarios.typeOf(host.types(), type).placementSize();
                assertEquals(slots, e.weight(), "entry " + e);
            }
        }
    }

    @Test
    void theV1LogCarriesNoWeights() {
        try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.frozen(Scenarios.create("vgpu-host", 5)), 64)) {
            for (GpuInfo g : reader.read().gpus()) {
                g.vgpuHost().ifPresent(h -> h.recentLogEntries().forEach(e -> assertEquals(-1, e.weight())));
            }
        }
    }

    @Test
    void runlistSharesAreTheRunTimeOfEachRunlistOverAllRunTimeInTheWindow() {
        try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.frozen(Scenarios.create("vgpu-host-r580", 5)), 64)) {
            VgpuHostInfo h = reader.read().gpus().get(0).vgpuHost().orElseThrow();
            Map<Long, Double> run = new HashMap<>();
            double total = 0;
            for (SchedulerLogEntry e : h.recentLogEntries()) {
                run.merge(e.swRunlistId(), e.timeRunSeconds(), Double::sum);
                total += e.timeRunSeconds();
            }
            List<RunlistShare> shares = h.runlistShares();
            assertEquals(run.keySet().size(), shares.size());
            double sum = 0;
            for (RunlistShare r : shares) {
                assertEquals(run.get(r.swRunlistId()) / total, r.share(), 1e-12);
                sum += r.share();
            }
            assertEquals(1.0, sum, 1e-9);
            // a 24Q runlist (weight 24) got more of the time than an 8Q one (weight 8)
            double heavy = shares.stream().filter(r -> r.weight() == 24).mapToDouble(RunlistShare::share).max()
                    .orElseThrow();
            double light = shares.stream().filter(r -> r.weight() == 8).mapToDouble(RunlistShare::share).max()
                    .orElseThrow();
            assertTrue(heavy > light, heavy + " vs " + light);
        }
    }

    @Test
    void controlOnAV2DriverSetsPolicyAverageFactorAndFrequencyAndRefusesArrOrATimeslice() throws Exception {
        MockNvml nvml = MockNvml.frozen(Scenarios.create("vgpu-host-r580", 5));
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            reader.read();
            SchedulerControl control = SchedulerControl.enabled(reader);
            SchedulerControlException arr = assertThrows(SchedulerControlException.class,
                    () -> control.set(1, SchedulerSetState.withArr(SchedulerPolicy.BEST_EFFORT, 10, 100)));
            assertEquals(Reason.NOT_APPLICABLE, arr.reason());
            assertTrue(arr.getMessage().contains("ARR cannot be switched"), arr.getMessage());
            assertEquals(Reason.NOT_APPLICABLE, assertThrows(SchedulerControlException.class,
                    () -> control.set(1, SchedulerSetState.withTimeslice(SchedulerPolicy.BEST_EFFORT, 0.002)))
                    .reason());
            SchedulerState after = control.set(1, SchedulerSetState.v2(SchedulerPolicy.EQUAL_SHARE, 20, 500))
                    .orElseThrow();
            assertEquals(new SchedulerState(SchedulerPolicy.EQUAL_SHARE, ArrMode.UNKNOWN,
                    new io.smi4j.model.SchedulerParams(20, 1.0 / 500)), after);
            assertEquals(1, nvml.calls(NvmlFunction.nvmlDeviceSetVgpuSchedulerState_v2));
            assertEquals(0, nvml.calls(NvmlFunction.nvmlDeviceSetVgpuSchedulerState));
            assertEquals(Reason.OUT_OF_RANGE, assertThrows(SchedulerControlException.class,
                    () -> control.set(1, SchedulerSetState.v2(SchedulerPolicy.EQUAL_SHARE, 1000, 0))).reason());
        }
    }

    @Test
    void controlOnAV1DriverRefusesAV2Request() throws Exception {
        try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.frozen(Scenarios.create("vgpu-host", 5)), 64)) {
            reader.read();
            SchedulerControlException e = assertThrows(SchedulerControlException.class, () -> SchedulerControl
                    .enabled(reader).set(1, SchedulerSetState.v2(SchedulerPolicy.EQUAL_SHARE, 0, 0)));
            assertEquals(Reason.NOT_APPLICABLE, e.reason());
            assertTrue(e.getMessage().contains("v1 scheduler only"), e.getMessage());
        }
    }
}
