package io.smi4j.mock.nativelib;

import static io.smi4j.mock.nativelib.RoundTripScenario.FULL_LOG;
import static io.smi4j.mock.nativelib.RoundTripScenario.PARTIAL_LOG;
import static io.smi4j.mock.nativelib.RoundTripScenario.VGPU_A;
import static io.smi4j.mock.nativelib.RoundTripScenario.VGPU_B;
import static io.smi4j.mock.nativelib.RoundTripScenario.VGPU_C;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.mock.scenario.SimGpuInstance;
import io.smi4j.mock.scenario.SimMigDevice;
import io.smi4j.mock.scenario.SimProcess;
import io.smi4j.mock.scenario.SimVgpu;
import io.smi4j.mock.scenario.SimVgpuHost;
import io.smi4j.mock.scenario.SimVgpuType;
import io.smi4j.model.NvmlReturn;
import io.smi4j.nvml.ClockType;
import io.smi4j.nvml.ComputeInstance;
import io.smi4j.nvml.DeviceVgpuCapability;
import io.smi4j.nvml.GpuInstance;
import io.smi4j.nvml.GpuInstanceProfile;
import io.smi4j.nvml.MemoryInfo;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlException;
import io.smi4j.nvml.ProcessInfo;
import io.smi4j.nvml.ProcessUtilizationSample;
import io.smi4j.nvml.SchedulerLog;
import io.smi4j.nvml.VgpuDriverCapability;
import io.smi4j.nvml.VgpuUtilizationSample;
import io.smi4j.nvml.jna.JnaNvml;
import io.smi4j.testing.NvmlSdk;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The round trip: a {@link RoundTripScenario} pushed into the native mock {@code libnvidia-ml.so.1}
 * with {@link NativeMock}, read back over {@link JnaNvml}, must give exactly the scenario's values,
 * for every method of {@link Nvml}; plus the protocols the mock honours and the binding relies on.
 */
class NativeMockRoundTripTest {

    private final Scenario scenario = RoundTripScenario.create();
    private NativeMock mock;
    private JnaNvml nvml;

    @BeforeEach
    void openTheMockWithTheScenario() {
        mock = NativeMock.load(NvmlSdk.requireBuilt("smi4j.native.mock", "native mock libnvidia-ml.so.1"));
        mock.apply(scenario);
        nvml = JnaNvml.load(mock.path());
        nvml.init();
    }

    @AfterEach
    void close() {
        if (nvml != null) {
            nvml.close();
        }
    }

    private long device(int index) {
        return nvml.deviceHandleByIndex(index);
    }

    private SimVgpuHost host(int gpu) {
        return scenario.gpus().get(gpu).vgpuHost().orElseThrow();
    }

    private SimVgpu vgpu(long id) {
        return host(0).vgpus().stream().filter(v -> v.id() == id).findFirst().orElseThrow();
    }

    @Test
    void systemValuesAreTheScenarios() {
        assertEquals(scenario.driverVersion(), nvml.systemDriverVersion());
        assertEquals(scenario.nvmlVersion(), nvml.systemNvmlVersion());
        assertEquals(scenario.cudaDriverVersion(), nvml.systemCudaDriverVersion());
        assertEquals(scenario.gpus().size(), nvml.deviceCount());
        assertEquals("python3 train.py", nvml.systemProcessName(2001));
    }

    @Test
    void everyDeviceReadingIsTheScenariosOnEveryGpu() {
        for (int i = 0; i < scenario.gpus().size(); i++) {
            SimGpu gpu = scenario.gpus().get(i);
            long d = device(i);
            assertEquals(gpu.name(), nvml.deviceName(d));
            assertEquals(gpu.uuid(), nvml.deviceUuid(d));
            assertEquals(gpu.pci(), nvml.devicePciInfo(d));
            assertEquals(gpu.memory(), nvml.deviceMemoryInfo(d));
            assertEquals(gpu.temperatureC(), nvml.deviceTemperature(d));
            assertEquals(gpu.powerUsageMw(), nvml.devicePowerUsage(d));
            assertEquals(gpu.powerLimitMw(), nvml.deviceEnforcedPowerLimit(d));
            for (ClockType type : ClockType.values()) {
                assertEquals(gpu.clocksMhz().get(type.code()), nvml.deviceClock(d, type), type.name());
                assertEquals(gpu.maxClocksMhz().get(type.code()), nvml.deviceMaxClock(d, type), type.name());
            }
            assertEquals(gpu.fanSpeedPercent(), nvml.deviceFanSpeed(d));
            assertEquals(gpu.performanceState(), nvml.devicePerformanceState(d));
            assertEquals(gpu.ecc(), nvml.deviceEccMode(d));
            assertEquals(gpu.virtualizationMode(), nvml.deviceVirtualizationMode(d));
            assertEquals(gpu.mig(), nvml.deviceMigMode(d));
            assertEquals(processes(gpu), nvml.deviceComputeRunningProcesses(d));
            if (gpu.mig().current()) {
                assertNvmlError(NvmlReturn.NOT_SUPPORTED, "nvmlDeviceGetUtilizationRates",
                        () -> nvml.deviceUtilizationRates(d));
            } else {
                assertEquals(gpu.utilization(), nvml.deviceUtilizationRates(d));
            }
        }
    }

