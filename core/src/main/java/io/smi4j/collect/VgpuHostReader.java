package io.smi4j.collect;

import static io.smi4j.nvml.DeviceVgpuCapability.*;
import static io.smi4j.nvml.NvmlFunction.*;

import io.smi4j.model.GpuInstanceVgpuType;
import io.smi4j.model.GpuInstanceVgpus;
import io.smi4j.model.HostVgpuMode;
import io.smi4j.model.MigBackedVgpu;
import io.smi4j.model.SchedulerCapabilities;
import io.smi4j.model.SchedulerState;
import io.smi4j.model.Toggle;
import io.smi4j.model.VgpuCapabilities;
import io.smi4j.model.VgpuDriverCapabilities;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import io.smi4j.model.VgpuTypeInfo;
import io.smi4j.nvml.DeviceVgpuCapability;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlUnits;
import io.smi4j.nvml.SchedulerLog;
import io.smi4j.nvml.VgpuDriverCapability;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the vGPU host side of a GPU: host mode and scheduler capabilities once per session, the
 * scheduler's state and new log entries (each reported once, by timestamp), heterogeneous mode, the
 * running vGPUs ({@link VgpuInstanceReader}), and the vGPU types with which can be created now, where and how many
 * more ({@link VgpuTypeReader}, which counts the running vGPUs of each type); in MIG mode each GPU instance's vGPU
 * side ({@link MigBackedVgpuReader}).
 */
final class VgpuHostReader {

    /** What a session knows of one vGPU host GPU. */
    static final class State {
        HostVgpuMode mode;
        Optional<SchedulerCapabilities> capabilities = Optional.empty();
        VgpuTypeReader.Supported types;
        long engineId = -1;
        final VgpuInstanceReader.Vgpus vgpus = new VgpuInstanceReader.Vgpus();
        final Listing<long[]> creatable = new Listing<>();
        final MigBackedVgpuReader.State migBacked = new MigBackedVgpuReader.State();
        /**
         * {@code nvmlDeviceGetVgpuCapabilities}' answer (the GPU's and the driver's facts), once answered per session
         * and MIG mode: {@link #capabilitiesMig} is the MIG mode it was read in.
         */
        Optional<VgpuCapabilities> vgpuCapabilities;
        Boolean capabilitiesMig;
        /** The last {@link #capacityOverInstances} answer and the types it was made from: kept while they hold. */
        List<VgpuTypeInfo> overInstancesIn;
        List<VgpuTypeInfo> overInstancesOut;
    }

    private final CallPolicy calls;
    private final VgpuTypeReader types;
    private final VgpuInstanceReader instances;
    private final MigBackedVgpuReader migBacked;
    /** Per GPU index, across sessions: a log entry is counted once even when NVML is initialised again. */
    private final Map<Integer, SchedulerLogHistory> logs = new HashMap<>();

    VgpuHostReader(CallPolicy calls, VgpuTypeReader types, VgpuInstanceReader instances) {
        this.calls = calls;
        this.types = types;
        this.instances = instances;
        this.migBacked = new MigBackedVgpuReader(calls);
    }

    VgpuHostInfo read(GpuState g) {
        State s = g.host == null ? (g.host = new State()) : g.host;
        CallTarget t = g.target;
        long h = g.handle;
        if (s.mode == null) {
            s.mode = calls.get(t, nvmlDeviceGetHostVgpuMode, Nvml::deviceHostVgpuMode, h, null);
        }
        if (s.capabilities.isEmpty()) {
            s.capabilities = Optional.ofNullable(calls.get(t, nvmlDeviceGetVgpuSchedulerCapabilities,
                    Nvml::deviceVgpuSchedulerCapabilities, h, null));
        }
        if (s.types == null) {
            s.types = types.supported(g);
        }
        // the v2 calls where the driver has them (nvml.h 13.2+), the v1 calls once they answered FUNCTION_NOT_FOUND
        Optional<SchedulerState> state = Optional.ofNullable(t.supports(nvmlDeviceGetVgpuSchedulerState_v2)
                ? calls.get(t, nvmlDeviceGetVgpuSchedulerState_v2, Nvml::deviceVgpuSchedulerStateV2, h, null)
                : null);
        if (state.isEmpty() && !t.supports(nvmlDeviceGetVgpuSchedulerState_v2)) {
            state = Optional.ofNullable(
                    calls.get(t, nvmlDeviceGetVgpuSchedulerState, Nvml::deviceVgpuSchedulerState, h, null));
        }
        SchedulerLogHistory log = logs.computeIfAbsent(g.index, i -> new SchedulerLogHistory());
        SchedulerLog newer = t.supports(nvmlDeviceGetVgpuSchedulerLog_v2)
                ? calls.get(t, nvmlDeviceGetVgpuSchedulerLog_v2, Nvml::deviceVgpuSchedulerLogV2, h, log.cursor(), null)
                : null;
        if (newer == null && !t.supports(nvmlDeviceGetVgpuSchedulerLog_v2)) {
            newer = calls.get(t, nvmlDeviceGetVgpuSchedulerLog, Nvml::deviceVgpuSchedulerLog, h, log.cursor(), null);
        }
        if (newer != null) {
            s.engineId = newer.engineId();
            log.add(newer.entries()); // the port already left out the entries at or before the cursor
        }
        long heterogeneous = calls.getLong(t, nvmlDeviceGetVgpuHeterogeneousMode, Nvml::deviceVgpuHeterogeneousMode,
                h, -1);
        Toggle mixed = heterogeneous < 0 ? Toggle.UNKNOWN : Toggle.of(heterogeneous == 1);
        List<VgpuInstance> vgpus = instances.read(g, s.vgpus);
        List<VgpuTypeInfo> typeList = s.types == null ? List.of() : types.withCreatable(g, s.types, s.creatable, vgpus, mixed);
        if (s.vgpuCapabilities == null || !java.util.Objects.equals(s.capabilitiesMig, g.migCurrent)) {
            Map<DeviceVgpuCapability, Long> caps = calls.get(t, nvmlDeviceGetVgpuCapabilities,
                    Nvml::deviceVgpuCapabilities, h, null);
            s.vgpuCapabilities = caps == null ? null : Optional.of(vgpuCapabilities(caps)); // failed: asked again
            s.capabilitiesMig = g.migCurrent;
        }
        // MIG-backed vGPU (R575+): in MIG mode each GPU instance has a scheduler and types of its own
        Optional<MigBackedVgpu> perInstance = Boolean.TRUE.equals(g.migCurrent)
                ? migBacked.read(g, s.migBacked, typeList, vgpus) : Optional.empty();
        if (perInstance.isPresent()) {
            typeList = capacityOverInstances(typeList, perInstance.get(), s);
        }
        return new VgpuHostInfo(s.mode == null ? HostVgpuMode.UNKNOWN : s.mode, s.capabilities, state,
                s.engineId, log.recent(), log.total(), mixed, typeList, vgpus,
                s.vgpuCapabilities == null ? Optional.empty() : s.vgpuCapabilities, log.runlistShares(), perInstance);
    }

