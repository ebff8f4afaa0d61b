package io.smi4j.mock;

import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.mock.scenario.SimGpuInstance;
import io.smi4j.mock.scenario.SimGpuInstanceVgpus;
import io.smi4j.mock.scenario.SimMigDevice;
import io.smi4j.mock.scenario.SimProcess;
import io.smi4j.mock.scenario.SimVgpu;
import io.smi4j.mock.scenario.SimVgpuHost;
import io.smi4j.mock.scenario.SimVgpuType;
import io.smi4j.model.ArrMode;
import io.smi4j.model.GpuProcess;
import io.smi4j.model.GridLicense;
import io.smi4j.model.NvmlReturn;
import io.smi4j.model.VirtualizationMode;
import io.smi4j.nvml.ClockType;
import io.smi4j.nvml.ComputeInstance;
import io.smi4j.nvml.ComputeInstanceProfile;
import io.smi4j.nvml.DeviceVgpuCapability;
import io.smi4j.nvml.GpuInstance;
import io.smi4j.nvml.GpuInstanceProfile;
import io.smi4j.model.SchedulerCapabilities;
import io.smi4j.model.SchedulerParams;
import io.smi4j.model.SchedulerPolicy;
import io.smi4j.model.SchedulerState;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlException;
import io.smi4j.nvml.SchedulerLog;
import io.smi4j.nvml.ProcessInfo;
import io.smi4j.nvml.ProcessUtilizationSample;
import io.smi4j.nvml.UtilizationRates;
import io.smi4j.nvml.VgpuDriverCapability;
import io.smi4j.nvml.VgpuPlacementList;
import io.smi4j.nvml.VgpuProcessUtilizationSample;
import io.smi4j.nvml.PciInfo;
import io.smi4j.nvml.MemoryInfo;
import io.smi4j.nvml.EccMode;
import io.smi4j.nvml.MigMode;
import io.smi4j.nvml.NvmlFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * What an NVML answers, read back into a {@link Scenario}: the other direction of the mocks, for recording a host
 * ({@code smi4j record}) and for proving that a scenario survives NVML (the round-trip test plays a preset on the
 * native mock, records it through JnaNvml and compares).
 *
 * <p>It follows the scenario's conventions (see {@link Scenario}): a reading NVML answers NOT_SUPPORTED for is -1,
 * a vGPU host call the GPU does not support leaves no {@code vgpuHost}, an R535 driver's missing heterogeneous-mode
 * call is -1, accounting that is off holds no PIDs.
 */
public final class HostRecorder {

    private HostRecorder() {
    }

    /**
     * The host {@code nvml} shows now, named {@code name}. Initialises the session itself; a driver that is not
     * loaded gives the {@code no-driver} form (no GPUs, {@code driverLoaded} false).
     *
     * @throws NvmlException when a call fails otherwise (the recording would not be what NVML says)
     */
    public static Scenario record(Nvml nvml, String name) {
        String nvmlVersion = nvml.systemNvmlVersion();
        try {
            nvml.init();
        } catch (NvmlException e) {
            if (e.result() == NvmlReturn.DRIVER_NOT_LOADED) {
                return new Scenario(name, false, "", nvmlVersion, 0, List.of());
            }
            throw e;
        }
        try {
            return poll(nvml, name, nvmlVersion, new ArrayList<>());
        } finally {
            nvml.shutdown();
        }
    }