    @Test
    void aVgpuGuestReadsItsGridLicence() {
        assertEquals(scenario.gpus().get(3).guestLicense().orElseThrow(), nvml.deviceGridLicense(device(3)));
        assertEquals(new io.smi4j.model.GridLicense(false, List.of()), nvml.deviceGridLicense(device(0)),
                "off a guest, licensing does not apply");
    }

    @Test
    void migInstancesProfilesAndDevicesAreTheScenarios() {
        SimGpu gpu = scenario.gpus().get(2);
        long d = device(2);
        List<GpuInstanceProfile> profiles = gpu.gpuInstances().stream().map(SimGpuInstance::profile)
                .sorted(Comparator.comparingInt(GpuInstanceProfile::profileIndex)).toList();
        assertEquals(profiles, nvml.deviceGpuInstanceProfiles(d));
        assertEquals(17, profiles.get(profiles.size() - 1).profileIndex(), "nvml.h 13.3's last GPU instance profile");
        for (SimGpuInstance expected : gpu.gpuInstances()) {
            List<GpuInstance> instances = nvml.deviceGpuInstances(d, expected.profile().id());
            assertEquals(1, instances.size());
            GpuInstance gi = instances.get(0);
            assertEquals(new GpuInstance(gi.handle(), expected.instance().id(), expected.instance().profileId(),
                    expected.instance().placementStart(), expected.instance().placementSize()), gi);
            assertEquals(expected.computeProfiles(), nvml.gpuInstanceComputeInstanceProfiles(gi.handle()));
            List<ComputeInstance> all = expected.computeProfiles().stream()
                    .flatMap(p -> nvml.gpuInstanceComputeInstances(gi.handle(), p.id()).stream()).toList();
            assertEquals(expected.computeInstances().size(), all.size());
            for (int c = 0; c < all.size(); c++) {
                ComputeInstance want = expected.computeInstances().get(c);
                assertEquals(new ComputeInstance(all.get(c).handle(), want.id(), want.profileId(), want.gpuInstanceId()),
                        all.get(c));
            }
        }
        assertEquals(7, nvml.deviceMaxMigDeviceCount(d));
        for (int i = 0; i < gpu.migDevices().size(); i++) {
            SimMigDevice expected = gpu.migDevices().get(i);
            long mig = nvml.deviceMigDeviceHandleByIndex(d, i);
            assertEquals(expected.name(), nvml.deviceName(mig));
            assertEquals(expected.uuid(), nvml.deviceUuid(mig));
            assertEquals(expected.gpuInstanceId(), nvml.deviceGpuInstanceId(mig));
            assertEquals(expected.computeInstanceId(), nvml.deviceComputeInstanceId(mig));
            assertEquals(expected.memory(), nvml.deviceMemoryInfo(mig));
        }
        assertNvmlError(NvmlReturn.NOT_FOUND, "nvmlDeviceGetMigDeviceHandleByIndex",
                () -> nvml.deviceMigDeviceHandleByIndex(d, gpu.migDevices().size()));
        assertNvmlError(NvmlReturn.NOT_SUPPORTED, "nvmlDeviceGetGpuInstanceProfileInfo",
                () -> nvml.deviceGpuInstanceProfiles(device(0)));
    }

    @Test
    void vgpuHostStateCapabilitiesAndTheFullLogAreTheScenarios() {
        SimVgpuHost host = host(0);
        long d = device(0);
        assertEquals(host.hostMode(), nvml.deviceHostVgpuMode(d));
        assertEquals(host.capabilities(), nvml.deviceVgpuSchedulerCapabilities(d));
        assertEquals(host.state(), nvml.deviceVgpuSchedulerState(d), "ARR enabled: {avgFactor, timeslice}");
        SchedulerLog log = nvml.deviceVgpuSchedulerLog(d, Long.MIN_VALUE);
        assertEquals(FULL_LOG, log.entries().size());
        assertEquals(host.schedulerLog(), log, "ARR disabled: {timeslice}");
        assertEquals(RoundTripScenario.LONG_PREEMPTION_NS / 1e9,
                log.entries().get(FULL_LOG - 1).cumulativePreemptionSeconds(), "a 64-bit duration beyond 2^32 ns");
        assertEquals(host.heterogeneousMode(), nvml.deviceVgpuHeterogeneousMode(d));
    }

