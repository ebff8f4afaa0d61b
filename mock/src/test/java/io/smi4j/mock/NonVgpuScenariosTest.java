package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.LicenseState;
import io.smi4j.nvml.NvmlFunction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hosts that are not vGPU hosts get no vGPU section, no errors, and no vGPU calls at all; a call
 * a GPU answered NOT_SUPPORTED is not repeated.
 */
class NonVgpuScenariosTest {

    private static final int POLLS = 20;

    private static MockNvml pollMany(String scenario) {
        MockNvml nvml = MockNvml.live(scenario, 3);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            for (int i = 0; i < POLLS; i++) {
                HostSnapshot s = reader.read();
                // the guest's maximum clocks answer UNKNOWN, as on real guests: the only errors anywhere
                assertEquals(List.of(), s.errors().stream()
                        .filter(e -> !(scenario.equals("vgpu-guest") && e.call().equals("nvmlDeviceGetMaxClockInfo")))
                        .toList(), "poll " + i);
                assertFalse(s.isVgpuHost());
                for (GpuInfo g : s.gpus()) {
                    assertTrue(g.vgpuHost().isEmpty(), "no vGPU section on GPU " + g.index());
                }
            }
        }
        return nvml;
    }

    private static long vgpuCalls(MockNvml nvml) {
        long n = 0;
        for (Map.Entry<NvmlFunction, Long> e : nvml.callCounts().entrySet()) {
            if (e.getKey().name().contains("Vgpu")) {
                n += e.getValue();
            }
        }
        return n;
    }

    @Test
    void theMigHostReadsItsGpuInstancesOfAProfileIndexNewerThanNvmlH124WithoutAnError() {
        try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.frozen(Scenarios.create("mig-host", 2)), 8)) {
            HostSnapshot s = reader.read();
            assertEquals(List.of(), s.errors());
            GpuInfo blackwell = s.gpus().get(2);
            assertEquals(4, blackwell.migInstances().size(), blackwell.migInstances().toString());
            // NVML_GPU_INSTANCE_PROFILE_1_SLICE_GFX (index 10, past nvml.h 12.4's 9); its id 47 is the preset's own
            var gfx = Scenarios.create("mig-host", 1).gpus().get(2).gpuInstances().get(0).profile();
            assertEquals(10, gfx.profileIndex());
            blackwell.migInstances().forEach(m -> assertEquals(47, m.profileId()));
        }
        // the same host on an R550 driver, which answers INVALID_ARGUMENT for index 10: the MIG devices are still
        // there (their handles), their profile is not known, and that is no error
        Scenario old = Scenarios.create("mig-host", 2);
        old = new Scenario(old.name(), true, "550.163.01", "12.550.163.01", 12040, old.gpus());
        try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.frozen(old), 8)) {
            HostSnapshot s = reader.read();
            assertEquals(List.of(), s.errors());
            assertEquals(4, s.gpus().get(2).migInstances().size());
            s.gpus().get(2).migInstances().forEach(m -> assertEquals(-1, m.profileId()));
            assertEquals(3, s.gpus().get(0).migInstances().size(), "the A100's profiles are 12.4's");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bare-metal", "mig-host", "vgpu-guest"})
    void noVgpuSectionNoErrorsAndNoVgpuCallAtAll(String scenario) {
        MockNvml nvml = pollMany(scenario);
        assertEquals(0, vgpuCalls(nvml), nvml.callCounts().toString());
        assertEquals(POLLS, nvml.calls(NvmlFunction.nvmlDeviceGetCount_v2));
    }

    @Test
    void callsAnsweredNotSupportedAreMadeOncePerGpuNotEveryPoll() {
        MockNvml bare = pollMany("bare-metal");
        assertEquals(8, bare.calls(NvmlFunction.nvmlDeviceGetFanSpeed), "passive H100s have no fan");
        assertEquals(8 * POLLS, bare.calls(NvmlFunction.nvmlDeviceGetTemperature));

        MockNvml mig = pollMany("mig-host");
        assertEquals(3, mig.calls(NvmlFunction.nvmlDeviceGetUtilizationRates), "not supported with MIG on");

        MockNvml guest = pollMany("vgpu-guest");
        assertEquals(1, guest.calls(NvmlFunction.nvmlDeviceGetTemperature));
        assertEquals(1, guest.calls(NvmlFunction.nvmlDeviceGetPowerUsage));
        assertEquals(1, guest.calls(NvmlFunction.nvmlDeviceGetEnforcedPowerLimit));
        assertEquals(1, guest.calls(NvmlFunction.nvmlDeviceGetFanSpeed));
    }

    @Test
    void staticFactsAreReadOncePerSession() {
        MockNvml nvml = pollMany("bare-metal");
        for (NvmlFunction call : List.of(NvmlFunction.nvmlDeviceGetName, NvmlFunction.nvmlDeviceGetUUID,
                NvmlFunction.nvmlDeviceGetPciInfo_v3, NvmlFunction.nvmlDeviceGetHandleByIndex_v2)) {
            assertEquals(8, nvml.calls(call), call.name());
        }
        assertEquals(8 * POLLS, nvml.calls(NvmlFunction.nvmlDeviceGetVirtualizationMode),
                "a mode, read every poll like the MIG mode");
        assertEquals(1, nvml.calls(NvmlFunction.nvmlSystemGetDriverVersion));
        assertEquals(8 * 3, nvml.calls(NvmlFunction.nvmlDeviceGetMaxClockInfo));
    }

    @Test
    void vgpuCallsTheR535DriverLacksAreTriedOncePerGpu() {
        MockNvml nvml = MockNvml.live("vgpu-host-large", 3);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            for (int i = 0; i < POLLS; i++) {
                assertEquals(List.of(), reader.read().errors());
            }
        }
        assertEquals(8, nvml.calls(NvmlFunction.nvmlDeviceGetVgpuHeterogeneousMode));
        assertEquals(8, nvml.calls(NvmlFunction.nvmlDeviceGetVgpuInstancesUtilizationInfo));
        assertEquals(8 * POLLS, nvml.calls(NvmlFunction.nvmlDeviceGetVgpuUtilization), "the pre-R550 call is the fallback");
        assertEquals(8, nvml.calls(NvmlFunction.nvmlDeviceGetVgpuSchedulerCapabilities));
        assertEquals(8, nvml.calls(NvmlFunction.nvmlDeviceGetSupportedVgpus));
        assertEquals(12, nvml.calls(NvmlFunction.nvmlVgpuTypeGetName), "type facts once per type, not per GPU");
    }

    @Test
    void theGuestsMaximumClocksAnswerUnknownEveryPollYetTheirErrorCountStopsAfterThreePolls() {
        MockNvml guest = MockNvml.live("vgpu-guest", 3);
        HostSnapshot s = null;
        try (NvmlGpuReader reader = new NvmlGpuReader(guest, 64)) {
            for (int i = 0; i < POLLS; i++) {
                s = reader.read();
            }
        }
        long errors = s.errorTotals().stream().filter(t -> t.call().equals("nvmlDeviceGetMaxClockInfo")
                && t.code() == io.smi4j.model.NvmlReturn.UNKNOWN.code()).mapToLong(t -> t.total()).sum();
        assertEquals(3 * 3, errors, "three clock domains, three polls each, then suspended: " + s.errorTotals());
        assertEquals(3 * 3, guest.calls(NvmlFunction.nvmlDeviceGetMaxClockInfo), "not asked again in " + POLLS + " polls");
        assertEquals(io.smi4j.model.GpuHealth.State.OK, s.gpus().get(0).health().state(), "a suspended call fails no poll");
        assertEquals(-1, s.gpus().get(0).clocks().maxGraphicsHertz(), "not available");
    }

    @Test
    void aReprobedCallFailingAsBeforeIsSuspendedAgainAtOnceWithoutFlickeringTheGuestToDegraded() {
        MockNvml guest = MockNvml.live("vgpu-guest", 3);
        HostSnapshot s = null;
        List<Long> degradedPolls = new java.util.ArrayList<>();
        try (NvmlGpuReader reader = new NvmlGpuReader(guest, 64)) {
            for (int i = 0; i < 610; i++) { // re-probed in polls 300 and 600
                s = reader.read();
                if (s.gpus().get(0).health().state() != io.smi4j.model.GpuHealth.State.OK) {
                    degradedPolls.add(s.sequence());
                }
            }
        }
        assertEquals(List.of(1L, 2L, 3L), degradedPolls, "only until first suspended, not after each re-probe");
        long errors = s.errorTotals().stream().filter(t -> t.call().equals("nvmlDeviceGetMaxClockInfo"))
                .mapToLong(t -> t.total()).sum();
        assertEquals(3 * 3, errors, "the re-probes' answers are the suspended code again: not counted");
        assertEquals(3 * 3 + 3 + 3, guest.calls(NvmlFunction.nvmlDeviceGetMaxClockInfo),
                "asked again once per clock domain at each re-probe");
    }

    @Test
    void aVgpuGuestIsLabelledWithItsLicense() {
        try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.live("vgpu-guest", 3), 64)) {
            HostSnapshot s = reader.read();
            assertTrue(s.isVgpuGuest());
            var guest = s.gpus().get(0).vgpuGuest().orElseThrow();
            assertEquals(LicenseState.LICENSED, guest.licenseState());
            assertEquals("NVIDIA Virtual Compute Server", guest.product());
        }
    }
}