    /** Waits before the next poll (Thread::sleep; tests pass one that does not wait, or moves a mock on). */
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /**
     * {@code polls} polls of the host {@code nvml} shows, starting {@code intervalMs} apart, in one session: the
     * first poll, and a {@link Timeline} with a step for each later poll that changed something (only the values
     * that changed).
     * A driver that is not loaded gives the {@code no-driver} form without a timeline.
     *
     * @throws NvmlException when a call fails otherwise
     */
    public static ScenarioFile record(Nvml nvml, String name, int polls, long intervalMs, Sleeper sleeper)
            throws InterruptedException {
        if (polls < 1) {
            throw new IllegalArgumentException("polls must be 1 or more, was " + polls);
        }
        String nvmlVersion = nvml.systemNvmlVersion();
        try {
            nvml.init();
        } catch (NvmlException e) {
            if (e.result() == NvmlReturn.DRIVER_NOT_LOADED) {
                return ScenarioFile.of(new Scenario(name, false, "", nvmlVersion, 0, List.of()));
            }
            throw e;
        }
        try {
            Scenario first = null;
            Scenario previous = null;
            List<Integer> unopened = new ArrayList<>(); // GPUs whose handle NVML refused, with their codes
            List<Timeline.Step> steps = new ArrayList<>();
            long firstNs = System.nanoTime();
            for (int poll = 1; poll <= polls; poll++) {
                if (poll > 1) {
                    // polls start intervalMs apart, however long each took (one that overran starts at once)
                    long dueNs = firstNs + (poll - 1) * intervalMs * 1_000_000L;
                    sleeper.sleep(Math.max(0, (dueNs - System.nanoTime()) / 1_000_000L));
                }
                Scenario now = poll(nvml, name, nvmlVersion, unopened);
                if (first == null) {
                    first = now;
                } else {
                    java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> changes =
                            Timelines.diff(previous, now);
                    if (!changes.isEmpty()) {
                        steps.add(new Timeline.Step(poll, changes));
                    }
                }
                previous = now;
            }
            FaultPlan faults = FaultPlan.none();
            for (int k = 0; k + 1 < unopened.size(); k += 2) {
                // the GPU stays unopenable in the replay, in every poll, as it was when it was recorded
                faults = faults.with(FaultPlan.Aimed.always(NvmlFunction.nvmlDeviceGetHandleByIndex_v2,
                        NvmlReturn.of(unopened.get(k + 1)), unopened.get(k)));
            }
            return new ScenarioFile(first, faults, new Timeline(steps));
        } finally {
            nvml.shutdown();
        }
    }

    /**
     * One poll of an initialised session. A GPU whose handle NVML refuses (a GPU that fell off the bus) is recorded
     * as a placeholder with nothing known, its index and code added to {@code unopened} (once), so the replay
     * refuses its handle alike; any other failure fails the recording.
     */
    private static Scenario poll(Nvml nvml, String name, String nvmlVersion, List<Integer> unopened) {
        List<SimGpu> gpus = new ArrayList<>();
        int count = nvml.deviceCount(); // once: counting starts a poll (the Java mock moves a step)
        for (int i = 0; i < count; i++) {
            long handle;
            try {
                handle = nvml.deviceHandleByIndex(i);
            } catch (NvmlException e) {
                if (e.isFatal()) {
                    throw e;
                }
                if (!unopenedIndexes(unopened).contains(i)) {
                    unopened.add(i);
                    unopened.add(e.code());
                }
                gpus.add(unopenable());
                continue;
            }
            gpus.add(gpu(nvml, handle));
        }
        boolean vgpuHost = gpus.stream().anyMatch(g -> g.vgpuHost().isPresent());
        return new Scenario(name, true, nvml.systemDriverVersion(), nvmlVersion, nvml.systemCudaDriverVersion(),
                gpus, vgpuHost ? byCode(supported(nvml::vgpuDriverCapabilities).orElse(Map.of()),
                        VgpuDriverCapability::code) : List.of());
    }

    private static List<Integer> unopenedIndexes(List<Integer> unopened) {
        List<Integer> indexes = new ArrayList<>();
        for (int k = 0; k < unopened.size(); k += 2) {
            indexes.add(unopened.get(k));
        }
        return indexes;
    }

    /** A GPU of which nothing could be read: every reading not available, no UUID. */
    private static SimGpu unopenable() {
        return new SimGpu("", "", new PciInfo("", -1, -1, -1, -1, -1), VirtualizationMode.UNKNOWN,
                new MemoryInfo(-1, -1, -1, -1), new UtilizationRates(-1, -1), -1, -1, -1, List.of(-1L, -1L, -1L, -1L),
                List.of(-1L, -1L, -1L, -1L), -1, -1, new EccMode(false, false), new MigMode(false, false), List.of(),
                List.of(), List.of(), Optional.empty(), Optional.empty());
    }