    @Test
    void aLogReadNewerThanATimestampHoldsExactlyTheLaterEntries() {
        SchedulerLog all = host(0).schedulerLog();
        long seen = all.entries().get(FULL_LOG - 11).timestampNs();
        SchedulerLog newer = nvml.deviceVgpuSchedulerLog(device(0), seen);
        assertEquals(all.entries().subList(FULL_LOG - 10, FULL_LOG), newer.entries());
        assertEquals(all.params(), newer.params());
        assertEquals(List.of(), nvml.deviceVgpuSchedulerLog(device(0), all.entries().get(FULL_LOG - 1).timestampNs())
                .entries());
    }

    @Test
    void aPartialLogHoldsOnlyItsEntriesAndTheOtherUnionForm() {
        SimVgpuHost host = host(1);
        SchedulerLog log = nvml.deviceVgpuSchedulerLog(device(1), Long.MIN_VALUE);
        assertEquals(PARTIAL_LOG, log.entries().size());
        assertEquals(host.schedulerLog(), log, "ARR enabled in the log");
        assertEquals(host.state(), nvml.deviceVgpuSchedulerState(device(1)), "ARR disabled in the state");
    }

    @Test
    void vgpuTypesAndTheirListsAreTheScenarios() {
        SimVgpuHost host = host(0);
        long d = device(0);
        assertArrayEquals(host.types().stream().mapToLong(SimVgpuType::id).toArray(), nvml.deviceSupportedVgpus(d));
        assertArrayEquals(host.types().stream().filter(SimVgpuType::creatable).mapToLong(SimVgpuType::id).toArray(),
                nvml.deviceCreatableVgpus(d));
        for (SimVgpuType t : host.types()) {
            assertEquals(t.name(), nvml.vgpuTypeName(t.id()));
            assertEquals(t.typeClass(), nvml.vgpuTypeClass(t.id()));
            assertEquals(t.framebufferBytes(), nvml.vgpuTypeFramebufferSize(t.id()));
            assertEquals(t.maxInstances(), nvml.vgpuTypeMaxInstances(d, t.id()));
            assertEquals(t.gpuInstanceProfileId(), nvml.vgpuTypeGpuInstanceProfileId(t.id()));
        }
    }

    @Test
    void everyVgpuInstanceValueIsTheScenariosIncludingIdsAboveTwoToThe31() {
        long[] active = nvml.deviceActiveVgpus(device(0));
        assertArrayEquals(new long[] {VGPU_A, VGPU_B, VGPU_C}, active);
        for (long id : active) {
            SimVgpu v = vgpu(id);
            assertEquals(v.uuid(), nvml.vgpuInstanceUuid(id));
            assertEquals(v.vmId(), nvml.vgpuInstanceVmId(id));
            assertEquals(v.vmDriverVersion(), nvml.vgpuInstanceVmDriverVersion(id));
            assertEquals(v.fbUsageBytes(), nvml.vgpuInstanceFbUsage(id));
            assertEquals(v.license(), nvml.vgpuInstanceLicenseInfo(id));
            assertEquals(v.license().licensed() ? 1 : 0, nvml.vgpuInstanceLicenseStatus(id));
            assertEquals(v.typeId(), nvml.vgpuInstanceType(id));
            assertEquals(v.frameRateLimit(), nvml.vgpuInstanceFrameRateLimit(id));
            assertEquals(v.eccEnabled(), nvml.vgpuInstanceEccMode(id));
            assertEquals(v.encoderCapacity(), nvml.vgpuInstanceEncoderCapacity(id));
            assertEquals(v.encoderStats(), nvml.vgpuInstanceEncoderStats(id));
            assertEquals(v.gpuInstanceId(), nvml.vgpuInstanceGpuInstanceId(id));
            assertEquals(v.accountingMode(), nvml.vgpuInstanceAccountingMode(id));
            if (v.accountingMode()) {
                assertArrayEquals(v.accounting().stream().mapToLong(SimVgpu.Accounting::pid).toArray(),
                        nvml.vgpuInstanceAccountingPids(id));
                for (SimVgpu.Accounting a : v.accounting()) {
                    assertEquals(a.stats(), nvml.vgpuInstanceAccountingStats(id, a.pid()));
                }
            } else {
                assertNvmlError(NvmlReturn.NOT_SUPPORTED, "nvmlVgpuInstanceGetAccountingPids",
                        () -> nvml.vgpuInstanceAccountingPids(id));
            }
        }
    }