    /**
     * On a GPU whose vGPUs live in MIG GPU instances, a type's creatable capacity on the GPU is the sum of what each
     * instance can still take of it ("maximum minus running" counts slots no instance offers); -1 when an instance
     * that offers the type does not know, 0 when no instance offers it.
     */
    static List<VgpuTypeInfo> capacityOverInstances(List<VgpuTypeInfo> types, MigBackedVgpu perInstance, State s) {
        List<VgpuTypeInfo> kept = types == s.overInstancesIn ? s.overInstancesOut : null;
        List<VgpuTypeInfo> out = new java.util.ArrayList<>(types.size());
        boolean same = kept != null;
        for (int i = 0; i < types.size(); i++) {
            VgpuTypeInfo t = types.get(i);
            long sum = 0;
            for (GpuInstanceVgpus gi : perInstance.gpuInstances()) {
                for (GpuInstanceVgpuType it : gi.types()) {
                    if (it.typeId() == t.typeId()) {
                        sum = sum < 0 || it.creatableCapacity() < 0 ? -1 : sum + it.creatableCapacity();
                    }
                }
            }
            VgpuTypeInfo made = sum == t.creatableCapacity() ? t
                    : kept != null && kept.get(i).creatableCapacity() == sum ? kept.get(i) // made from the same t
                    : new VgpuTypeInfo(t.typeId(), t.name(), t.typeClass(), t.framebufferBytes(), t.maxInstances(),
                            t.creatable(), t.gpuInstanceProfileId(), t.maxInstancesPerVm(), t.placementSize(),
                            t.supportedPlacementIds(), t.creatablePlacementIds(), t.running(), sum, t.bar1Bytes(),
                            t.fbReservationBytes(), t.gspHeapBytes());
            same = same && made == kept.get(i);
            out.add(made);
        }
        if (same) {
            return kept; // every record as last poll's: the same list, so consumers that compare identity skip it
        }
        s.overInstancesIn = types;
        s.overInstancesOut = List.copyOf(out);
        return s.overInstancesOut;
    }

    /** {@code nvmlDeviceGetVgpuCapabilities}' answers in the model's terms: a capability not answered is unknown. */
    static VgpuCapabilities vgpuCapabilities(Map<DeviceVgpuCapability, Long> c) {
        return new VgpuCapabilities(toggle(c, FRACTIONAL_MULTI_VGPU), toggle(c, HETEROGENEOUS_TIMESLICE_PROFILES),
                toggle(c, HETEROGENEOUS_TIMESLICE_SIZES),
                NvmlUnits.bytesPerSecondFromMegabytes(c.getOrDefault(READ_DEVICE_BUFFER_BW, -1L)),
                NvmlUnits.bytesPerSecondFromMegabytes(c.getOrDefault(WRITE_DEVICE_BUFFER_BW, -1L)),
                toggle(c, DEVICE_STREAMING), toggle(c, MINI_QUARTER_GPU), toggle(c, COMPUTE_MEDIA_ENGINE_GPU),
                toggle(c, WARM_UPDATE), toggle(c, HOMOGENEOUS_PLACEMENTS), toggle(c, MIG_TIMESLICING_SUPPORTED),
                toggle(c, MIG_TIMESLICING_ENABLED));
    }

    /** {@code nvmlGetVgpuDriverCapabilities}' answers in the model's terms. */
    static VgpuDriverCapabilities driverCapabilities(Map<VgpuDriverCapability, Long> c) {
        return new VgpuDriverCapabilities(toggle(c, VgpuDriverCapability.HETEROGENEOUS_MULTI_VGPU),
                toggle(c, VgpuDriverCapability.WARM_UPDATE));
    }

    private static <K> Toggle toggle(Map<K, Long> answers, K capability) {
        Long v = answers.get(capability);
        return v == null ? Toggle.UNKNOWN : Toggle.of(v != 0);
    }
}