    private static SimGpu gpu(Nvml nvml, long d) {
        VirtualizationMode mode = nvml.deviceVirtualizationMode(d);
        List<Long> clocks = new ArrayList<>();
        List<Long> maxClocks = new ArrayList<>();
        for (ClockType t : ClockType.values()) {
            clocks.add(orMinusOne(() -> nvml.deviceClock(d, t)));
            maxClocks.add(maxClock(nvml, d, t));
        }
        UtilizationRates utilization = supported(() -> nvml.deviceUtilizationRates(d))
                .orElse(new UtilizationRates(-1, -1));
        boolean migOn = nvml.deviceMigMode(d).current();
        List<ProcessInfo> compute = supported(() -> nvml.deviceComputeRunningProcesses(d)).orElse(List.of());
        List<ProcessInfo> graphics = supported(() -> nvml.deviceGraphicsRunningProcesses(d)).orElse(List.of());
        Map<Long, ProcessUtilizationSample> samples = new HashMap<>();
        for (ProcessUtilizationSample s : supported(() -> nvml.deviceProcessesUtilizationInfo(d, 0))
                .or(() -> supported(() -> nvml.deviceProcessUtilization(d, 0))).orElse(List.of())) {
            samples.merge(s.pid(), s, (a, b) -> b.timestampUs() > a.timestampUs() ? b : a);
        }
        Map<Long, ProcessInfo> byPid = new LinkedHashMap<>();
        compute.forEach(p -> byPid.put(p.pid(), p));
        graphics.forEach(p -> byPid.putIfAbsent(p.pid(), p));
        List<SimProcess> processes = new ArrayList<>();
        for (ProcessInfo p : byPid.values()) {
            String processName = supported(() -> nvml.systemProcessName(p.pid())).orElse("");
            boolean c = compute.stream().anyMatch(x -> x.pid() == p.pid());
            boolean gr = graphics.stream().anyMatch(x -> x.pid() == p.pid());
            GpuProcess.Type type = c && gr ? GpuProcess.Type.COMPUTE_GRAPHICS
                    : gr ? GpuProcess.Type.GRAPHICS : GpuProcess.Type.COMPUTE;
            processes.add(new SimProcess(p.pid(), processName, p.usedGpuMemoryBytes(), p.gpuInstanceId(),
                    p.computeInstanceId(), type == GpuProcess.Type.COMPUTE ? Optional.empty() : Optional.of(type),
                    Optional.ofNullable(samples.get(p.pid()))));
        }
        return new SimGpu(nvml.deviceName(d), nvml.deviceUuid(d), nvml.devicePciInfo(d), mode,
                nvml.deviceMemoryInfo(d), utilization,
                (int) orMinusOne(() -> nvml.deviceTemperature(d)),
                orMinusOne(() -> nvml.devicePowerUsage(d)),
                orMinusOne(() -> nvml.deviceEnforcedPowerLimit(d)),
                clocks, maxClocks,
                (int) orMinusOne(() -> nvml.deviceFanSpeed(d)),
                (int) orMinusOne(() -> nvml.devicePerformanceState(d)),
                nvml.deviceEccMode(d), nvml.deviceMigMode(d), processes,
                migOn ? gpuInstances(nvml, d, mode == VirtualizationMode.HOST_VGPU) : List.of(), migOn ? migDevices(nvml, d) : List.of(),
                mode == VirtualizationMode.HOST_VGPU ? vgpuHost(nvml, d) : Optional.empty(),
                mode == VirtualizationMode.VGPU_GUEST ? Optional.of(nvml.deviceGridLicense(d)) : Optional.<GridLicense>empty());
    }