    @Test
    void aVmIdWithQuotesBackslashesAndNonAsciiSurvivesByteForByte() {
        assertEquals(RoundTripScenario.ODD_VM_ID, nvml.vgpuInstanceVmId(VGPU_A).id());
    }

    @Test
    void utilizationSamplesDecodeAsTheScenariosInBothForms() {
        List<VgpuUtilizationSample> samples = host(0).utilizationSamples();
        List<VgpuUtilizationSample> legacy = samples.stream().map(s -> new VgpuUtilizationSample(s.vgpuInstance(),
                s.timestampUs(), s.sm(), s.mem(), s.enc(), s.dec(), Double.NaN, Double.NaN)).toList();
        assertEquals(legacy, nvml.deviceVgpuUtilization(device(0), 0));
        assertEquals(samples, nvml.deviceVgpuInstancesUtilizationInfo(device(0), 0));
        assertEquals(host(0).processSamples(), nvml.deviceVgpuProcessUtilization(device(0), 0));
    }

    @Test
    void onlySamplesNewerThanTheLastSeenTimestampComeBackAndNoneIsAnEmptyList() {
        List<VgpuUtilizationSample> samples = host(0).utilizationSamples();
        assertEquals(samples.subList(1, 3), nvml.deviceVgpuInstancesUtilizationInfo(device(0), 1_000));
        assertEquals(1, nvml.deviceVgpuUtilization(device(0), 2_000).size());
        assertEquals(List.of(), nvml.deviceVgpuUtilization(device(0), 3_000));
        assertEquals(List.of(), nvml.deviceVgpuInstancesUtilizationInfo(device(0), 3_000));
        assertEquals(List.of(), nvml.deviceVgpuProcessUtilization(device(0), 2_500));
        assertEquals(List.of(), nvml.deviceVgpuUtilization(device(1), 0), "a host without vGPUs has no samples");
    }

    @Test
    void everySampleValueTypeDecodesToTheSameNumbers() {
        List<VgpuUtilizationSample> samples = host(0).utilizationSamples();
        for (int type : new int[] {0, 1, 2, 3, 4, 5}) {
            mock.sampleValueType(type);
            assertEquals(samples, nvml.deviceVgpuInstancesUtilizationInfo(device(0), 0), "nvmlValueType_t " + type);
        }
    }

    @Test
    void aCountThatGrowsBetweenTheCountCallAndTheFillCallIsReadInFull() {
        mock.growCountOnce("nvmlDeviceGetActiveVgpus", 2);
        assertArrayEquals(new long[] {VGPU_A, VGPU_B, VGPU_C}, nvml.deviceActiveVgpus(device(0)));
        mock.growCountOnce("nvmlVgpuInstanceGetAccountingPids", 1);
        assertEquals(3, nvml.vgpuInstanceAccountingPids(VGPU_A).length);
        mock.growCountOnce("nvmlDeviceGetComputeRunningProcesses_v3", 1);
        assertEquals(2, nvml.deviceComputeRunningProcesses(device(2)).size());
        mock.growCountOnce("nvmlDeviceGetSupportedVgpus", 2);
        assertEquals(3, nvml.deviceSupportedVgpus(device(0)).length);
        mock.growCountOnce("nvmlDeviceGetVgpuUtilization", 1);
        assertEquals(3, nvml.deviceVgpuUtilization(device(0), 0).size());
        mock.growCountOnce("nvmlDeviceGetVgpuInstancesUtilizationInfo", 2);
        assertEquals(3, nvml.deviceVgpuInstancesUtilizationInfo(device(0), 0).size());
        mock.growCountOnce("nvmlDeviceGetVgpuProcessUtilization", 1);
        assertEquals(2, nvml.deviceVgpuProcessUtilization(device(0), 0).size());
        mock.growCountOnce("nvmlDeviceGetGraphicsRunningProcesses_v3", 1);
        assertEquals(2, nvml.deviceGraphicsRunningProcesses(device(3)).size());
        mock.growCountOnce("nvmlDeviceGetProcessUtilization", 1);
        assertEquals(2, nvml.deviceProcessUtilization(device(3), 0).size());
        mock.growCountOnce("nvmlDeviceGetProcessesUtilizationInfo", 1);
        assertEquals(2, nvml.deviceProcessesUtilizationInfo(device(3), 0).size());
    }

