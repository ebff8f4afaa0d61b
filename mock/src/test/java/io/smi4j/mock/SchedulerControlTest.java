package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.GpuReader;
import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.collect.Poller;
import io.smi4j.control.SchedulerControl;
import io.smi4j.control.SchedulerControlException.Reason;
import io.smi4j.control.SchedulerControlException;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.mock.scenario.SimVgpuHost;
import io.smi4j.model.ArrMode;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.model.NvmlReturn;
import io.smi4j.model.SchedulerCapabilities;
import io.smi4j.model.SchedulerPolicy;
import io.smi4j.model.SchedulerSetState;
import io.smi4j.model.SchedulerState;
import io.smi4j.nvml.NvmlFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SchedulerControlTest {

    /** vgpu-host with GPU 1 emptied (no vGPUs: the scheduler may change) and GPU 2 given other capabilities. */
    private static Scenario scenario(SchedulerCapabilities gpu2Caps) {
        Scenario s = Scenarios.create("vgpu-host", 8);
        List<SimGpu> gpus = new ArrayList<>(s.gpus());
        SimGpu g1 = gpus.get(1);
        gpus.set(1, Simulation.with(g1, Simulation.with(g1.vgpuHost().orElseThrow(), List.of(),
                g1.vgpuHost().get().state())));
        SimGpu g2 = gpus.get(2);
        SimVgpuHost h = g2.vgpuHost().orElseThrow();
        gpus.set(2, Simulation.with(g2, new SimVgpuHost(h.hostMode(), gpu2Caps, h.state(), h.schedulerLog(),
                h.heterogeneousMode(), h.types(), List.of(), h.utilizationSamples(), h.processSamples(),
                h.vgpuCapabilities())));
        return Simulation.with(s, gpus);
    }

    private static final SchedulerCapabilities NO_ARR_BEST_EFFORT_ONLY = new SchedulerCapabilities(
            List.of(SchedulerPolicy.BEST_EFFORT), 20_000_000 / 1e9, 2_000_000 / 1e9, false, 0, 0, 0, 0);

    private MockNvml nvml;
    private NvmlGpuReader reader;
    private SchedulerControl control;

    private SchedulerControl control(FaultPlan plan) {
        nvml = new MockNvml(scenario(NO_ARR_BEST_EFFORT_ONLY), 8, plan, true);
        reader = new NvmlGpuReader(nvml, 64);
        control = SchedulerControl.enabled(reader);
        reader.read();
        return control;
    }

    private Reason refused(int gpu, SchedulerSetState request, String... inMessage) {
        SchedulerControlException e = assertThrows(SchedulerControlException.class, () -> control.set(gpu, request));
        for (String s : inMessage) {
            assertTrue(e.getMessage().contains(s), e.getMessage());
        }
        assertEquals(gpu, e.gpuIndex());
        return e.reason();
    }

    private void assertNvmlNotAsked() {
        assertEquals(0, nvml.calls(NvmlFunction.nvmlDeviceSetVgpuSchedulerState), "validated before NVML was called");
    }

    @Test
    void onTheLiveVgpuHostPresetGpu1TakesASchedulerChangeAndKeepsItWhileThePresetRuns() throws Exception {
        MockNvml live = MockNvml.live("vgpu-host", 3);
        try (NvmlGpuReader r = new NvmlGpuReader(live, 64)) {
            HostSnapshot before = r.read();
            assertTrue(before.gpus().get(1).vgpuHost().orElseThrow().vgpus().isEmpty());
            SchedulerSetState request = SchedulerSetState.withTimeslice(SchedulerPolicy.FIXED_SHARE, 0.004);
            SchedulerState set = SchedulerControl.enabled(r).set(1, request).orElseThrow();
            assertEquals(new SchedulerState(SchedulerPolicy.FIXED_SHARE, ArrMode.DISABLED,
                    new io.smi4j.model.SchedulerParams(-1, 0.004)), set);
            for (int i = 0; i < 200; i++) {
                HostSnapshot s = r.read();
                assertEquals(set, s.gpus().get(1).vgpuHost().orElseThrow().schedulerState().orElseThrow(), "poll " + i);
                assertTrue(s.gpus().get(1).vgpuHost().get().vgpus().isEmpty(), "no VM starts on GPU 1");
            }
            SchedulerControlException busy = assertThrows(SchedulerControlException.class,
                    () -> SchedulerControl.enabled(r).set(0, request));
            assertEquals(Reason.VGPUS_RUNNING, busy.reason(), "GPU 0 runs vGPUs: NVML says NOT_SUPPORTED");
        }
    }

    @Test
    void aValidTimesliceIsAppliedAndTheNextSnapshotShowsIt() throws Exception {
        control(FaultPlan.none());
        SchedulerState applied = control.set(1, SchedulerSetState.withTimeslice(SchedulerPolicy.EQUAL_SHARE,
                5_000_000 / 1e9)).orElseThrow();
        assertEquals(SchedulerPolicy.EQUAL_SHARE, applied.policy());
        assertEquals(ArrMode.DISABLED, applied.arrMode());
        assertEquals(0.005, applied.params().timesliceSeconds());
        assertEquals(applied, reader.read().gpus().get(1).vgpuHost().orElseThrow().schedulerState().orElseThrow());
    }

    @Test
    void aValidArrRequestIsApplied() throws Exception {
        control(FaultPlan.none());
        SchedulerState applied = control.set(1, SchedulerSetState.withArr(SchedulerPolicy.BEST_EFFORT, 50, 500))
                .orElseThrow();
        assertEquals(ArrMode.ENABLED, applied.arrMode());
        assertEquals(50, applied.params().avgFactor());
    }

    @Test
    void anUnknownGpuIsRefusedNamingTheLegalIndexes() {
        control(FaultPlan.none());
        assertEquals(Reason.NO_SUCH_GPU, refused(9, SchedulerSetState.withTimeslice(SchedulerPolicy.BEST_EFFORT,
                2_000_000 / 1e9), "0..3"));
        assertEquals(Reason.NO_SUCH_GPU, refused(-1, SchedulerSetState.withTimeslice(SchedulerPolicy.BEST_EFFORT,
                2_000_000 / 1e9)));
        assertNvmlNotAsked();
    }

    @Test
    void aGpuThatIsNotAVgpuHostIsRefused() {
        nvml = MockNvml.frozen(Scenarios.create("bare-metal", 1));
        reader = new NvmlGpuReader(nvml, 64);
        control = SchedulerControl.enabled(reader);
        reader.read();
        assertEquals(Reason.NOT_VGPU_HOST, refused(0, SchedulerSetState.withTimeslice(SchedulerPolicy.BEST_EFFORT,
                2_000_000 / 1e9), "NONE"));
        assertNvmlNotAsked();
    }

    @Test
    void aPolicyTheGpuDoesNotSupportIsRefusedNamingTheSupportedOnes() {
        control(FaultPlan.none());
        assertEquals(Reason.UNSUPPORTED_POLICY, refused(2, SchedulerSetState.withTimeslice(
                SchedulerPolicy.FIXED_SHARE, 5_000_000 / 1e9), "FIXED_SHARE", "[BEST_EFFORT]"));
        assertEquals(Reason.UNSUPPORTED_POLICY, refused(1, SchedulerSetState.withTimeslice(
                SchedulerPolicy.UNKNOWN, 5_000_000 / 1e9)));
        assertNvmlNotAsked();
    }

    @Test
    void arrOnAGpuWithoutArrIsRefused() {
        control(FaultPlan.none());
        assertEquals(Reason.ARR_NOT_SUPPORTED, refused(2, SchedulerSetState.withArr(SchedulerPolicy.BEST_EFFORT,
                30, 100), "does not support ARR", "2..20 ms"));
        assertNvmlNotAsked();
    }

    @Test
    void valuesOutOfRangeAreRefusedNamingTheLegalRange() {
        control(FaultPlan.none());
        assertEquals(Reason.OUT_OF_RANGE, refused(1, SchedulerSetState.withTimeslice(SchedulerPolicy.BEST_EFFORT,
                999_999 / 1e9), "timeslice 0.999999 ms", "legal range 1..30 ms"));
        assertEquals(Reason.OUT_OF_RANGE, refused(1, SchedulerSetState.withTimeslice(SchedulerPolicy.BEST_EFFORT,
                30_000_001 / 1e9), "legal range 1..30 ms"));
        assertEquals(Reason.OUT_OF_RANGE, refused(1, SchedulerSetState.withArr(SchedulerPolicy.BEST_EFFORT, 0, 100),
                "average factor 0", "legal range 1..60"));
        assertEquals(Reason.OUT_OF_RANGE, refused(1, SchedulerSetState.withArr(SchedulerPolicy.BEST_EFFORT, 61,
                100), "legal range 1..60"));
        assertEquals(Reason.OUT_OF_RANGE, refused(1, SchedulerSetState.withArr(SchedulerPolicy.BEST_EFFORT, 30,
                961), "frequency 961 Hz", "legal range 1..960 Hz"));
        assertEquals(Reason.OUT_OF_RANGE, refused(2, SchedulerSetState.withTimeslice(SchedulerPolicy.BEST_EFFORT,
                1_000_000 / 1e9), "legal range 2..20 ms"));
        assertNvmlNotAsked();
    }

    @Test
    void nvmlRefusingBecauseVgpusRunIsATypedError() {
        control(FaultPlan.none());
        assertEquals(Reason.VGPUS_RUNNING, refused(0, SchedulerSetState.withTimeslice(SchedulerPolicy.EQUAL_SHARE,
                5_000_000 / 1e9), "no vGPU runs"));
        assertEquals(1, nvml.calls(NvmlFunction.nvmlDeviceSetVgpuSchedulerState));
    }

    @Test
    void nvmlRefusalsForResetPermissionAndOtherCodesAreTypedErrors() {
        SchedulerSetState ok = SchedulerSetState.withTimeslice(SchedulerPolicy.EQUAL_SHARE, 5_000_000 / 1e9);
        NvmlFunction fn = NvmlFunction.nvmlDeviceSetVgpuSchedulerState;
        control(FaultPlan.none().withForcedError(fn, NvmlReturn.RESET_REQUIRED));
        assertEquals(Reason.RESET_REQUIRED, refused(1, ok, "reset"));
        control(FaultPlan.none().withForcedError(fn, NvmlReturn.NO_PERMISSION));
        assertEquals(Reason.NO_PERMISSION, refused(1, ok, "root"));
        control(FaultPlan.none().withForcedError(fn, NvmlReturn.TIMEOUT));
        SchedulerControlException e = assertThrows(SchedulerControlException.class, () -> control.set(1, ok));
        assertEquals(Reason.NVML_ERROR, e.reason());
        assertEquals(NvmlReturn.TIMEOUT.code(), e.nvmlCode().orElseThrow());
    }

    @Test
    void beforeNvmlIsUpControlSaysNvmlIsUnavailable() {
        nvml = MockNvml.live("no-driver", 1);
        reader = new NvmlGpuReader(nvml, 64);
        control = SchedulerControl.enabled(reader);
        assertEquals(Reason.NVML_UNAVAILABLE, refused(0, SchedulerSetState.withTimeslice(SchedulerPolicy.BEST_EFFORT,
                2_000_000 / 1e9)));
        assertEquals(HostStatus.NO_DRIVER, reader.read().status());
        assertEquals(Reason.NVML_UNAVAILABLE, refused(0, SchedulerSetState.withTimeslice(SchedulerPolicy.BEST_EFFORT,
                2_000_000 / 1e9)));
    }

    @Test
    void controlNeedsAnNvmlReader() {
        GpuReader other = new GpuReader() {
            @Override
            public HostSnapshot read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
            }
        };
        assertThrows(IllegalArgumentException.class, () -> SchedulerControl.enabled(other));
    }

    @Test
    void changesFromAnotherThreadNeverInterleaveWithPolls() throws Exception {
        nvml = new MockNvml(scenario(NO_ARR_BEST_EFFORT_ONLY), 8, FaultPlan.none(), false);
        reader = new NvmlGpuReader(nvml, 64);
        control = SchedulerControl.enabled(reader);
        AtomicInteger errors = new AtomicInteger();
        try (Poller poller = new Poller(reader, Duration.ofMillis(1))) {
            poller.subscribe(s -> errors.addAndGet(s.errors().size()));
            poller.start();
            assertTrue(poller.awaitSequence(1, Duration.ofSeconds(10)).isPresent());
            for (int i = 0; i < 300; i++) {
                long slice = 1_000_000 + (i % 29) * 1_000_000L;
                try {
                    control.set(1, SchedulerSetState.withTimeslice(SchedulerPolicy.EQUAL_SHARE, slice / 1e9));
                } catch (SchedulerControlException e) {
                    // a VM may have started on GPU 1 meanwhile; anything else is a failure
                    assertEquals(Reason.VGPUS_RUNNING, e.reason(), e.getMessage());
                }
            }
            long seq = poller.latest().orElseThrow().sequence();
            assertTrue(poller.awaitSequence(seq + 2, Duration.ofSeconds(10)).isPresent());
        }
        assertEquals(0, errors.get(), "no poll saw a call fail");
        assertFalse(nvml.calls(NvmlFunction.nvmlDeviceSetVgpuSchedulerState) == 0);
        assertEquals(nvml.step() + 1, nvml.calls(NvmlFunction.nvmlDeviceGetCount_v2), "control does not advance the simulation");
    }
}