    private static List<SimGpuInstance> gpuInstances(Nvml nvml, long d, boolean vgpuHost) {
        List<SimGpuInstance> out = new ArrayList<>();
        for (GpuInstanceProfile profile : nvml.deviceGpuInstanceProfiles(d)) {
            for (GpuInstance gi : nvml.deviceGpuInstances(d, profile.id())) {
                List<ComputeInstanceProfile> cps = nvml.gpuInstanceComputeInstanceProfiles(gi.handle());
                List<ComputeInstance> cis = new ArrayList<>();
                for (ComputeInstanceProfile cp : cps) {
                    cis.addAll(nvml.gpuInstanceComputeInstances(gi.handle(), cp.id()));
                }
                out.add(new SimGpuInstance(profile, gi, cps, cis,
                        vgpuHost ? gpuInstanceVgpus(nvml, d, profile.id(), gi.handle()) : Optional.empty()));
            }
        }
        return out;
    }

    /**
     * A GPU instance's side of MIG-backed vGPU (R575 and newer): its scheduler (v2 where the driver has it), its
     * heterogeneous mode and the vGPU types of its profile (the device's types with that GPU instance profile id),
     * each with where one more fits now. Empty on an older driver or when the GPU instance offers no vGPU.
     */
    private static Optional<SimGpuInstanceVgpus> gpuInstanceVgpus(Nvml nvml, long d, long profileId, long gi) {
        long[] creatable;
        try {
            creatable = nvml.gpuInstanceCreatableVgpus(gi);
        } catch (NvmlException e) {
            if (e.result() != NvmlReturn.FUNCTION_NOT_FOUND && !e.isNotSupported()) {
                throw e;
            }
            return Optional.empty();
        }
        List<SimGpuInstanceVgpus.Type> types = new ArrayList<>();
        for (long t : nvml.deviceSupportedVgpus(d)) {
            if (nvml.vgpuTypeGpuInstanceProfileId(t) != profileId) {
                continue;
            }
            VgpuPlacementList free = nvml.gpuInstanceVgpuTypeCreatablePlacements(gi, t);
            boolean now = Arrays.stream(creatable).anyMatch(c -> c == t);
            types.add(new SimGpuInstanceVgpus.Type(t, now, free.placementSize(),
                    nvml.vgpuTypeMaxInstancesPerGpuInstance(t),
                    now ? Arrays.stream(free.placementIds()).boxed().toList() : List.of()));
        }
        SchedulerState state;
        SchedulerLog log;
        try {
            state = nvml.gpuInstanceVgpuSchedulerStateV2(gi);
            log = nvml.gpuInstanceVgpuSchedulerLogV2(gi, Long.MIN_VALUE);
        } catch (NvmlException e) {
            if (e.result() != NvmlReturn.FUNCTION_NOT_FOUND) {
                throw e;
            }
            state = nvml.gpuInstanceVgpuSchedulerState(gi);
            log = nvml.gpuInstanceVgpuSchedulerLog(gi, Long.MIN_VALUE);
        }
        return Optional.of(new SimGpuInstanceVgpus(state, log, nvml.gpuInstanceVgpuHeterogeneousMode(gi), types));
    }

    private static List<SimMigDevice> migDevices(Nvml nvml, long d) {
        List<SimMigDevice> out = new ArrayList<>();
        for (int i = 0; i < nvml.deviceMaxMigDeviceCount(d); i++) {
            long h;
            try {
                h = nvml.deviceMigDeviceHandleByIndex(d, i);
            } catch (NvmlException e) {
                if (e.result() == NvmlReturn.NOT_FOUND) {
                    continue; // the index is free: NVML numbers MIG devices up to the maximum, not densely
                }
                throw e;
            }
            out.add(new SimMigDevice(nvml.deviceName(h), nvml.deviceUuid(h), nvml.deviceGpuInstanceId(h),
                    nvml.deviceComputeInstanceId(h), nvml.deviceMemoryInfo(h)));
        }
        return out;
    }