    @Test
    void graphicsProcessesAndProcessUtilizationSamplesAreTheScenarios() {
        long d = device(3);
        assertEquals(List.of(3001L, 3003L), nvml.deviceComputeRunningProcesses(d).stream().map(ProcessInfo::pid)
                .toList(), "compute, and compute + graphics");
        assertEquals(List.of(new ProcessInfo(3002, 64L << 20, Nvml.NOT_AVAILABLE, Nvml.NOT_AVAILABLE),
                new ProcessInfo(3003, 1L << 30, Nvml.NOT_AVAILABLE, Nvml.NOT_AVAILABLE)),
                nvml.deviceGraphicsRunningProcesses(d));
        assertEquals(List.of(new ProcessUtilizationSample(3001, 1_000, 10, 5, 0, 0, 3, 4),
                new ProcessUtilizationSample(3002, 2_000, 2, 1, 0, 1, 0, 0)), nvml.deviceProcessesUtilizationInfo(d, 0));
        assertEquals(List.of(new ProcessUtilizationSample(3001, 1_000, 10, 5, 0, 0, -1, -1),
                new ProcessUtilizationSample(3002, 2_000, 2, 1, 0, 1, -1, -1)), nvml.deviceProcessUtilization(d, 0),
                "the pre-R550 record has no jpg and ofa");
        assertEquals(List.of(3002L), nvml.deviceProcessUtilization(d, 1_000).stream()
                .map(ProcessUtilizationSample::pid).toList(), "only samples newer than the cursor");
        assertEquals(List.of(), nvml.deviceProcessesUtilizationInfo(d, 2_000), "NOT_FOUND: none newer");
    }

    @Test
    void processUtilizationIsNotSupportedWithMigOnAndTheR550CallIsMissingFromR535() {
        assertNvmlError(NvmlReturn.NOT_SUPPORTED, "nvmlDeviceGetProcessUtilization",
                () -> nvml.deviceProcessUtilization(device(2), 0));
        assertNvmlError(NvmlReturn.NOT_SUPPORTED, "nvmlDeviceGetProcessesUtilizationInfo",
                () -> nvml.deviceProcessesUtilizationInfo(device(2), 0));
        mock.apply(new Scenario(scenario.name(), true, "535.261.03", "12.535.261.03", 12020, scenario.gpus()));
        assertNvmlError(NvmlReturn.FUNCTION_NOT_FOUND, "nvmlDeviceGetProcessesUtilizationInfo",
                () -> nvml.deviceProcessesUtilizationInfo(device(3), 0));
        assertEquals(2, nvml.deviceProcessUtilization(device(3), 0).size());
    }

    @Test
    void processesAreReadRightFromADriverThatFillsThirtyTwoByteRecords() {
        mock.apply(new Scenario(scenario.name(), true, "535.54.03", "12.535.54.03", 12020, scenario.gpus()));
        try (JnaNvml quirky = JnaNvml.load(mock.path())) {
            quirky.init();
            assertEquals(processes(scenario.gpus().get(2)), quirky.deviceComputeRunningProcesses(device(2)));
        }
    }

    @Test
    void aCountThatNeverSettlesFailsWithInsufficientSizeAfterBoundedAttempts() {
        mock.injectError("nvmlDeviceGetActiveVgpus", NvmlReturn.INSUFFICIENT_SIZE.code(), -1);
        NvmlException e = assertNvmlError(NvmlReturn.INSUFFICIENT_SIZE, "nvmlDeviceGetActiveVgpus",
                () -> nvml.deviceActiveVgpus(device(0)));
        assertTrue(e.getMessage().contains("still grew"), e.getMessage());
    }

    @Test
    void settingTheSchedulerOnAnIdleHostIsRecordedAndBecomesItsState() {
        long d = device(1);
        var timeslice = io.smi4j.model.SchedulerSetState.withTimeslice(io.smi4j.model.SchedulerPolicy.EQUAL_SHARE, 8_000_000 / 1e9);
        nvml.deviceSetVgpuSchedulerState(d, timeslice);
        assertEquals(timeslice, mock.lastSetSchedulerState().orElseThrow());
        assertEquals(new io.smi4j.model.SchedulerState(io.smi4j.model.SchedulerPolicy.EQUAL_SHARE,
                io.smi4j.model.ArrMode.DISABLED, new io.smi4j.model.SchedulerParams(Nvml.NOT_AVAILABLE, 0.008)),
                nvml.deviceVgpuSchedulerState(d));
    }

    @Test
    void settingTheSchedulerWithArrPassesAvgFactorAndFrequency() {
        mock.injectError("nvmlDeviceSetVgpuSchedulerState", NvmlReturn.RESET_REQUIRED.code(), 1);
        var arr = io.smi4j.model.SchedulerSetState.withArr(io.smi4j.model.SchedulerPolicy.BEST_EFFORT, 40, 480);
        assertNvmlError(NvmlReturn.RESET_REQUIRED, "nvmlDeviceSetVgpuSchedulerState",
                () -> nvml.deviceSetVgpuSchedulerState(device(1), arr));
        assertNvmlError(NvmlReturn.INVALID_ARGUMENT, "nvmlDeviceSetVgpuSchedulerState",
                () -> nvml.deviceSetVgpuSchedulerState(device(1), arr));
        assertEquals(arr, mock.lastSetSchedulerState().orElseThrow(), "GPU 1 does not support ARR, but got the words");
    }

    @Test
    void settingTheSchedulerWhileVgpusRunIsNotSupported() {
        var state = io.smi4j.model.SchedulerSetState.withArr(io.smi4j.model.SchedulerPolicy.EQUAL_SHARE, 30, 480);
        assertNvmlError(NvmlReturn.NOT_SUPPORTED, "nvmlDeviceSetVgpuSchedulerState",
                () -> nvml.deviceSetVgpuSchedulerState(device(0), state));
        assertEquals(state, mock.lastSetSchedulerState().orElseThrow());
        assertEquals(host(0).state(), nvml.deviceVgpuSchedulerState(device(0)), "unchanged");
    }

    @Test
    void injectedErrorsComeBackWithTheCallNameAndCodeForTheirCount() {
        mock.injectError("nvmlDeviceGetTemperature", NvmlReturn.GPU_IS_LOST.code(), 1);
        NvmlException lost = assertNvmlError(NvmlReturn.GPU_IS_LOST, "nvmlDeviceGetTemperature",
                () -> nvml.deviceTemperature(device(0)));
        assertTrue(lost.isFatal());
        assertEquals(scenario.gpus().get(0).temperatureC(), nvml.deviceTemperature(device(0)), "once only");
        mock.injectError("nvmlVgpuInstanceGetFbUsage", 1234, 2);
        NvmlException unknown = assertThrows(NvmlException.class, () -> nvml.vgpuInstanceFbUsage(VGPU_A));
        assertEquals(1234, unknown.code());
        assertEquals(NvmlReturn.UNRECOGNIZED, unknown.result());
    }

    @Test
    void memoryFallsBackToTheV1CallWithoutReservedMemory() {
        mock.injectError("nvmlDeviceGetMemoryInfo_v2", NvmlReturn.NOT_SUPPORTED.code(), 1);
        MemoryInfo m = scenario.gpus().get(0).memory();
        assertEquals(new MemoryInfo(m.totalBytes(), Nvml.NOT_AVAILABLE, m.freeBytes(), m.usedBytes()),
                nvml.deviceMemoryInfo(device(0)));
    }

    @Test
    void anUnknownOrDestroyedVgpuIsNotFound() {
        assertNvmlError(NvmlReturn.NOT_FOUND, "nvmlVgpuInstanceGetUUID", () -> nvml.vgpuInstanceUuid(12345));
        mock.apply(new Scenario(scenario.name(), true, scenario.driverVersion(), scenario.nvmlVersion(),
                scenario.cudaDriverVersion(), scenario.gpus().subList(1, 2)));
        assertNvmlError(NvmlReturn.NOT_FOUND, "nvmlVgpuInstanceGetFbUsage", () -> nvml.vgpuInstanceFbUsage(VGPU_A));
    }

    @Test
    void vgpuHostCallsOffAVgpuHostOrWithMigOnAreNotSupported() {
        long bare = device(2);
        assertNvmlError(NvmlReturn.NOT_SUPPORTED, "nvmlDeviceGetHostVgpuMode", () -> nvml.deviceHostVgpuMode(bare));
        assertNvmlError(NvmlReturn.NOT_SUPPORTED, "nvmlDeviceGetVgpuSchedulerLog", () -> nvml.deviceVgpuSchedulerLog(bare, Long.MIN_VALUE));
        assertNvmlError(NvmlReturn.NOT_SUPPORTED, "nvmlDeviceGetActiveVgpus", () -> nvml.deviceActiveVgpus(bare));
        assertNvmlError(NvmlReturn.NOT_SUPPORTED, "nvmlDeviceGetVgpuUtilization", () -> nvml.deviceVgpuUtilization(bare, 0));
    }

    @Test
    void heterogeneousModeOfAGpuWithoutItIsNotSupported() {
        assertNvmlError(NvmlReturn.NOT_SUPPORTED, "nvmlDeviceGetVgpuHeterogeneousMode",
                () -> nvml.deviceVgpuHeterogeneousMode(device(1)));
    }