    private static Optional<SimVgpuHost> vgpuHost(Nvml nvml, long d) {
        Optional<io.smi4j.model.HostVgpuMode> hostMode = supported(() -> nvml.deviceHostVgpuMode(d));
        if (hostMode.isEmpty()) {
            return Optional.empty();
        }
        long[] creatable = nvml.deviceCreatableVgpus(d);
        List<SimVgpuType> types = new ArrayList<>();
        for (long t : nvml.deviceSupportedVgpus(d)) {
            SimVgpuType type = new SimVgpuType(t, nvml.vgpuTypeName(t), nvml.vgpuTypeClass(t),
                    nvml.vgpuTypeFramebufferSize(t), nvml.vgpuTypeMaxInstances(d, t), nvml.vgpuTypeGpuInstanceProfileId(t),
                    Arrays.stream(creatable).anyMatch(c -> c == t));
            // placements are R550 calls, the creatable ones answered only in heterogeneous mode: else the defaults
            long size = supported(() -> nvml.deviceVgpuTypeSupportedPlacements(d, t))
                    .map(VgpuPlacementList::placementSize).orElse(type.placementSize());
            List<Long> free = supported(() -> nvml.deviceVgpuTypeCreatablePlacements(d, t))
                    .map(l -> Arrays.stream(l.placementIds()).boxed().toList()).orElse(List.of());
            long perVm = supported(() -> nvml.vgpuTypeMaxInstancesPerVm(t)).orElse(type.maxInstancesPerVm());
            types.add(new SimVgpuType(t, type.name(), type.typeClass(), type.framebufferBytes(), type.maxInstances(),
                    type.gpuInstanceProfileId(), type.creatable(), size, perVm, free,
                    supported(() -> nvml.vgpuTypeBar1Size(t)), supported(() -> nvml.vgpuTypeFbReservation(t)),
                    supported(() -> nvml.vgpuTypeGspHeapSize(t))));
        }
        List<SimVgpu> vgpus = new ArrayList<>();
        for (long v : nvml.deviceActiveVgpus(d)) {
            vgpus.add(vgpu(nvml, v));
        }
        int heterogeneous;
        try {
            heterogeneous = nvml.deviceVgpuHeterogeneousMode(d);
        } catch (NvmlException e) {
            if (e.result() != NvmlReturn.FUNCTION_NOT_FOUND && !e.isNotSupported()) {
                throw e;
            }
            heterogeneous = -1;
        }
        List<VgpuProcessUtilizationSample> processSamples =
                supported(() -> nvml.deviceVgpuProcessUtilization(d, 0)).orElse(List.of());
        SchedulerState state;
        SchedulerLog log;
        try {
            // the v2 calls where the driver has them: the log with weights, the state without ARR
            state = nvml.deviceVgpuSchedulerStateV2(d);
            log = nvml.deviceVgpuSchedulerLogV2(d, Long.MIN_VALUE);
        } catch (NvmlException e) {
            if (e.result() == NvmlReturn.NOT_SUPPORTED) {
                // a GPU in MIG mode: its vGPUs are time-sliced per GPU instance, the device has no scheduler to
                // tell; a replay answers NOT_SUPPORTED there too, whatever the file holds
                SchedulerParams none = new SchedulerParams(0, 0.001);
                state = new SchedulerState(SchedulerPolicy.BEST_EFFORT, ArrMode.UNKNOWN, none);
                log = new SchedulerLog(0, SchedulerPolicy.BEST_EFFORT, ArrMode.UNKNOWN, none, List.of());
            } else if (e.result() != NvmlReturn.FUNCTION_NOT_FOUND) {
                throw e;
            } else {
                state = nvml.deviceVgpuSchedulerState(d);
                log = nvml.deviceVgpuSchedulerLog(d, Long.MIN_VALUE);
            }
        }
        // NOT_SUPPORTED on a GPU in MIG mode, as the state and log: none to record, a replay answers NOT_SUPPORTED too
        SchedulerCapabilities caps = supported(() -> nvml.deviceVgpuSchedulerCapabilities(d))
                .orElse(new SchedulerCapabilities(List.of(), 0, 0, false, 0, 0, 0, 0));
        return Optional.of(new SimVgpuHost(hostMode.get(), caps, state, log,
                heterogeneous, types, vgpus, utilizationSamples(nvml, d), processSamples,
                byCode(supported(() -> nvml.deviceVgpuCapabilities(d)).orElse(Map.of()), DeviceVgpuCapability::code)));
    }