    @Test
    void theNewerVgpuTypeAndInstanceFactsAreTheScenariosAbove32Bits() {
        SimVgpuType large = host(0).types().stream().filter(t -> t.id() == RoundTripScenario.TYPE_LARGE).findFirst()
                .orElseThrow();
        assertEquals(64L << 30, nvml.vgpuTypeBar1Size(RoundTripScenario.TYPE_LARGE));
        assertEquals(0x1_0000_0000L, nvml.vgpuTypeGspHeapSize(RoundTripScenario.TYPE_LARGE));
        assertTrue(large.fbReservationBytes().isEmpty());
        assertNvmlError(NvmlReturn.NOT_SUPPORTED, "nvmlVgpuTypeGetFbReservation",
                () -> nvml.vgpuTypeFbReservation(RoundTripScenario.TYPE_LARGE));
        SimVgpuType small = host(0).types().get(0);
        assertEquals(small.fbReservationBytes().orElseThrow(), nvml.vgpuTypeFbReservation(small.id()));
        assertEquals(5_000_000_000L, nvml.vgpuInstanceRuntimeStateSize(RoundTripScenario.VGPU_A));
        assertEquals(48L << 20, nvml.vgpuInstanceRuntimeStateSize(RoundTripScenario.VGPU_C));
        assertNvmlError(NvmlReturn.NOT_SUPPORTED, "nvmlVgpuInstanceGetRuntimeStateSize",
                () -> nvml.vgpuInstanceRuntimeStateSize(RoundTripScenario.VGPU_B));
        assertNvmlError(NvmlReturn.NOT_FOUND, "nvmlVgpuInstanceGetRuntimeStateSize",
                () -> nvml.vgpuInstanceRuntimeStateSize(12345));
    }

    @Test
    void vgpuCapabilitiesLeaveOutWhatTheGpuDoesNotSupportAndTheDriverDoesNotKnow() {
        Map<DeviceVgpuCapability, Long> caps = nvml.deviceVgpuCapabilities(device(0));
        assertEquals(0xFFFF_FFF0L, caps.get(DeviceVgpuCapability.READ_DEVICE_BUFFER_BW), "unsigned");
        assertEquals(15_000L, caps.get(DeviceVgpuCapability.WRITE_DEVICE_BUFFER_BW));
        assertFalse(caps.containsKey(DeviceVgpuCapability.DEVICE_STREAMING), "-1 in the scenario: not supported");
        assertEquals(DeviceVgpuCapability.values().length - 1, caps.size());
        for (DeviceVgpuCapability c : caps.keySet()) {
            assertEquals(host(0).vgpuCapabilities().get(c.code()), caps.get(c), c.name());
        }
        // GPU 1 answers no capability: the call as a whole is not supported
        assertNvmlError(NvmlReturn.NOT_SUPPORTED, "nvmlDeviceGetVgpuCapabilities",
                () -> nvml.deviceVgpuCapabilities(device(1)));
        // the driver knows the first driver capability only (warm update is newer): INVALID_ARGUMENT leaves it out
        assertEquals(Map.of(VgpuDriverCapability.HETEROGENEOUS_MULTI_VGPU, 1L), nvml.vgpuDriverCapabilities());
    }

    @Test
    void beforeTheirDriverTheNewerVgpuFactsAreFunctionNotFound() {
        mock.apply(new Scenario(scenario.name(), true, "550.163.01", "12.550.163.01", 12040, scenario.gpus(),
                scenario.vgpuDriverCapabilities()));
        assertNvmlError(NvmlReturn.FUNCTION_NOT_FOUND, "nvmlVgpuTypeGetBAR1Info",
                () -> nvml.vgpuTypeBar1Size(RoundTripScenario.TYPE_LARGE));
        assertNvmlError(NvmlReturn.FUNCTION_NOT_FOUND, "nvmlVgpuInstanceGetRuntimeStateSize",
                () -> nvml.vgpuInstanceRuntimeStateSize(RoundTripScenario.VGPU_A));
        assertEquals(0x1_0000_0000L, nvml.vgpuTypeGspHeapSize(RoundTripScenario.TYPE_LARGE), "R550 has it");
        mock.apply(new Scenario(scenario.name(), true, "535.261.03", "12.535.261.03", 12020, scenario.gpus(),
                scenario.vgpuDriverCapabilities()));
        assertNvmlError(NvmlReturn.FUNCTION_NOT_FOUND, "nvmlVgpuTypeGetGspHeapSize",
                () -> nvml.vgpuTypeGspHeapSize(RoundTripScenario.TYPE_LARGE));
        assertNvmlError(NvmlReturn.FUNCTION_NOT_FOUND, "nvmlVgpuTypeGetFbReservation",
                () -> nvml.vgpuTypeFbReservation(RoundTripScenario.TYPE_LARGE));
        assertEquals(1L, nvml.vgpuDriverCapabilities().get(VgpuDriverCapability.HETEROGENEOUS_MULTI_VGPU),
                "R535 exports the capability calls");
    }

    @Test
    void aDriverOlderThanTheNewerMigProfileIndicesLeavesThemOutWithoutAnError() {
        mock.apply(new Scenario(scenario.name(), true, "550.163.01", "12.550.163.01", 12040, scenario.gpus()));
        List<GpuInstanceProfile> known = scenario.gpus().get(2).gpuInstances().stream().map(SimGpuInstance::profile)
                .filter(p -> p.profileIndex() < 10).sorted(Comparator.comparingInt(GpuInstanceProfile::profileIndex))
                .toList();
        assertEquals(known, nvml.deviceGpuInstanceProfiles(device(2)), "index 17 answers INVALID_ARGUMENT: absent");
        GpuInstance big = nvml.deviceGpuInstances(device(2), 0).get(0);
        assertEquals(scenario.gpus().get(2).gpuInstances().get(0).computeProfiles(),
                nvml.gpuInstanceComputeInstanceProfiles(big.handle()));
    }

    @Test
    void underAnR535DriverTheR550OnlyFunctionsAreFunctionNotFound() {
        mock.apply(new Scenario(scenario.name(), true, "535.261.03", "12.535.261.03", 12020, scenario.gpus()));
        NvmlException hetero = assertNvmlError(NvmlReturn.FUNCTION_NOT_FOUND, "nvmlDeviceGetVgpuHeterogeneousMode",
                () -> nvml.deviceVgpuHeterogeneousMode(device(0)));
        assertTrue(hetero.isNotSupported());
        assertNvmlError(NvmlReturn.FUNCTION_NOT_FOUND, "nvmlDeviceGetVgpuInstancesUtilizationInfo",
                () -> nvml.deviceVgpuInstancesUtilizationInfo(device(0), 0));
        assertEquals(3, nvml.deviceVgpuUtilization(device(0), 0).size(), "the R535 form still answers");
    }

    @Test
    void aSensorTheScenarioMarksNotAvailableIsNotSupported() {
        SimGpu gpu = scenario.gpus().get(3);
        SimGpu fanless = new SimGpu(gpu.name(), gpu.uuid(), gpu.pci(), gpu.virtualizationMode(), gpu.memory(),
                gpu.utilization(), -1, -1, gpu.powerLimitMw(), List.of(-1L, 1740L, 7251L, 1500L), gpu.maxClocksMhz(),
                -1, -1, gpu.ecc(), gpu.mig(), gpu.processes(), gpu.gpuInstances(), gpu.migDevices(), gpu.vgpuHost(),
                gpu.guestLicense());
        mock.apply(new Scenario("fanless", true, "550.163.01", "12.550.163.01", 12040, List.of(fanless)));
        long d = device(0);
        assertNvmlError(NvmlReturn.NOT_SUPPORTED, "nvmlDeviceGetFanSpeed", () -> nvml.deviceFanSpeed(d));
        assertNvmlError(NvmlReturn.NOT_SUPPORTED, "nvmlDeviceGetTemperature", () -> nvml.deviceTemperature(d));
        assertNvmlError(NvmlReturn.NOT_SUPPORTED, "nvmlDeviceGetPowerUsage", () -> nvml.devicePowerUsage(d));
        assertNvmlError(NvmlReturn.NOT_SUPPORTED, "nvmlDeviceGetPerformanceState", () -> nvml.devicePerformanceState(d));
        assertNvmlError(NvmlReturn.NOT_SUPPORTED, "nvmlDeviceGetClockInfo", () -> nvml.deviceClock(d, ClockType.GRAPHICS));
        assertEquals(1740, nvml.deviceClock(d, ClockType.SM));
    }

    @Test
    void callsBeforeInitAreUninitializedAndANoDriverHostFailsInit() {
        nvml.shutdown();
        assertNvmlError(NvmlReturn.UNINITIALIZED, "nvmlDeviceGetCount_v2", nvml::deviceCount);
        mock.apply(new Scenario("no-driver", false, "", scenario.nvmlVersion(), 0, List.of()));
        NvmlException e = assertNvmlError(NvmlReturn.DRIVER_NOT_LOADED, "nvmlInit_v2", nvml::init);
        assertEquals(9, e.code());
        assertEquals(scenario.nvmlVersion(), nvml.systemNvmlVersion(), "answers before init");
    }

    private static List<ProcessInfo> processes(SimGpu gpu) {
        return gpu.processes().stream().filter(SimProcess::compute).map(p -> new ProcessInfo(p.pid(), p.usedGpuMemoryBytes(), p.gpuInstanceId(),
                p.computeInstanceId())).toList();
    }

    private static NvmlException assertNvmlError(NvmlReturn expected, String call, Executable executable) {
        NvmlException e = assertThrows(NvmlException.class, executable::run);
        assertEquals(expected, e.result(), e.getMessage());
        assertEquals(call, e.call());
        return e;
    }

    /** A call expected to fail; its value, if any, is irrelevant. */
    @FunctionalInterface
    interface Executable {
        void run() throws Throwable;
    }
}