    /**
     * Capability answers as a scenario holds them, indexed by code up to the last that answered: a capability left
     * out below that is -1 (NOT_SUPPORTED), one beyond it is unknown to the replayed driver (INVALID_ARGUMENT).
     */
    private static <K> List<Long> byCode(Map<K, Long> answers, ToIntFunction<K> code) {
        int size = 0;
        for (K k : answers.keySet()) {
            size = Math.max(size, code.applyAsInt(k) + 1);
        }
        Long[] values = new Long[size];
        Arrays.fill(values, -1L);
        answers.forEach((k, v) -> values[code.applyAsInt(k)] = v);
        return List.of(values);
    }

    /** R550's call, which also reports JPEG and OFA; R535's without them (NaN) when the driver lacks it. */
    private static List<io.smi4j.nvml.VgpuUtilizationSample> utilizationSamples(Nvml nvml, long d) {
        try {
            return nvml.deviceVgpuInstancesUtilizationInfo(d, 0);
        } catch (NvmlException e) {
            if (!e.isNotSupported()) {
                throw e;
            }
        }
        return supported(() -> nvml.deviceVgpuUtilization(d, 0)).orElse(List.of());
    }

    private static SimVgpu vgpu(Nvml nvml, long v) {
        boolean accounting = supported(() -> nvml.vgpuInstanceAccountingMode(v)).orElse(false);
        List<SimVgpu.Accounting> acct = new ArrayList<>();
        if (accounting) {
            for (long pid : nvml.vgpuInstanceAccountingPids(v)) {
                acct.add(new SimVgpu.Accounting(pid, nvml.vgpuInstanceAccountingStats(v, pid)));
            }
        }
        return new SimVgpu(v, nvml.vgpuInstanceUuid(v), nvml.vgpuInstanceType(v), nvml.vgpuInstanceVmId(v),
                nvml.vgpuInstanceVmDriverVersion(v), nvml.vgpuInstanceFbUsage(v), nvml.vgpuInstanceLicenseInfo(v),
                nvml.vgpuInstanceFrameRateLimit(v), nvml.vgpuInstanceEccMode(v), nvml.vgpuInstanceEncoderCapacity(v),
                nvml.vgpuInstanceEncoderStats(v), nvml.vgpuInstanceGpuInstanceId(v), accounting, acct,
                // NVML tells the placement only in heterogeneous mode (R550+)
                supported(() -> nvml.vgpuInstancePlacementId(v)).orElse(Nvml.INVALID_PLACEMENT_ID),
                supported(() -> nvml.vgpuInstanceFbcStats(v)).orElse(new io.smi4j.nvml.EncoderStats(0, 0, 0)),
                supported(() -> nvml.vgpuInstanceRuntimeStateSize(v)));
    }

    /** The value, or empty when NVML answers NOT_SUPPORTED (any other failure is the recording's failure). */
    private static <T> Optional<T> supported(Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (NvmlException e) {
            if (e.isNotSupported()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** A maximum clock, -1 when not supported, {@link SimGpu#ANSWERS_UNKNOWN} when the driver answers UNKNOWN. */
    private static long maxClock(Nvml nvml, long device, ClockType type) {
        try {
            return orMinusOne(() -> nvml.deviceMaxClock(device, type));
        } catch (NvmlException e) {
            if (e.result() == io.smi4j.model.NvmlReturn.UNKNOWN) {
                return SimGpu.ANSWERS_UNKNOWN;
            }
            throw e;
        }
    }

    private static long orMinusOne(Supplier<? extends Number> call) {
        return supported(call).map(Number::longValue).orElse(-1L);
    }
}
